public import Geo

/// PMTiles tile ids (spec §4.1): every tile of every zoom level numbered in one sequence, zoom by zoom, and
/// along a Hilbert curve within a zoom so that tiles close on the map are close in the archive.
public enum TileIDEncoding {
    /// The deepest zoom whose ids the reference implementations address.
    public static let maxZoom = 26

    /// The first id of each zoom level: the number of tiles in all levels above it, (4^z - 1) / 3.
    private static let firstIDs: [UInt64] = (0...maxZoom + 1).map { ((1 << (2 * UInt64($0))) - 1) / 3 }

    /// The tile id of `tile`.
    /// - Throws: ``PMTilesError/Code/invalidTileID`` for a zoom outside 0...26 or a column or row outside
    ///   the zoom level's grid.
    public static func encode(_ tile: TileID) throws(PMTilesError) -> UInt64 {
        guard tile.z >= 0, tile.z <= maxZoom else {
            throw PMTilesError(.invalidTileID, location: "tile \(tile)", "zoom \(tile.z) is outside 0...\(maxZoom), the zooms tile ids address", spec: "4.1")
        }
        let n = 1 << tile.z
        guard tile.x >= 0, tile.y >= 0, tile.x < n, tile.y < n else {
            throw PMTilesError(.invalidTileID, location: "tile \(tile)", "x and y must lie in 0..<\(n) at zoom \(tile.z)", spec: "4.1")
        }
        var x = tile.x, y = tile.y
        var d: UInt64 = 0
        var s = n >> 1
        while s > 0 {
            let rx = x & s > 0 ? 1 : 0
            let ry = y & s > 0 ? 1 : 0
            d += UInt64(s) * UInt64(s) * UInt64((3 * rx) ^ ry)
            rotate(n, &x, &y, rx, ry)
            s >>= 1
        }
        return firstIDs[tile.z] + d
    }

    /// The tile with id `id`.
    /// - Throws: ``PMTilesError/Code/invalidTileID`` for an id beyond zoom 26.
    public static func decode(_ id: UInt64) throws(PMTilesError) -> TileID {
        guard id < firstIDs[maxZoom + 1] else {
            throw PMTilesError(.invalidTileID, location: "tile id \(id)", "the id lies beyond zoom \(maxZoom), the deepest zoom tile ids address", spec: "4.1")
        }
        var z = 0
        while firstIDs[z + 1] <= id { z += 1 }
        var t = id - firstIDs[z]
        var x = 0, y = 0
        var s = 1
        let n = 1 << z
        while s < n {
            let rx = Int(1 & (t >> 1))
            let ry = Int(1 & (t ^ UInt64(rx)))
            rotate(s, &x, &y, rx, ry)
            x += s * rx
            y += s * ry
            t >>= 2
            s <<= 1
        }
        return TileID(z: z, x: x, y: y)
    }

    /// The Hilbert curve's quadrant rotation (reflect, then swap) within an `n` × `n` square.
    private static func rotate(_ n: Int, _ x: inout Int, _ y: inout Int, _ rx: Int, _ ry: Int) {
        guard ry == 0 else { return }
        if rx == 1 {
            x = n - 1 - x
            y = n - 1 - y
        }
        swap(&x, &y)
    }
}
