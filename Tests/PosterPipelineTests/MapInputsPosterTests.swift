import Canvas
import Foundation
import Geo
import PosterPipeline
import Testing
import PosterRenderer

/// Posters load every input their style names, through the same loader as `render-style` and the
/// conformance runner: the sprite (for patterns and icons) and raster sources, not only vector tiles.
@Suite struct MapInputsPosterTests {
    static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-inputs-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }()

    /// A style with the given sources and layers, the bundled tiles as its vector source.
    static func style(_ extra: String, layers: String, sprite: String? = nil) throws -> String {
        let text = """
        {"version": 8, \(sprite.map { "\"sprite\": \"\($0)\"," } ?? "")
         "sources": {"openmaptiles": {"type": "vector", "url": "pmtiles://Data/helsinki.pmtiles"}\(extra)},
         "layers": [\(layers)]}
        """
        let file = directory.appendingPathComponent("style-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The map frame's distinct colours.
    static func colours(_ poster: RenderedPoster) throws -> Set<UInt32> {
        let image = try PNGDecoder.decode(poster.bytes)
        var colours = Set<UInt32>()
        image.withPixels { pixels in
            for y in stride(from: 60, to: 400, by: 3) {
                for x in stride(from: 60, to: 340, by: 3) { colours.insert(pixels.load(fromByteOffset: y * image.stride + 4 * x, as: UInt32.self)) }
            }
        }
        return colours
    }

    static func request(_ style: String) -> PosterRequest {
        let spec = PosterSpec(center: LngLat(lng: -84.245, lat: 36.59), zoom: 10.9, width: 400, height: 600, pixelRatio: 1, dpi: 50,
                              title: "Inputs", subtitle: "", showCoordinates: false)
        return PosterRequest(spec: spec, style: style, format: .png)
    }

    @Test func aPosterDrawsItsStylesSpritePattern() throws {
        // A 4x4 sprite image of black and white halves: the background pattern repeats it.
        let surface = try ImageSurface(width: 4, height: 4)
        surface.withMutablePixels { pixels in
            for y in 0..<4 { for x in 0..<4 { pixels.storeBytes(of: x < 2 ? 0xFF00_0000 : 0xFFFF_FFFF, toByteOffset: y * surface.stride + 4 * x, as: UInt32.self) } }
        }
        let encoder = try PNGEncoder(width: 4, height: 4, options: PNGOptions(dpi: 72, withAlpha: true))
        try encoder.append(surface)
        let png = encoder.takeOutput() + (try encoder.finish())
        let sprite = Self.directory.appendingPathComponent("sprite")
        try Data(png).write(to: sprite.appendingPathExtension("png"))
        try Data(#"{"stripes": {"x": 0, "y": 0, "width": 4, "height": 4, "pixelRatio": 1}}"#.utf8).write(to: sprite.appendingPathExtension("json"))

        let patterned = try Self.style("", layers: #"{"id": "paper", "type": "background", "paint": {"background-pattern": "stripes"}}"#, sprite: sprite.path)
        let poster = try PipelineTests.pipeline().run(Self.request(patterned))
        #expect(poster.warnings.isEmpty, "\(poster.warnings)")
        let colours = try Self.colours(poster)
        #expect(colours.contains(0xFF00_0000) && colours.contains(0xFFFF_FFFF), "\(colours.count) colours")

        // A sprite that is not there is said, not silently dropped.
        let missing = try Self.style("", layers: ##"{"id": "paper", "type": "background", "paint": {"background-color": "#fff"}}"##,
                                     sprite: Self.directory.appendingPathComponent("nothing").path)
        let warned = try PipelineTests.pipeline().run(Self.request(missing))
        #expect(warned.warnings == ["the sprite \(Self.directory.appendingPathComponent("nothing").path) (.json and .png) cannot be read: icons and patterns are not drawn"])
    }

    @Test func anExternalGeoJSONThatIsNotGeoJSONIsAnEmptySourceWithAWarning() throws {
        // As MapLibre: a GeoJSON file named by URL that is missing or broken draws nothing, and the poster says so.
        let broken = Self.directory.appendingPathComponent("broken-\(UUID().uuidString).geojson")
        try Data(#"{"type": "Model", "features": 3}"#.utf8).write(to: broken)
        let layers = ##"{"id": "paper", "type": "background", "paint": {"background-color": "#ffffff"}}, {"id": "overlay", "type": "line", "source": "overlay"}"##
        for url in [broken.path, Self.directory.appendingPathComponent("absent.geojson").path] {
            let style = try Self.style(#", "overlay": {"type": "geojson", "data": "\#(url)"}"#, layers: layers)
            let poster = try PipelineTests.pipeline().run(Self.request(style))
            #expect(poster.warnings.count == 1 && poster.warnings[0].hasPrefix("GeoJSON source \"overlay\": \(url)") == (url != broken.path)
                    && poster.warnings[0].hasSuffix(": the source is drawn empty"), "\(poster.warnings)")
        }
        // Inline GeoJSON the request wrote itself is refused with the reason.
        let inline = try Self.style(#", "overlay": {"type": "geojson", "data": {"type": "Model"}}"#, layers: layers)
        #expect(throws: PipelineError.self) { try PipelineTests.pipeline().run(Self.request(inline)) }
    }

    @Test func aPosterDrawsARasterSource() throws {
        // The bundled DEM's PNG tiles drawn as a raster layer: the map is no longer one colour.
        let raster = #", "relief": {"type": "raster", "url": "pmtiles://Data/jacksboro-dem.pmtiles", "tileSize": 256}"#
        let plain = try Self.style("", layers: ##"{"id": "paper", "type": "background", "paint": {"background-color": "#ffffff"}}"##)
        let drawn = try Self.style(raster, layers: ##"{"id": "paper", "type": "background", "paint": {"background-color": "#ffffff"}}, {"id": "relief", "type": "raster", "source": "relief"}"##)
        #expect(try Self.colours(PipelineTests.pipeline().run(Self.request(plain))).count == 1)
        let poster = try PipelineTests.pipeline().run(Self.request(drawn))
        #expect(poster.warnings.isEmpty, "\(poster.warnings)")
        #expect(try Self.colours(poster).count > 50)
    }
}
