import Canvas
import Foundation
import Geo
import StyleKit
import Testing
import VectorTile
@testable import PosterRenderer

/// Circle layers: a disc at every vertex of a feature, and nothing a hostile expression can break.
@Suite struct CircleLayerTests {
    /// One z14 tile with a square of 2048 units whose corners are the circles' centres.
    static let square = TileBuilder.polygons(layer: "poi", [[(1024, 1024), (3072, 1024), (3072, 3072), (1024, 3072)]])

    static func render(paint: String) throws -> (ImageSurface, Camera, PixelRect) {
        let style = try Style.parse(Array(#"""
        {"version": 8, "sources": {"t": {"type": "vector"}}, "layers": [
          {"id": "bg", "type": "background", "paint": {"background-color": "white"}},
          {"id": "dots", "type": "circle", "source": "t", "source-layer": "poi", "paint": \#(paint)}
        ]}
        """#.utf8), fileName: "circles.json")
        let tile = TileID(z: 14, x: 9326, y: 4741)
        let centre = WebMercator.unproject(WorldPoint(x: (9326.5) / 16384, y: (4741.5) / 16384))
        let spec = PosterSpec(center: centre, zoom: 14, width: 600, height: 600, pixelRatio: 1, title: "", subtitle: "", showCoordinates: false)
        let renderer = PosterRenderer(style: style, fonts: RendererTests.fonts)
        let poster = try renderer.render(spec, inputs: MapInputs(tiles: [tile: try VectorTile(bytes: square)]), format: .png)
        let layout = try renderer.layout(for: spec)
        return (try PNGDecoder.decode(poster.bytes), layout.camera, layout.mapRect)
    }

    @Test func aDiscAndItsRingAtEveryVertex() throws {
        let (image, camera, frame) = try Self.render(paint: ##"{"circle-radius": 8, "circle-color": "#ff0000", "circle-stroke-width": 4, "circle-stroke-color": "#0000ff"}"##)
        // The square's corner at (1024, 1024) of the tile, on the poster.
        let corner = camera.pixel(of: WorldPoint(x: (9326 + 0.25) / 16384, y: (4741 + 0.25) / 16384))
        let x = Int(frame.minX + corner.x), y = Int(frame.minY + corner.y)
        let centre = image.pixel(x: x, y: y), ring = image.pixel(x: x + 10, y: y), outside = image.pixel(x: x + 14, y: y)
        #expect(centre.red > 0.95 && centre.green < 0.05 && centre.blue < 0.05, "\(centre)")
        #expect(ring.blue > 0.95 && ring.red < 0.05, "\(ring)")
        #expect(outside.red > 0.95 && outside.green > 0.95 && outside.blue > 0.95, "\(outside)")
        // The square's middle has no vertex: paper.
        let middle = image.pixel(x: Int((frame.minX + frame.maxX) / 2), y: Int((frame.minY + frame.maxY) / 2))
        #expect(middle.green > 0.95, "\(middle)")
    }

    @Test func infiniteAndNaNSizesDrawNothingBroken() throws {
        // 1/0 is infinite, 0/0 NaN: the poster still renders, the paper still white away from the corners.
        for paint in [#"{"circle-radius": ["/", 1, 0]}"#, #"{"circle-radius": ["/", 0, 0], "circle-stroke-width": ["/", 0, 0]}"#,
                      #"{"circle-radius": 4, "circle-blur": ["/", 1, 0]}"#] {
            let (image, _, _) = try Self.render(paint: paint)
            #expect(image.width == 600 && image.height == 600)
        }
    }
}
