import Foundation
import Testing
@testable import StyleKit

/// Syntax public styles use that MapLibre accepts: a zoom curve over `*-translate` (array<number, 2>, which
/// interpolates) and `zoom` anywhere in a filter (carto-art's `[">=", ["zoom"], 9]`).
@Suite struct RealStyleSyntaxTests {
    static func style(_ layer: String) throws -> Style {
        let json = #"{"version": 8, "sources": {"s": {"type": "vector", "tiles": ["http://127.0.0.1/{z}/{x}/{y}.pbf"]}}, "layers": [\#(layer)]}"#
        return try Style.parse(Array(json.utf8), fileName: "real.json")
    }

    @Test func translateInterpolatesOverZoomComponentByComponent() throws {
        let style = try Self.style(#"{"id": "parks", "type": "fill", "source": "s", "source-layer": "park", "paint": {"fill-translate": ["interpolate", ["linear"], ["zoom"], 10, ["literal", [0, 0]], 14, ["literal", [-2, -4]]], "fill-color": "red"}}"#)
        let translate = try #require(style.layers.first?.fill?.translate)
        #expect(translate.evaluate(zoom: 12).values == [-1, -2])
        #expect(translate.evaluate(zoom: 20).values == [-2, -4])
        let line = try Self.style(#"{"id": "l", "type": "line", "source": "s", "source-layer": "road", "paint": {"line-translate": {"stops": [[10, [0, 0]], [14, [4, 4]]]}}}"#)
        #expect(line.layers.first?.line?.translate.evaluate(zoom: 13).values == [3, 3])
        // A translation is two numbers: three are refused, naming the property.
        #expect(throws: (any Error).self) {
            try Self.style(#"{"id": "bad", "type": "fill", "source": "s", "source-layer": "park", "paint": {"fill-translate": [1, 2, 3]}}"#)
        }
    }

    @Test func zoomMayStandAnywhereInAFilter() throws {
        let style = try Self.style(#"{"id": "roads", "type": "line", "source": "s", "source-layer": "road", "filter": ["all", [">=", ["zoom"], 9], ["==", ["get", "class"], "primary"]]}"#)
        let filter = try #require(style.layers.first?.filter)
        let primary = TestFeature(values: ["class": .string("primary")])
        #expect(filter.matches(primary, zoom: 10))
        #expect(!filter.matches(primary, zoom: 8))
        #expect(!filter.matches(TestFeature(values: ["class": .string("track")]), zoom: 10))
        // In a property the rule stays: zoom only as a top-level curve's input.
        #expect(throws: (any Error).self) {
            try Self.style(#"{"id": "w", "type": "line", "source": "s", "source-layer": "road", "paint": {"line-width": ["+", ["zoom"], 1]}}"#)
        }
    }

    @Test func aPaintPropertysTransitionIsAcceptedAndAStaticFrameIgnoresIt() throws {
        let style = try Self.style(#"{"id": "water", "type": "fill", "source": "s", "source-layer": "water", "paint": {"fill-color": "blue", "fill-color-transition": {"duration": 300, "delay": 0}}}"#)
        #expect(style.layers.first?.fill != nil)
        // Only for a property the layer has, and only as an object.
        #expect(throws: (any Error).self) {
            try Self.style(#"{"id": "w", "type": "fill", "source": "s", "source-layer": "water", "paint": {"line-color-transition": {"duration": 300}}}"#)
        }
        #expect(throws: (any Error).self) {
            try Self.style(#"{"id": "w", "type": "fill", "source": "s", "source-layer": "water", "paint": {"fill-color-transition": 300}}"#)
        }
    }
}
