import Canvas
import Foundation
import Geo
import StyleKit
import Testing
import VectorTile
@testable import PosterRenderer

/// Heatmap layers: Gaussian kernels summed on a quarter-resolution grid, coloured through heatmap-color.
@Suite struct HeatmapLayerTests {
    /// heatmap-color as a plain grey ramp, opaque everywhere: a pixel's grey level is the density there.
    static let grey = #""heatmap-color": ["interpolate", ["linear"], ["heatmap-density"], 0, "black", 1, "white"]"#

    static func centre(weight: String = "1", intensity: Double = 1, radius: Double = 10, extra: String = "") throws -> (image: ImageSurface, warnings: [String]) {
        try MapRender.render(layers: """
            {"id": "heat", "type": "heatmap", "source": "g", "paint": {"heatmap-radius": \(radius), "heatmap-weight": \(weight),
             "heatmap-intensity": \(intensity), \(grey)\(extra)}}
            """, data: """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"w": 2}, "geometry": {"type": "Point", "coordinates": \(MapRender.position(32, 32))}}]}
            """)
    }

    /// The density a kernel of radius `r` puts on the four grid cells around a point on a cell corner, each
    /// 2 px away on both axes: weight × intensity × 1/√(2π) × exp(-4.5 d²/r²).
    static func cornerDensity(strength: Double, radius: Double) -> Double {
        strength * 0.3989422804014327 * exp(-4.5 * 8 / (radius * radius))
    }

