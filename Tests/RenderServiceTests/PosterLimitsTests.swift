import Foundation
import PosterPipeline
import Testing
@testable import RenderService

/// One table of limits: the OpenAPI document states exactly the ranges the parser checks, and a
/// configured size limit reaches both.
@Suite struct PosterLimitsTests {
    func schema(_ limits: PosterLimits) throws -> [String: Any] {
        let document = OpenAPIDocument.json(limits: limits, styleIDs: ["minimal"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let components = try #require(root["components"] as? [String: Any])
        return try #require(components["schemas"] as? [String: Any])
    }

    func property(_ schemas: [String: Any], _ path: [String]) throws -> [String: Any] {
        var node = try #require(schemas["PosterRequest"] as? [String: Any])
        for key in path {
            let properties = try #require(node["properties"] as? [String: Any], "no properties at \(key)")
            node = try #require(properties[key] as? [String: Any], "no \(key)")
        }
        return node
    }

    @Test func theDocumentStatesTheTablesRanges() throws {
        let schemas = try schema(.standard)
        func range(_ path: [String]) throws -> ClosedRange<Double> {
            let node = try property(schemas, path)
            let low = try #require((node["minimum"] as? NSNumber)?.doubleValue), high = try #require((node["maximum"] as? NSNumber)?.doubleValue)
            return low...high
        }
        #expect(try range(["camera", "zoom"]) == PosterLimits.zoom)
        #expect(try range(["camera", "bearing"]) == PosterLimits.bearing)
        #expect(try range(["output", "pixel_ratio"]) == PosterLimits.pixelRatio)
        #expect(try range(["output", "dpi"]) == PosterLimits.dpi)
        #expect(try range(["format", "margin"]) == PosterLimits.marginPercent)
        #expect(try range(["text", "title_size"]) == PosterLimits.titleScale)
        #expect(try range(["output", "width"]) == Double(PosterLimits.minSide)...Double(PosterLimits.standard.maxSide))
        let latitude = try #require(schemas["Latitude"] as? [String: Any])
        // Any latitude is taken; beyond Web Mercator's it is clamped (with a warning).
        #expect((latitude["maximum"] as? NSNumber)?.doubleValue == PosterLimits.acceptedLatitude.upperBound)
        #expect((try property(schemas, ["text", "title"])["maxLength"] as? Int) == PosterLimits.titleLength)
    }

    @Test func aConfiguredSideLimitReachesTheDocumentAndTheParser() throws {
        var configuration = ServiceConfiguration()
        configuration.maxSide = 5000
        let schemas = try schema(configuration.posterLimits)
        #expect((try property(schemas, ["output", "width"])["maximum"] as? Int) == 5000)
        let parser = PosterRequestParser(limits: RequestLimits(configuration), styles: ["minimal": []], toggles: [:])
        let error = #expect(throws: APIError.self) {
            try parser.parse(Array(#"{"location": {"lat": 60, "lng": 24}, "output": {"width": 5001, "height": 5000}}"#.utf8))
        }
        #expect(error?.details.first?.field == "output.width")
        #expect(error?.details.first?.reason == "is 5001; it must be from 64 to 5000")
    }
}
