/// Writes small Mapbox Vector Tiles for tests: one layer of polygons, encoded as the spec describes.
enum TileBuilder {
    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func lengthDelimited(_ field: UInt64, _ payload: [UInt8]) -> [UInt8] {
        varint(field << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    static func zigzag(_ v: Int32) -> UInt64 { UInt64(UInt32(bitPattern: (v << 1) ^ (v >> 31))) }

    /// A tile with one layer whose features are the given polygons (each one ring, tile coordinates).
    static func polygons(layer: String, _ rings: [[(Int32, Int32)]], extent: UInt64 = 4096) -> [UInt8] {
        var layerBytes = lengthDelimited(1, Array(layer.utf8))
        for ring in rings {
            var geometry: [UInt8] = []
            var x: Int32 = 0, y: Int32 = 0
            for (i, point) in ring.enumerated() {
                if i == 0 { geometry += varint(9) }
                if i == 1 { geometry += varint(UInt64(2 | ((ring.count - 1) << 3))) }
                geometry += varint(zigzag(point.0 - x)) + varint(zigzag(point.1 - y))
                (x, y) = point
            }
            geometry += varint(15)
            let feature = varint(3 << 3) + varint(3) + lengthDelimited(4, geometry)
            layerBytes += lengthDelimited(2, feature)
        }
        layerBytes += varint(5 << 3) + varint(extent) + varint(15 << 3) + varint(2)
        return lengthDelimited(3, layerBytes)
    }

    /// A tile with one layer of point features (each one point, tile coordinates).
    static func points(layer: String, _ points: [(Int32, Int32)], extent: UInt64 = 4096) -> [UInt8] {
        var layerBytes = lengthDelimited(1, Array(layer.utf8))
        for point in points {
            let geometry = varint(9) + varint(zigzag(point.0)) + varint(zigzag(point.1))
            let feature = varint(3 << 3) + varint(1) + lengthDelimited(4, geometry)
            layerBytes += lengthDelimited(2, feature)
        }
        layerBytes += varint(5 << 3) + varint(extent) + varint(15 << 3) + varint(2)
        return lengthDelimited(3, layerBytes)
    }
}
