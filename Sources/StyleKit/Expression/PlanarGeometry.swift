/// The planar predicates `within` and `distance` share, as MapLibre's `geometry_util` defines them (same
/// tests, same edge cases): points are `SIMD2<Double>` (x, y), in tile coordinates for `within` and in
/// longitude/latitude for `distance`.
enum PlanarGeometry {
    typealias Point = SIMD2<Double>
    /// Rings: the exterior first, then holes (their winding is not used).
    typealias Polygon = [[Point]]

    /// A bounding box; empty (inverted infinite) until a point extends it.
    struct Box {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity

        mutating func extend(_ p: Point) {
            minX = Swift.min(minX, p.x)
            minY = Swift.min(minY, p.y)
            maxX = Swift.max(maxX, p.x)
            maxY = Swift.max(maxY, p.y)
        }

        /// Strictly inside `other` on every side.
        func isWithin(_ other: Box) -> Bool {
            minX > other.minX && maxX < other.maxX && minY > other.minY && maxY < other.maxY
        }

        static func of(_ polygon: Polygon) -> Box {
            var box = Box()
            for ring in polygon { for p in ring { box.extend(p) } }
            return box
        }
    }

    /// Whether a ray from `p` towards +x crosses the edge p1→p2.
    static func rayIntersects(_ p: Point, _ p1: Point, _ p2: Point) -> Bool {
        // The edge straddles p's y, so p1.y != p2.y and the division is safe.
        (p1.y > p.y) != (p2.y > p.y) && p.x < (p2.x - p1.x) * (p.y - p1.y) / (p2.y - p1.y) + p1.x
    }

    static func isOnBoundary(_ p: Point, _ p1: Point, _ p2: Point) -> Bool {
        let x1 = p.x - p1.x, y1 = p.y - p1.y, x2 = p.x - p2.x, y2 = p.y - p2.y
        return x1 * y2 - x2 * y1 == 0 && x1 * x2 <= 0 && y1 * y2 <= 0
    }

    /// Ray casting over every ring; a point on an edge counts as `onBoundary`.
    static func pointWithinPolygon(_ p: Point, _ polygon: Polygon, onBoundary: Bool = false) -> Bool {
        var inside = false
        for ring in polygon where ring.count > 1 {
            for j in 0..<(ring.count - 1) {
                if isOnBoundary(p, ring[j], ring[j + 1]) { return onBoundary }
                if rayIntersects(p, ring[j], ring[j + 1]) { inside.toggle() }
            }
        }
        return inside
    }

    static func pointWithinPolygons(_ p: Point, _ polygons: [Polygon]) -> Bool {
        polygons.contains { pointWithinPolygon(p, $0) }
    }

    private static func perp(_ v1: Point, _ v2: Point) -> Double { v1.x * v2.y - v1.y * v2.x }

    /// Whether p1 and p2 lie strictly on different sides of the line q1→q2.
    private static func twoSided(_ p1: Point, _ p2: Point, _ q1: Point, _ q2: Point) -> Bool {
        let d1 = perp(p1 - q1, q2 - q1), d2 = perp(p2 - q1, q2 - q1)
        return (d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)
    }

    /// Whether segments a→b and c→d cross; parallel segments never do (their ends are known to be inside).
    static func segmentsIntersect(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Bool {
        if perp(d - c, b - a) == 0 { return false }
        return twoSided(a, b, c, d) && twoSided(c, d, a, b)
    }

    static func segmentIntersectsPolygon(_ p1: Point, _ p2: Point, _ polygon: Polygon) -> Bool {
        for ring in polygon where ring.count > 1 {
            for j in 0..<(ring.count - 1) where segmentsIntersect(p1, p2, ring[j], ring[j + 1]) { return true }
        }
        return false
    }

    /// Every vertex inside, and no segment crossing an edge.
    static func lineWithinPolygon(_ line: [Point], _ polygon: Polygon) -> Bool {
        guard line.allSatisfy({ pointWithinPolygon($0, polygon) }) else { return false }
        for i in 0..<Swift.max(line.count - 1, 0) where segmentIntersectsPolygon(line[i], line[i + 1], polygon) { return false }
        return true
    }

    static func lineWithinPolygons(_ line: [Point], _ polygons: [Polygon]) -> Bool {
        polygons.contains { lineWithinPolygon(line, $0) }
    }
}
