import Foundation
import Testing
@testable import StyleKit

/// Heatmap and fill-extrusion paint, and the style's light, read with the spec's defaults.
@Suite struct HeatmapAndExtrusionPaintTests {
    static func style(_ json: String) throws -> Style {
        try Style.parse(Array(json.utf8), fileName: "test.json")
    }

    @Test func heatmapPaintHasTheSpecsDefaultRamp() throws {
        let style = try Self.style(#"{"version": 8, "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}}, "layers": [{"id": "h", "type": "heatmap", "source": "s"}]}"#)
        let paint = try #require(style.layers.first?.heatmap)
        #expect(paint.radius.evaluate(zoom: 0) == 30 && paint.weight.evaluate(zoom: 0) == 1 && paint.intensity.evaluate(zoom: 0) == 1)
        #expect(paint.opacity.evaluate(zoom: 0) == 1)
        #expect(paint.color.evaluate(zoom: 0, heatmapDensity: 0).a == 0)
        #expect(paint.color.evaluate(zoom: 0, heatmapDensity: 1) == StyleColor(r: 1, g: 0, b: 0))
        #expect(paint.color.evaluate(zoom: 0, heatmapDensity: 0.5) == StyleColor(r: 0, g: 1, b: 0))
    }

    @Test func heatmapPaintReadsEveryPropertyAndRejectsUnknownOnes() throws {
        let style = try Self.style(#"""
            {"version": 8, "sources": {"s": {"type": "vector"}}, "layers": [{"id": "h", "type": "heatmap", "source": "s", "source-layer": "p",
             "paint": {"heatmap-radius": 12, "heatmap-weight": ["get", "w"], "heatmap-intensity": ["interpolate", ["linear"], ["zoom"], 0, 1, 10, 3],
                       "heatmap-color": ["step", ["heatmap-density"], "blue", 0.5, "red"], "heatmap-opacity": 0.25}}]}
            """#)
        let paint = try #require(style.layers.first?.heatmap)
        #expect(paint.radius.evaluate(zoom: 0) == 12 && !paint.weight.isZoomOnly && paint.intensity.evaluate(zoom: 5) == 2)
        #expect(paint.color.evaluate(zoom: 0, heatmapDensity: 0.7) == StyleColor(r: 1, g: 0, b: 0) && paint.opacity.evaluate(zoom: 0) == 0.25)
        let (_, errors) = Style.parseCollectingErrors(Array(#"""
            {"version": 8, "sources": {"s": {"type": "vector"}}, "layers": [{"id": "h", "type": "heatmap", "source": "s", "paint": {"heatmap-blur": 1}}]}
            """#.utf8), fileName: "test.json")
        #expect(errors.map(\.path) == ["layers[0].paint.heatmap-blur"], "\(errors)")
    }

    @Test func fillExtrusionPaintReadsEveryProperty() throws {
        let style = try Self.style(#"""
            {"version": 8, "sources": {"s": {"type": "vector"}}, "layers": [{"id": "b", "type": "fill-extrusion", "source": "s", "source-layer": "building",
             "paint": {"fill-extrusion-opacity": 0.6, "fill-extrusion-color": "rgb(18, 52, 86)", "fill-extrusion-translate": [1, 2],
                       "fill-extrusion-translate-anchor": "viewport", "fill-extrusion-pattern": "brick", "fill-extrusion-height": ["get", "h"],
                       "fill-extrusion-base": 3, "fill-extrusion-vertical-gradient": false}}]}
            """#)
        let paint = try #require(style.layers.first?.fillExtrusion)
        #expect(paint.opacity.evaluate(zoom: 0) == 0.6 && paint.translate.evaluate(zoom: 0).values == [1, 2])
        #expect(paint.translateAnchor.evaluate(zoom: 0) == "viewport" && paint.pattern?.evaluate(zoom: 0) == "brick")
        #expect(!paint.height.isZoomOnly && paint.base.evaluate(zoom: 0) == 3 && paint.verticalGradient.evaluate(zoom: 0) == false)
        // Left out, the defaults: opacity 1, black, height and base 0, a vertical gradient.
        let plain = try #require(try Self.style(#"{"version": 8, "sources": {"s": {"type": "vector"}}, "layers": [{"id": "b", "type": "fill-extrusion", "source": "s"}]}"#).layers.first?.fillExtrusion)
        #expect(plain.opacity.evaluate(zoom: 0) == 1 && plain.color.evaluate(zoom: 0) == .black && plain.height.evaluate(zoom: 0) == 0)
        #expect(plain.pattern == nil && plain.verticalGradient.evaluate(zoom: 0))
    }

    @Test func theLightHasTheSpecsDefaultsAndItsPositionAsAVector() throws {
        let plain = try Self.style(#"{"version": 8, "sources": {}, "layers": []}"#)
        #expect(plain.light.anchor.evaluate(zoom: 0) == "viewport" && plain.light.intensity.evaluate(zoom: 0) == 0.5)
        #expect(plain.light.color.evaluate(zoom: 0) == StyleColor(r: 1, g: 1, b: 1))
        // [1.15, 210°, 30°]: azimuth from north, turned 90° onto the x axis; polar angle from straight up.
        let d = plain.light.direction(zoom: 0)
        #expect(abs(d.x - 0.2875) < 1e-9 && abs(d.y - -0.497964) < 1e-6 && abs(d.z - 0.995929) < 1e-6, "\(d)")
        let lit = try Self.style(#"{"version": 8, "sources": {}, "layers": [], "light": {"anchor": "map", "color": "red", "intensity": 0.9, "position": [2, 90, 0]}}"#)
        #expect(lit.light.anchor.evaluate(zoom: 0) == "map" && lit.light.intensity.evaluate(zoom: 0) == 0.9)
        #expect(lit.light.color.evaluate(zoom: 0) == StyleColor(r: 1, g: 0, b: 0))
        let up = lit.light.direction(zoom: 0)
        #expect(abs(up.x) < 1e-12 && abs(up.y) < 1e-12 && abs(up.z - 2) < 1e-12, "\(up)")
    }
}
