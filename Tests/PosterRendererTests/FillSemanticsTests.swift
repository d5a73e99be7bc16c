import Canvas
import Foundation
import Geo
import StyleKit
import Testing
@testable import PosterRenderer

/// Fills as MapLibre draws them: insides without antialiasing, translucent features blending where they
/// overlap, and the one-pixel outline of fill-antialias where the depth test leaves it.
@Suite struct FillSemanticsTests {
    static let white = #"{"id": "bg", "type": "background", "paint": {"background-color": "white"}}"#

    static func fill(_ paint: String, data: String) throws -> ImageSurface {
        try MapRender.render(layers: Self.white + #", {"id": "f", "type": "fill", "source": "g", "paint": \#(paint)}"#, data: data).image
    }

    static func near(_ pixel: [Int], _ expected: [Double], _ tolerance: Double = 1) -> Bool {
        zip(pixel, expected).allSatisfy { abs(Double($0) - $1) <= tolerance }
    }

    @Test func overlappingTranslucentFeaturesBlendTwiceAcrossTiles() throws {
        // Two rectangles in one layer, both cut at the edge between two z10 tiles (pixel column 768 of a
        // 1024-wide map), each tile carrying its pieces a little past the edge as tiles do.
        let right = TileID(z: 10, x: 513, y: 512)
        let a: [(Int32, Int32)] = [(3900, 1900), (4296, 1900), (4296, 2100), (3900, 2100)]
        let b: [(Int32, Int32)] = [(4000, 2000), (4196, 2000), (4196, 2200), (4000, 2200)]
        func shifted(_ ring: [(Int32, Int32)]) -> [(Int32, Int32)] { ring.map { ($0.0 - 4096, $0.1) } }
        let tiles = [MapRender.tile: TileBuilder.polygons(layer: "water", [a, b]), right: TileBuilder.polygons(layer: "water", [shifted(a), shifted(b)])]
        let (image, _) = try MapRender.render(layers: Self.white + #"""
            , {"id": "f", "type": "fill", "source": "t", "source-layer": "water", "paint": {"fill-color": "red", "fill-opacity": 0.5, "fill-antialias": false}}
            """#, tiles: tiles, width: 1024)
        for x in [767, 768] {
            // Rows 13.5 ... 26 hold A alone, 26 ... 38.5 both, 38.5 ... 51 B alone.
            #expect(Self.near(MapRender.bytes(image, x, 20), [255, 127.5, 127.5, 255]), "\(MapRender.bytes(image, x, 20))")
            #expect(Self.near(MapRender.bytes(image, x, 30), [255, 63.75, 63.75, 255]), "\(MapRender.bytes(image, x, 30))")
            #expect(Self.near(MapRender.bytes(image, x, 45), [255, 127.5, 127.5, 255]), "\(MapRender.bytes(image, x, 45))")
        }
    }

    @Test func aHoleSmallerThanTwoPixelsStaysOpenWhereItCoversAPixelCentre() throws {
        // An island of about 1.5 pixels (a real one, from MapLibre's sparse-tileset case) around pixel
        // (32, 32)'s centre: MapLibre's triangles leave that pixel out; cairo's non-antialiased filler (1.16)
        // filled it.
        let outer = [MapRender.position(8, 8), MapRender.position(56, 8), MapRender.position(56, 56), MapRender.position(8, 56),
                     MapRender.position(8, 8)].joined(separator: ", ")
        let island = [(32.92, 31.79), (31.42, 32.29), (31.92, 33.29), (33.17, 32.79), (32.92, 31.79)]
            .map { MapRender.position($0.0, $0.1) }.joined(separator: ", ")
        let data = #"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[\#(outer)], [\#(island)]]}}"#
        let image = try Self.fill(#"{"fill-color": "red", "fill-antialias": false}"#, data: data)
        #expect(MapRender.bytes(image, 32, 32) == [255, 255, 255, 255])
        for (x, y) in [(31, 32), (33, 32), (32, 31), (32, 33), (20, 20)] {
            #expect(MapRender.bytes(image, x, y) == [255, 0, 0, 255], "(\(x), \(y)): \(MapRender.bytes(image, x, y))")
        }
    }

    @Test func aPixelBelongsToAFillByItsCentreOnGeoJSONsTileGrid() throws {
        // A GeoJSON source lands on geojson-vt's grid, a sixteenth of a pixel at zoom 10: edges at 10.49 and
        // 20.56 across become 10.5 and 20.5625 (columns 10 ... 20 have their centres inside; a centre on the
        // left edge belongs), 10.49 and 20.44 down become 10.5 and 20.4375 (rows 10 ... 19).
        let image = try Self.fill(#"{"fill-color": "red", "fill-antialias": false}"#,
                                  data: MapRender.collection(MapRender.square(10.49, 10.49, 20.56, 20.44)))
        for (x, y) in [(10, 10), (20, 15), (15, 19)] {
            #expect(MapRender.bytes(image, x, y) == [255, 0, 0, 255], "(\(x), \(y)): \(MapRender.bytes(image, x, y))")
        }
        for (x, y) in [(9, 15), (21, 15), (15, 9), (15, 20)] {
            #expect(MapRender.bytes(image, x, y) == [255, 255, 255, 255], "(\(x), \(y)): \(MapRender.bytes(image, x, y))")
        }
    }

    @Test func anOutlineFadesWithItsDistanceFromTheEdge() throws {
        // The top edge on a pixel boundary (y = 20): the outline falls in row 19, whose centre is half a pixel
        // away (1 - smoothstep(0.5) = 0.5); row 20 is inside.
        let data = MapRender.collection(MapRender.square(16, 20, 48, 48))
        let translucent = try Self.fill(#"{"fill-color": "red", "fill-opacity": 0.5}"#, data: data)
        #expect(Self.near(MapRender.bytes(translucent, 32, 19), [255, 191.25, 191.25, 255]), "\(MapRender.bytes(translucent, 32, 19))")
        #expect(Self.near(MapRender.bytes(translucent, 32, 20), [255, 127.5, 127.5, 255]), "\(MapRender.bytes(translucent, 32, 20))")
        #expect(MapRender.bytes(translucent, 32, 18) == [255, 255, 255, 255])
        let aliased = try Self.fill(#"{"fill-color": "red", "fill-opacity": 0.5, "fill-antialias": false}"#, data: data)
        #expect(MapRender.bytes(aliased, 32, 19) == [255, 255, 255, 255])
    }

    @Test func anOpaqueFillsOutlineLiesUnderItsInsideAnOutlineColourOverIt() throws {
        // The edge a quarter pixel into row 20: the outline's pixel there is inside too, 0.25 from the edge.
        let data = MapRender.collection(MapRender.square(16, 20.25, 48, 48))
        let k = 1 - 0.25 * 0.25 * (3 - 2 * 0.25)
        let opaque = try Self.fill(#"{"fill-color": "red"}"#, data: data)
        #expect(MapRender.bytes(opaque, 32, 20) == [255, 0, 0, 255])
        #expect(MapRender.bytes(opaque, 32, 19) == [255, 255, 255, 255])
        // A translucent fill is not in the opaque pass: its outline blends over its inside.
        let translucent = try Self.fill(#"{"fill-color": "red", "fill-opacity": 0.5}"#, data: data)
        #expect(Self.near(MapRender.bytes(translucent, 32, 20), [255, 255 * 0.5 * (1 - 0.5 * k), 255 * 0.5 * (1 - 0.5 * k), 255]),
                "\(MapRender.bytes(translucent, 32, 20))")
        // An outline colour is drawn over the fill.
        let outlined = try Self.fill(#"{"fill-color": "red", "fill-outline-color": "blue"}"#, data: data)
        #expect(Self.near(MapRender.bytes(outlined, 32, 20), [255 * (1 - k), 0, 255 * k, 255]), "\(MapRender.bytes(outlined, 32, 20))")
    }

    @Test func aHeatmapBelowAnOpaqueFillIsDrawnOverItsInside() throws {
        // MapLibre draws opaque fills first and the heatmap later without depth testing.
        let layers = #"""
            {"id": "heat", "type": "heatmap", "source": "g", "paint": {"heatmap-radius": 10,
             "heatmap-color": ["interpolate", ["linear"], ["heatmap-density"], 0, "black", 1, "white"]}},
            {"id": "f", "type": "fill", "source": "g", "filter": ["==", ["geometry-type"], "Polygon"], "paint": {"fill-color": "red"FILL}}
            """#
        let data = MapRender.collection(#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": \#(MapRender.position(32, 32))}}"#,
                                        MapRender.square(8, 8, 56, 56))
        let (opaque, _) = try MapRender.render(layers: layers.replacingOccurrences(of: "FILL", with: ""), data: data)
        let grey = MapRender.bytes(opaque, 31, 31)
        #expect(grey[0] == grey[1] && grey[1] == grey[2] && grey[0] > 60, "\(grey)")
        // A translucent fill is drawn in order, over the heatmap.
        let (translucent, _) = try MapRender.render(layers: layers.replacingOccurrences(of: "FILL", with: #", "fill-opacity": 0.5"#), data: data)
        #expect(MapRender.bytes(translucent, 31, 31)[0] > grey[0] + 60)
    }
}
