public import Canvas
import Dispatch
public import Geo

/// Decoded tiles of one raster-dem source, all at one zoom and of one size, and how their pixels encode
/// heights. The caller fetches them (the renderer never does): the tiles under the poster and a ring of
/// neighbours, which hillshading and contours read across tile edges.
public struct DEMTiles: Sendable {
    public var tiles: [TileID: ImageSurface]
    /// `mapbox` (terrain-RGB) or `terrarium`.
    public var encoding: String
    /// The tiles under the poster, which are shaded and contoured; the others only lend their edge pixels.
    /// Nil shades and contours every tile.
    public var drawn: Set<TileID>?

    public init(tiles: [TileID: ImageSurface], encoding: String, drawn: Set<TileID>? = nil) {
        self.tiles = tiles
        self.encoding = encoding
        self.drawn = drawn
    }

    /// The tiles to shade or contour, in order.
    var drawnTiles: [TileID] { tiles.keys.filter { drawn?.contains($0) ?? true }.sorted() }

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

    /// The heights of the tiles in `wanted` and of their neighbours, decoded in parallel, each tile once
    /// (a tile is also the border of up to eight others).
    func heights(around wanted: [TileID]) -> [TileID: [Double]] {
        let needed = Set(wanted.flatMap { tile in (-1...1).flatMap { dy in (-1...1).map { TileID(z: tile.z, x: tile.x + $0, y: tile.y + dy) } } })
        let order = tiles.keys.filter { needed.contains($0) }
        let slots = ResultSlots<[Double]>(count: order.count)
        DispatchQueue.concurrentPerform(iterations: order.count) { i in
            slots.store(i, Self.metres(of: tiles[order[i]]!, encoding: encoding))
        }
        var result: [TileID: [Double]] = [:]
        for (i, tile) in order.enumerated() { result[tile] = slots.take(i) }
        return result
    }

    /// A tile's heights with a one-pixel border taken from its neighbours at the same zoom (the tile's own
    /// edge repeated where there is none), `(size + 2)` on a side, row by row.
    static func padded(_ tile: TileID, size: Int, heights: [TileID: [Double]]) -> [Double] {
        let side = size + 2
        var padded = [Double](repeating: 0, count: side * side)
        guard let own = heights[tile] else { return padded }
        let neighbours: [[Double]?] = (-1...1).flatMap { dy in
            (-1...1).map { dx in heights[TileID(z: tile.z, x: tile.x + dx, y: tile.y + dy)].flatMap { $0.count == size * size ? $0 : nil } }
        }
        for y in -1...size {
            for x in -1...size {
                let dx = x < 0 ? -1 : (x >= size ? 1 : 0), dy = y < 0 ? -1 : (y >= size ? 1 : 0)
                let value: Double
                if (dx != 0 || dy != 0), let neighbour = neighbours[(dy + 1) * 3 + dx + 1] {
                    value = neighbour[((y + size) % size) * size + (x + size) % size]
                } else {
                    value = own[min(max(y, 0), size - 1) * size + min(max(x, 0), size - 1)]
                }
                padded[(y + 1) * side + x + 1] = value
            }
        }
        return padded
    }
}
