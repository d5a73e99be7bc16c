import Canvas
import Foundation
import Geo
import StyleKit
import Testing
import VectorTile
@testable import PosterRenderer

/// Nothing is skipped in silence: layer types the renderer does not draw yet (color-relief), icons without an
/// image, and the walls of fill-extrusions in a PDF (drawn from straight above) are named in the poster's
/// warnings, layer by layer.
@Suite struct SkippedLayerTests {
    @Test func undrawnLayerTypesAndIconsAreNamed() throws {
        let style = try Style.parse(Array(#"""
        {"version": 8, "sources": {"t": {"type": "vector"}}, "layers": [
          {"id": "bg", "type": "background", "paint": {"background-color": "white"}},
          {"id": "density", "type": "heatmap", "source": "t", "source-layer": "poi"},
          {"id": "relief", "type": "color-relief", "source": "t"},
          {"id": "buildings-3d", "type": "fill-extrusion", "source": "t", "source-layer": "poi", "paint": {"fill-extrusion-height": 10}},
          {"id": "poi-icons", "type": "symbol", "source": "t", "source-layer": "poi", "layout": {"icon-image": "dot"}},
          {"id": "dots", "type": "circle", "source": "t", "source-layer": "poi"}
        ]}
        """#.utf8), fileName: "skipped.json")
        let tile = TileID(z: 14, x: 9326, y: 4741)
        let centre = WebMercator.unproject(WorldPoint(x: 9326.5 / 16384, y: 4741.5 / 16384))
        let spec = PosterSpec(center: centre, zoom: 14, width: 300, height: 300, pixelRatio: 1, title: "", subtitle: "", showCoordinates: false)
        let renderer = PosterRenderer(style: style, fonts: RendererTests.fonts)
        let inputs = MapInputs(tiles: [tile: try VectorTile(bytes: CircleLayerTests.square)])
        let poster = try renderer.render(spec, inputs: inputs, format: .png)
        #expect(poster.warnings.contains("layer \"relief\" is a color-relief layer, which this renderer does not draw yet: skipped"))
        // On pixels extrusions are drawn whole; a PDF gets their tops alone, and says so.
        #expect(!poster.warnings.contains { $0.contains("buildings-3d") }, "\(poster.warnings)")
        let pdf = try renderer.render(spec, inputs: inputs, format: .pdf)
        #expect(pdf.warnings.contains("layer \"buildings-3d\": in a PDF, extrusions are drawn as seen from straight above (their lit tops); "
            + "the walls MapLibre's perspective shows away from the centre are not drawn"), "\(pdf.warnings)")
        // Icons are drawn from the style's sprite; without one, the images asked for are named.
        #expect(poster.warnings.contains("layer \"poi-icons\": the style has no sprite, so its icons (\"dot\") are not drawn"), "\(poster.warnings)")
        // What is drawn is not named.
        #expect(!poster.warnings.contains { $0.contains("\"dots\"") || $0.contains("\"bg\"") || $0.contains("\"density\"") }, "\(poster.warnings)")
    }
}

/// Symbol properties not drawn yet are named with what is drawn instead.
@Suite struct UndrawnPropertyTests {
    @Test func variableAnchorsVerticalTextAndTurnedTextAreNamed() throws {
        let style = try Style.parse(Array(#"""
        {"version": 8, "sources": {"t": {"type": "vector"}}, "layers": [
          {"id": "names", "type": "symbol", "source": "t", "source-layer": "poi",
           "layout": {"text-field": "x", "text-variable-anchor": ["top", "bottom"], "text-writing-mode": ["vertical"], "text-rotate": 30,
                      "text-rotation-alignment": "map"}},
          {"id": "plain", "type": "symbol", "source": "t", "source-layer": "poi", "layout": {"text-field": "x", "text-rotate": 0}}
        ]}
        """#.utf8), fileName: "undrawn.json")
        #expect(UndrawnProperties.warnings(for: style.layers[0], bearing: 0) == [
            "layer \"names\": text-variable-anchor is not drawn yet: the text stays at its text-anchor",
            "layer \"names\": text-writing-mode is not drawn yet: the text is set horizontally",
            "layer \"names\": text-rotate is not drawn yet: the text is set unturned",
        ])
        // Map-aligned point labels differ only on a turned map.
        #expect(UndrawnProperties.warnings(for: style.layers[0], bearing: 30).last
                == "layer \"names\": text-rotation-alignment is not drawn yet: point labels stay upright on the page")
        #expect(UndrawnProperties.warnings(for: style.layers[1], bearing: 30).isEmpty)
    }
}
