/// A tile address in the XYZ scheme (y grows southwards), as used by PMTiles and MapLibre.
public struct TileID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Zoom level, 0 or more.
    public let z: Int
    /// Column, 0 ..< 2^z.
    public let x: Int
    /// Row from the north, 0 ..< 2^z.
    public let y: Int

    /// Creates a tile id. The caller guarantees `0 <= x, y < 2^z`; use ``isValid`` to check untrusted input.
    public init(z: Int, x: Int, y: Int) {
        self.z = z
        self.x = x
        self.y = y
    }

    /// Whether the column and row lie inside the zoom level's grid.
    public var isValid: Bool {
        z >= 0 && z <= 30 && x >= 0 && y >= 0 && x < (1 << z) && y < (1 << z)
    }

    /// The tile one level up that contains this one, or nil at zoom 0.
    public var parent: TileID? {
        z > 0 ? TileID(z: z - 1, x: x >> 1, y: y >> 1) : nil
    }

    /// The ancestor of this tile at zoom `level` (which must not exceed ``z``).
    public func ancestor(atZoom level: Int) -> TileID {
        precondition(level <= z && level >= 0, "ancestor zoom \(level) must be in 0...\(z)")
        let shift = z - level
        return TileID(z: level, x: x >> shift, y: y >> shift)
    }

    /// The same tile in the world copy at 0 ..< 2^z, for tiles of copies east or west of it (MapLibre
    /// draws the world repeated sideways).
    public var wrapped: TileID {
        let n = 1 << z
        return TileID(z: z, x: ((x % n) + n) % n, y: y)
    }

    public var description: String { "\(z)/\(x)/\(y)" }

    public static func < (lhs: TileID, rhs: TileID) -> Bool {
        (lhs.z, lhs.y, lhs.x) < (rhs.z, rhs.y, rhs.x)
    }
}
