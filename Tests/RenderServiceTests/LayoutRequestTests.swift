import Canvas
import Foundation
import PosterRenderer
import Testing
@testable import RenderService

/// The layout fields of a poster request reach the renderer's design, and an order without them encodes
/// exactly as before (so queued payloads and idempotency keys do not change).
@Suite struct LayoutRequestTests {
    let parser = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), styles: ["minimal": []])

    func parse(_ json: String) throws -> PosterOrder { try parser.parse(Array(json.utf8)) }

    @Test func layoutFieldsBecomeTheDesign() throws {
        let order = try parse(#"""
        {"location": {"lat": 60.17, "lng": 24.94},
         "text": {"title": "Helsinki", "position": "top", "backdrop": "gradient", "title_font": "eb garamond",
                  "title_weight": "regular", "title_size": 1.5, "title_letter_spacing": 0.1, "all_caps": false},
         "format": {"aspect_ratio": "iso_a", "orientation": "landscape", "margin": 4, "border": "double", "mask": "circle"},
         "overlays": {"markers": [{"lat": 60.1699, "lng": 24.9384, "shape": "heart", "label": "Koti", "color": "#C0392B", "size": 6}]}}
        """#)
        let design = order.pipelineJob(tilesPath: "/dev/null").spec.design
        #expect(design.textPosition == .top && design.backdrop == .gradient && design.border == .double && design.mask == .circle)
        #expect(design.titleFamily == "EB Garamond" && design.titleWeight == .regular && design.titleScale == 1.5)
        #expect(design.titleLetterSpacing == 0.1 && !design.titleAllCaps && design.margin == 0.04)
        #expect(design.markers.count == 1)
        #expect(design.markers[0].shape == .heart && design.markers[0].label == "Koti" && design.markers[0].size == 0.06)
        #expect(design.markers[0].color == RGBAColor(hex: 0xC0392B))
        // ISO A in landscape: √2 : 1 on a 3600 px long side.
        #expect(order.width == 3600 && order.height == 2546)
    }

    @Test func theSeedsBooleanBorderIsAThinOne() throws {
        #expect(try parse(#"{"location": {"lat": 60, "lng": 24}, "format": {"border": true}}"#).layout?.border == "thin")
        #expect(try parse(#"{"location": {"lat": 60, "lng": 24}, "format": {"border": false, "mask": "none"}}"#).layout == nil)
    }

    @Test func anOrderWithoutLayoutEncodesAsBefore() throws {
        let order = try parse(#"{"location": {"lat": 60.17, "lng": 24.94}}"#)
        #expect(order.layout == nil)
        #expect(!order.canonicalJSON().contains("layout"))
        #expect(order.pipelineJob(tilesPath: "/dev/null").spec.design == .standard)
    }
}