    @Test func thePointsDensityAtItsCentreGivesTheRampsColour() throws {
        let (image, warnings) = try Self.centre()
        #expect(warnings.isEmpty, "\(warnings)")
        // The point lies on the corner of four cells (the grid is 16 × 16, 4 px a cell): pixel (31, 31) samples
        // them evenly, each at 0.2783.
        let density = Self.cornerDensity(strength: 1, radius: 10)
        #expect(abs(density - 0.278333) < 1e-6)
        let pixel = MapRender.bytes(image, 31, 31)
        #expect(pixel[3] == 255)
        for channel in pixel[0..<3] { #expect(abs(Double(channel) - density * 255) <= 1.5, "\(pixel) for a density of \(density)") }
        // Far from the point the ramp's 0 (black) colours the frame, as MapLibre's full-screen pass does.
        #expect(MapRender.bytes(image, 0, 0) == [0, 0, 0, 255])
    }

    @Test func weightFromAPropertyAndIntensityScaleTheDensity() throws {
        let density = Self.cornerDensity(strength: 2, radius: 10)
        for (weight, intensity) in [(#"["get", "w"]"#, 1.0), ("4", 0.5)] {
            let (image, _) = try Self.centre(weight: weight, intensity: intensity)
            let pixel = MapRender.bytes(image, 31, 31)
            #expect(abs(Double(pixel[0]) - density * 255) <= 1.5, "\(pixel) for a density of \(density)")
        }
    }

    @Test func opacityScalesTheColouredResult() throws {
        let (image, _) = try Self.centre(extra: #", "heatmap-opacity": 0.5"#)
        let density = Self.cornerDensity(strength: 1, radius: 10)
        let pixel = MapRender.bytes(image, 31, 31)
        #expect(abs(pixel[3] - 128) <= 1 && abs(Double(pixel[0]) - density * 255 / 2) <= 1.5, "\(pixel)")
    }

    @Test func theKernelIsCutWhereItFallsBelowMapLibresZero() {
        // exp(-4.5 s²) · 1/√(2π) = 1/255/16 at s = 1.2819 radii for a weight of 1.
        #expect(abs((PreparedHeatmap.reach(strength: 1) ?? 0) - 1.28191) < 1e-4)
        // A point too light to ever reach MapLibre's zero draws nothing, as do zero, negative and NaN weights.
        for strength in [0.0005, 0, -1, .nan, .infinity] { #expect(PreparedHeatmap.reach(strength: strength) == nil, "\(strength)") }
    }

    @Test func aTransparentRampLeavesTheRestOfTheMapAlone() throws {
        let (image, _) = try MapRender.render(layers: #"""
            {"id": "bg", "type": "background", "paint": {"background-color": "lime"}},
            {"id": "heat", "type": "heatmap", "source": "g", "paint": {"heatmap-radius": 5}}
            """#, data: #"{"type": "Point", "coordinates": \#(MapRender.position(32, 32))}"#)
        #expect(MapRender.bytes(image, 2, 2) == [0, 255, 0, 255])
        #expect(MapRender.bytes(image, 31, 31) != [0, 255, 0, 255])
    }

    @Test func aPointInATilesBufferIsDrawnOnceByItsOwnTile() throws {
        // The same point in two neighbouring z10 tiles: inside the right one, in the left one's buffer.
        let right = TileID(z: 10, x: 513, y: 512)
        let tiles: [TileID: [UInt8]] = [MapRender.tile: TileBuilder.points(layer: "poi", [(4096 + 16, 2048)]),
                                        right: TileBuilder.points(layer: "poi", [(16, 2048)])]
        let layer = #"{"id": "heat", "type": "heatmap", "source": "t", "source-layer": "poi", "paint": {"heatmap-radius": 10, \#(Self.grey)}}"#
        let (twice, _) = try MapRender.render(layers: layer, tiles: tiles, width: 1024)
        let (once, _) = try MapRender.render(layers: layer, tiles: [right: TileBuilder.points(layer: "poi", [(16, 2048)])], width: 1024)
        // The point is at pixel (770, 32) of the 1024-wide map.
        for x in [760, 769, 775] { #expect(MapRender.bytes(twice, x, 31) == MapRender.bytes(once, x, 31)) }
        #expect(MapRender.bytes(once, 769, 31)[0] > 60)
    }

    @Test func hostileValuesDrawNothingBroken() throws {
        for paint in [#""heatmap-radius": ["/", 1, 0]"#, #""heatmap-radius": ["/", 0, 0]"#, #""heatmap-weight": 1e300, "heatmap-intensity": 1e300"#,
                      #""heatmap-weight": ["/", 0, 0]"#, #""heatmap-radius": 1e9"#, #""heatmap-opacity": ["/", 0, 0]"#] {
            let (image, _) = try MapRender.render(layers: #"{"id": "heat", "type": "heatmap", "source": "g", "paint": {\#(paint)}}"#,
                                                  data: #"{"type": "Point", "coordinates": \#(MapRender.position(32, 32))}"#)
            #expect(image.width == 64)
        }
    }

    @Test func aTurnedMapKeepsTheDensityOnTheScreen() throws {
        // A round kernel looks the same turned: the centre's colour does not move.
        let data = #"{"type": "Point", "coordinates": \#(MapRender.position(32, 32))}"#
        let layer = #"{"id": "heat", "type": "heatmap", "source": "g", "paint": {"heatmap-radius": 10, \#(Self.grey)}}"#
        let (straight, _) = try MapRender.render(layers: layer, data: data)
        let (turned, _) = try MapRender.render(layers: layer, data: data, bearing: 90)
        #expect(MapRender.bytes(straight, 31, 31) == MapRender.bytes(turned, 31, 31))
    }

    @Test func bandsDrawTheSameHeatmapAsOneBand() throws {
        // The density grid is anchored to the map's frame, not to the band: where bands fall must not show,
        // nor where the cores' slices of a band fall, with a turned map and an opaque fill above.
        let style = try Style.parse(Array(#"""
        {"version": 8, "sources": {"t": {"type": "vector"}}, "layers": [
          {"id": "bg", "type": "background", "paint": {"background-color": "white"}},
          {"id": "heat", "type": "heatmap", "source": "t", "source-layer": "poi", "paint": {"heatmap-radius": 40}},
          {"id": "f", "type": "fill", "source": "t", "source-layer": "poi", "paint": {"fill-color": "blue", "fill-opacity": 0.3}}
        ]}
        """#.utf8), fileName: "bands.json")
        let tile = TileID(z: 14, x: 9326, y: 4741)
        let centre = WebMercator.unproject(WorldPoint(x: 9326.5 / 16384, y: 4741.5 / 16384))
        let spec = PosterSpec(center: centre, zoom: 14, bearing: 30, width: 600, height: 600, pixelRatio: 1, title: "", subtitle: "",
                              showCoordinates: false)
        let renderer = PosterRenderer(style: style, fonts: RendererTests.fonts)
        let inputs = MapInputs(tiles: [tile: try VectorTile(bytes: CircleLayerTests.square)])
        let whole = try PNGDecoder.decode(renderer.render(spec, inputs: inputs, format: .png, bands: BandBuffer(pixels: 600 * 600)).bytes)
        let banded = try PNGDecoder.decode(renderer.render(spec, inputs: inputs, format: .png, bands: BandBuffer(pixels: 600 * 37)).bytes)
        let difference = try #require(ImageDifference.between(whole, banded, threshold: 0))
        #expect(difference.differingPixels == 0, "\(difference)")
    }
}
