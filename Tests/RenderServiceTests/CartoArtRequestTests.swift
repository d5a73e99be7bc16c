import Canvas
import Foundation
import PosterPipeline
import PosterRenderer
import Testing
@testable import RenderService

/// A hundred requests shaped as carto-art's clients send them to `POST /api/v1/posters/generate` (its 11
/// style ids, every option on and off, camera and text variations, each style with everything on and with
/// labels off) are accepted by the service's parser and rendered by the pipeline as posters of the size
/// asked for. Only `population: true` is refused (422, naming it); a pitch is drawn on PNG posters.
@Suite(.tags(.slow)) struct CartoArtRequestTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pipeline = Result { () throws(PipelineError) -> PosterPipeline in try PosterPipeline(resources: ResourceLocator(root: repo.path)) }

    static let styles = ["minimal", "dark-mode", "midnight", "blueprint", "vintage", "topographic", "watercolor", "abstract",
                         "atmospheric", "organic", "retro"]
    static let options = ["buildings_3d", "high_res", "streets", "water", "parks", "buildings", "labels", "background", "terrain",
                          "terrain_under_water", "contours", "boundaries", "population", "pois", "marker", "landcover_wood",
                          "landcover_grass", "landcover_farmland", "landcover_ice", "landuse_forest", "landuse_orchard",
                          "landuse_vineyard", "landuse_cemetery", "landuse_grass"]
    static let location = #""location": {"lat": 60.1699, "lng": 24.9384}"#

    /// The request bodies, by name.
    static var shapes: [(name: String, body: String)] {
        var shapes: [(String, String)] = []
        for style in styles { shapes.append(("style \(style)", #"{\#(location), "style": "\#(style)"}"#)) }
        for option in options {
            for value in [true, false] {
                shapes.append(("\(option) \(value)", #"{\#(location), "options": {"\#(option)": \#(value)}}"#))
            }
        }
        for zoom in [3.0, 8, 12, 14.5, 18] {
            shapes.append(("zoom \(zoom)", #"{\#(location), "camera": {"zoom": \#(zoom)}}"#))
        }
        for bearing in [0.0, 45, 180, 360] {
            shapes.append(("bearing \(bearing)", #"{\#(location), "camera": {"pitch": 0, "bearing": \#(bearing), "zoom": 13}}"#))
        }
        for position in ["top", "bottom", "center"] {
            shapes.append(("text \(position)", #"{\#(location), "text": {"title": "Helsinki", "subtitle": "Suomi", "position": "\#(position)"}}"#))
        }
        for flag in ["show_title", "show_subtitle", "show_coordinates"] {
            shapes.append(("\(flag) false", #"{\#(location), "text": {"title": "Helsinki", "\#(flag)": false}}"#))
        }
        shapes.append(("text colour", ##"{\##(location), "text": {"title": "Helsinki", "color": "#C9A432"}}"##))
        shapes.append(("long title", #"{\#(location), "text": {"title": "Helsingin kaupunki ja sen keskusta", "subtitle": "Finland"}}"#))
        shapes.append(("no text", #"{\#(location), "text": {}}"#))
        shapes.append(("empty options", #"{\#(location), "options": {}}"#))
        let everything = options.filter { $0 != "population" && $0 != "high_res" }.map { #""\#($0)": true"# }.joined(separator: ", ")
        for style in styles {
            shapes.append(("\(style) everything on", #"{\#(location), "style": "\#(style)", "options": {\#(everything)}}"#))
        }
        for style in styles {
            shapes.append(("\(style) labels off", #"{\#(location), "style": "\#(style)", "options": {"labels": false}}"#))
        }
        return shapes
    }

    @Test func aHundredOfCartoArtsRequestsRender() throws {
        let pipeline = try Self.pipeline.get()
        let parser = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), catalog: try pipeline.catalog)
        let shapes = Self.shapes
        #expect(shapes.count == 100)
        var rendered = 0
        for (name, body) in shapes {
            let order: PosterOrder
            do {
                order = try parser.parse(Array(body.utf8))
            } catch {
                if name == "population true" {
                    #expect(error.code == .unsupported && error.details.first?.field == "options.population", "\(error)")
                } else {
                    Issue.record("\(name): \(error)")
                }
                continue
            }
            // carto-art's export size: 2400 x 3600 px; high_res draws three device pixels per CSS pixel.
            #expect(order.poster.spec.width == 2400 && order.poster.spec.height == 3600, "\(name)")
            #expect((order.poster.spec.pixelRatio == 3) == (name == "high_res true"), "\(name): pixel ratio \(order.poster.spec.pixelRatio)")
            // Rendered at a tenth of the size (the same pixel ratio scaled alike), which draws the same layers.
            var request = order.poster
            request.spec.width = 240
            request.spec.height = 360
            request.spec.pixelRatio /= 10
            // Zoomed out to a continent, the bundled extract (a few streets) has no features at all: refused
            // (location_outside_tiles), never a blank poster.
            if name == "zoom 3.0" {
                let refused = #expect(throws: PipelineError.self) { try pipeline.run(request) }
                #expect(refused?.code == .locationOutsideTiles && refused?.message.contains("hold no features under the poster") == true, "\(String(describing: refused))")
                continue
            }
            let poster = try pipeline.run(request)
            let image = try PNGDecoder.decode(poster.bytes)
            #expect(image.width == 240 && image.height == 360, "\(name)")
            rendered += 1
        }
        #expect(rendered == 98)
    }

    @Test func aPitchedPosterTiltsTheMapInALevelFrameWithItsBuildings() throws {
        let pipeline = try Self.pipeline.get()
        let parser = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), catalog: try pipeline.catalog)
        var images: [Double: ImageSurface] = [:]
        for pitch in [0.0, 30, 60] {
            let body = #"{\#(Self.location), "camera": {"pitch": \#(pitch), "bearing": 20, "zoom": 16}, "options": {"buildings_3d": true}}"#
            var request = try parser.parse(Array(body.utf8)).poster
            #expect(request.spec.pitch == pitch)
            request.spec.width = 240
            request.spec.height = 360
            request.spec.pixelRatio /= 10
            let poster = try pipeline.run(request)
            // Ground layers and 3D buildings are drawn at a pitch: nothing but the labels' simplification is said.
            #expect(!poster.warnings.contains { $0.contains("is not drawn at a pitch") || $0.contains("extrusions are drawn as seen") },
                    "\(pitch): \(poster.warnings)")
            images[pitch] = try PNGDecoder.decode(poster.bytes)
        }
        let flat = try #require(images[0]), thirty = try #require(images[30]), sixty = try #require(images[60])
        func pixel(_ image: ImageSurface, _ x: Int, _ y: Int) -> UInt32 {
            image.withPixels { $0.load(fromByteOffset: y * image.stride + x * 4, as: UInt32.self) }
        }
        // The frame stays level: the paper's corner is the same at every pitch; the map inside is not.
        #expect(pixel(flat, 1, 1) == pixel(thirty, 1, 1) && pixel(flat, 1, 1) == pixel(sixty, 1, 1))
        var differing = 0
        for y in stride(from: 40, to: 240, by: 4) {
            for x in stride(from: 30, to: 210, by: 4) where pixel(flat, x, y) != pixel(sixty, x, y) { differing += 1 }
        }
        #expect(differing > 200, "\(differing) of 2250 sampled map pixels differ between pitch 0 and 60")
    }
}
