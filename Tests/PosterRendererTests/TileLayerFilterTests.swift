import Foundation
import Geo
import StyleKit
import Testing
import VectorTile
@testable import PosterRenderer

/// A filter compiled against a tile layer's dictionaries decides every feature as the filter itself does.
@Suite struct TileLayerFilterTests {
    /// Roads of every kind the filters below test: strings, integers, doubles, booleans, JSON lists, missing
    /// keys, and all three geometry types.
    static func layer() throws -> VectorTileLayer {
        let classes = ["primary", "secondary", "minor", "path", "3"]
        var features: [VectorTileWriter.Feature] = []
        for i in 0..<60 {
            var properties: [(key: String, value: PropertyValue)] = []
            if i % 7 != 0 { properties.append(("class", .string(classes[i % classes.count]))) }
            if i % 3 == 0 { properties.append(("rank", .int(Int64(i % 6)))) }
            if i % 4 == 1 { properties.append(("rank", .double(Double(i % 5) + 0.5))) }
            if i % 5 == 2 { properties.append(("oneway", .bool(i % 2 == 0))) }
            if i % 6 == 3 { properties.append(("name", .string("Street \(i % 4)"))) }
            if i % 9 == 4 { properties.append(("lanes", .json("[\(i % 3), 2]"))) }
            let type: VectorTileWriter.GeometryType = [.point, .lineString, .polygon][i % 3]
            let parts: [[(x: Int64, y: Int64)]] = switch type {
            case .point: [[(x: 10, y: 10)]]
            case .lineString: [[(x: 0, y: 0), (x: 100, y: 50)]]
            case .polygon: [[(x: 0, y: 0), (x: 100, y: 0), (x: 100, y: 100), (x: 0, y: 100)]]
            }
            features.append(VectorTileWriter.Feature(id: UInt64(i), type: type, parts: parts, properties: properties))
        }
        let tile = try VectorTile(bytes: VectorTileWriter.encode(layer: "roads", features: features))
        return try #require(tile.layer(named: "roads"))
    }

    static let filters: [String] = [
        #"["==", "class", "primary"]"#, #"["!=", "class", "primary"]"#, #"["in", "class", "primary", "secondary"]"#,
        #"["!in", "class", "minor", "path"]"#, #"["has", "name"]"#, #"["!has", "name"]"#, #"[">", "rank", 2]"#,
        #"["<=", "rank", 2.5]"#, #"[">=", "class", "p"]"#, #"["==", "class", 3]"#, #"["==", "oneway", true]"#,
        #"["==", "$type", "LineString"]"#, #"["in", "$type", "Point", "Polygon"]"#, #"["==", "missing", 1]"#,
        #"["!=", "missing", 1]"#, #"["has", "missing"]"#, #"["==", "$id", 12]"#,
        #"["all", ["==", "$type", "LineString"], ["in", "class", "primary", "minor"], ["!has", "name"]]"#,
        #"["any", ["==", "oneway", false], ["<", "rank", 1], ["==", "$type", "Point"]]"#,
        #"["none", ["==", "class", "path"], ["has", "lanes"]]"#,
        #"["==", ["get", "class"], "secondary"]"#, #"["match", ["get", "class"], ["primary", "path"], true, false]"#,
        #"["all", ["==", ["geometry-type"], "Polygon"], [">", ["to-number", ["get", "rank"], 0], 1]]"#,
        #"["==", ["length", ["get", "lanes"]], 2]"#,
    ]

    static func filter(_ json: String) throws -> StyleFilter {
        let style = try Style.parse(Array(#"""
            {"version": 8, "sources": {"s": {"type": "vector", "tiles": ["x/{z}/{x}/{y}"]}},
             "layers": [{"id": "l", "type": "line", "source": "s", "source-layer": "roads", "filter": \#(json)}]}
            """#.utf8), fileName: "filter.json")
        return try #require(style.layers[0].filter)
    }

    @Test(arguments: filters) func decidesEveryFeatureAsTheFilterDoes(_ json: String) throws {
        let layer = try Self.layer()
        let filter = try Self.filter(json)
        var compiled = TileLayerFilter(filter, layer: layer, zoom: 14)
        var passed = 0
        // Twice over: the second pass answers from the verdicts the first decided.
        for pass in 0..<2 {
            for (index, decoded) in layer.decodedFeatures.enumerated() {
                let feature = try decoded.get()
                let context = TileFeatureContext(feature: feature, tile: TileID(z: 14, x: 0, y: 0), extent: 4096)
                let expected = filter.matches(context, zoom: 14)
                #expect(compiled.matches(feature, context: { context }) == expected, "\(json), feature \(index), pass \(pass)")
                if expected && pass == 0 { passed += 1 }
            }
        }
        // Every filter here keeps some features and drops others, except those about a missing key and the
        // number 3, which no string "3" equals (filters do not convert types).
        if !json.contains("missing") && !json.contains(", 3]") { #expect(passed > 0 && passed < 60, "\(json) kept \(passed) of 60") }
        if json == #"["==", "class", 3]"# { #expect(passed == 0) }
    }

    @Test func aPropertyTestReadsOnlyTheFeaturesThatHaveTheValue() throws {
        let layer = try Self.layer()
        var compiled = TileLayerFilter(try Self.filter(#"["in", "class", "primary", "secondary"]"#), layer: layer, zoom: 14)
        let kept = try layer.decodedFeatures.map { try $0.get() }.filter { feature in
            compiled.matches(feature, context: { Issue.record("a property test asked for the whole context"); return TileFeatureContext(feature: feature) })
        }
        #expect(kept.compactMap(\.id) == (0..<60).filter { $0 % 7 != 0 && $0 % 5 < 2 }.map(UInt64.init))
    }
}
