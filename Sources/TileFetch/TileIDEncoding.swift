import Geo

/// PMTiles tile ids: tiles numbered zoom by zoom, along a Hilbert curve within each zoom (spec §4.1).
public enum TileIDEncoding {
    /// The deepest zoom whose ids fit in 64 bits as the spec uses them.
    public static let maxZoom = 26

    /// Number of tiles in all zoom levels below `z`: (4^z - 1) / 3.
    static func firstID(ofZoom z: Int) -> UInt64 {
        ((UInt64(1) << (2 * UInt64(z))) - 1) / 3
    }

    public static func tileID(_ tile: TileID) throws(TileFetchError) -> UInt64 {
        guard tile.z >= 0, tile.z <= maxZoom else {
            throw TileFetchError(.tileID, "tile \(tile): zoom above \(maxZoom) is not addressable (PMTiles v3 spec §4.1)")
        }
        let n = 1 << tile.z
        guard tile.x >= 0, tile.y >= 0, tile.x < n, tile.y < n else {
            throw TileFetchError(.tileID, "tile \(tile): x or y outside 0..<\(n) (PMTiles v3 spec §4.1)")
        }
        var x = tile.x, y = tile.y
        var d: UInt64 = 0
        var s = n / 2
        while s > 0 {
            let rx = (x & s) > 0 ? 1 : 0
            let ry = (y & s) > 0 ? 1 : 0
            d += UInt64(s) * UInt64(s) * UInt64((3 * rx) ^ ry)
            rotate(s, &x, &y, rx, ry)
            s /= 2
        }
        return firstID(ofZoom: tile.z) + d
    }

    public static func tile(forID id: UInt64) throws(TileFetchError) -> TileID {
        var z = 0
        while z <= maxZoom && firstID(ofZoom: z + 1) <= id { z += 1 }
        guard z <= maxZoom else { throw TileFetchError(.tileID, "tile id \(id) is beyond zoom \(maxZoom) (PMTiles v3 spec §4.1)") }
        var t = id - firstID(ofZoom: z)
        var x = 0, y = 0
        var s = 1
        let n = 1 << z
        while s < n {
            let rx = Int(1 & (t / 2))
            let ry = Int(1 & (t ^ UInt64(rx)))
            rotate(s, &x, &y, rx, ry)
            x += s * rx
            y += s * ry
            t /= 4
            s *= 2
        }
        return TileID(z: z, x: x, y: y)
    }

    private static func rotate(_ n: Int, _ x: inout Int, _ y: inout Int, _ rx: Int, _ ry: Int) {
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x
                y = n - 1 - y
            }
            swap(&x, &y)
        }
    }
}
