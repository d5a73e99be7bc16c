import Canvas
import Geo

/// Decoded tiles of one raster-dem source, all at one zoom and of one size, and how their pixels encode
/// heights. The caller fetches them (the renderer never does): the tiles under the poster and a ring of
/// neighbours, which hillshading and contours read across tile edges.
public struct DEMTiles: Sendable {
    public var tiles: [TileID: ImageSurface]
    /// `mapbox` (terrain-RGB) or `terrarium`.
    public var encoding: String

    public init(tiles: [TileID: ImageSurface], encoding: String) {
        self.tiles = tiles
        self.encoding = encoding
    }

    /// Metres at every pixel of a DEM tile, row by row.
    public static func metres(of image: ImageSurface, encoding: String) -> [Double] {
        let terrarium = encoding == "terrarium"
        return image.withPixels { pixels in
            var values: [Double] = []
            values.reserveCapacity(image.width * image.height)
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let word = pixels.load(fromByteOffset: y * image.stride + x * 4, as: UInt32.self)
                    let r = Double(word >> 16 & 0xFF), g = Double(word >> 8 & 0xFF), b = Double(word & 0xFF)
                    values.append(terrarium ? r * 256 + g + b / 256 - 32768 : (r * 65536 + g * 256 + b) / 10 - 10000)
                }
            }
            return values
        }
    }
}
