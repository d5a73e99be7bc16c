import Canvas
import Foundation
import Geo
import StyleKit
import VectorTile
@testable import PosterRenderer

/// Renders a map alone (no paper), as the render tests do, for exact checks of how layers are drawn.
enum MapRender {
    /// The z10 tile whose top-left corner is the world's centre: at zoom 10 a tile unit is an eighth of a
    /// pixel, so tile coordinates put edges exactly where a test wants them.
    static let tile = TileID(z: 10, x: 512, y: 512)

    /// A camera on `tile`'s centre at zoom 10: pixel (x, y) of the image is tile unit (8x + 2048 - 4w, 8y + 2048 - 4h).
    static func camera(width: Int = 64, height: Int = 64, pixelRatio: Double = 1, bearing: Double = 0, pitch: Double = 0) -> Camera {
        Camera(center: WebMercator.unproject(WorldPoint(x: 512.5 / 1024, y: 512.5 / 1024)), zoom: 10, bearing: bearing, pitch: pitch,
               width: Int(Double(width) * pixelRatio), height: Int(Double(height) * pixelRatio), pixelRatio: pixelRatio)
    }

    /// Draws `layers` (JSON objects, comma-separated; source "t" is `tiles`, source "g" the GeoJSON `data`)
    /// with the camera of ``camera(width:height:pixelRatio:bearing:pitch:)``.
    static func render(layers: String, tiles: [TileID: [UInt8]] = [:], data: String = #"{"type": "FeatureCollection", "features": []}"#,
                       light: String? = nil, sprites: SpriteSheet? = nil, glyphs: GlyphSet? = nil, width: Int = 64, height: Int = 64,
                       pixelRatio: Double = 1, bearing: Double = 0, pitch: Double = 0) throws -> (image: ImageSurface, warnings: [String]) {
        let style = try Style.parse(Array("""
        {"version": 8, \(light.map { "\"light\": \($0)," } ?? "")
         "sources": {"t": {"type": "vector"}, "g": {"type": "geojson", "data": \(data)}},
         "layers": [\(layers)]}
        """.utf8), fileName: "test.json")
        let geojson = try GeoJSONTiler.tile(GeoJSON.parse(JSONDecoder().decode(JSONValue.self, from: Data(data.utf8))))
        var inputs = MapInputs(tiles: try tiles.mapValues { try VectorTile(bytes: $0) }, otherSources: ["g": [TileID(z: 0, x: 0, y: 0): geojson]])
        inputs.sprites = sprites
        inputs.glyphs = glyphs
        let camera = camera(width: width, height: height, pixelRatio: pixelRatio, bearing: bearing, pitch: pitch)
        return try MapImageRenderer(style: style).render(camera: camera, inputs: inputs, sourceID: "t")
    }

    /// A pixel's premultiplied bytes as stored: red, green, blue, alpha.
    static func bytes(_ image: ImageSurface, _ x: Int, _ y: Int) -> [Int] {
        let word: UInt32 = image.withPixels { $0.load(fromByteOffset: y * image.stride + x * 4, as: UInt32.self) }
        return [Int(word >> 16 & 0xFF), Int(word >> 8 & 0xFF), Int(word & 0xFF), Int(word >> 24)]
    }

    /// A square from pixel (x0, y0) to (x1, y1) as a GeoJSON feature with `properties` (a JSON object).
    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, properties: String = "{}") -> String {
        let ring = [position(x0, y0), position(x1, y0), position(x1, y1), position(x0, y1), position(x0, y0)].joined(separator: ", ")
        return #"{"type": "Feature", "properties": \#(properties), "geometry": {"type": "Polygon", "coordinates": [[\#(ring)]]}}"#
    }

    /// Features as a GeoJSON feature collection.
    static func collection(_ features: String...) -> String {
        #"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ", "))]}"#
    }

    /// The longitude and latitude of image pixel position (x, y) under ``camera(width:height:pixelRatio:bearing:pitch:)``
    /// (64 × 64), as GeoJSON coordinates.
    static func position(_ x: Double, _ y: Double) -> String {
        let p = WebMercator.unproject(WorldPoint(x: (512.5 + (x - 32) / 512) / 1024, y: (512.5 + (y - 32) / 512) / 1024))
        return "[\(p.lng), \(p.lat)]"
    }
}
