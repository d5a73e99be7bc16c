/// The shortest distance in metres between point sets, lines and polygons in longitude/latitude, measured
/// with one ``CheapRuler``: MapLibre's `distance` algorithms, with the same pruning (bounding boxes of
/// halves of large sets) and the same answers for degenerate input (NaN, infinity).
struct GeometryDistance {
    typealias Point = PlanarGeometry.Point
    typealias Polygon = PlanarGeometry.Polygon

    let ruler: CheapRuler

    /// Sets this size or smaller are compared pair by pair; larger ones are halved first.
    private static let pointThreshold = 100, lineThreshold = 50

    /// An inclusive range of indices into a point set.
    private struct IndexRange {
        var lower: Int, upper: Int
        var size: Int { upper - lower + 1 }
        func isSafe(_ count: Int) -> Bool { upper >= lower && upper < count }
    }

    /// JavaScript's `Math.min`: NaN wins.
    private static func min(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }

    /// Halves a range; a line's halves share the middle point, so that no segment is lost.
    private static func split(_ range: IndexRange, isLine: Bool) -> (IndexRange?, IndexRange?) {
        guard range.lower <= range.upper else { return (nil, nil) }
        if isLine {
            if range.size == 2 { return (range, nil) }
            let half = range.size / 2
            return (IndexRange(lower: range.lower, upper: range.lower + half), IndexRange(lower: range.lower + half, upper: range.upper))
        }
        if range.size == 1 { return (range, nil) }
        let half = range.size / 2 - 1
        return (IndexRange(lower: range.lower, upper: range.lower + half), IndexRange(lower: range.lower + half + 1, upper: range.upper))
    }

    private static func box(_ points: [Point], _ range: IndexRange) -> PlanarGeometry.Box {
        var box = PlanarGeometry.Box()
        guard range.isSafe(points.count) else { return box }
        for i in range.lower...range.upper { box.extend(points[i]) }
        return box
    }

    /// The distance between two boxes (0 when they overlap); NaN for a box MapLibre deems invalid.
    private func distance(_ a: PlanarGeometry.Box, _ b: PlanarGeometry.Box) -> Double {
        func valid(_ box: PlanarGeometry.Box) -> Bool {
            box.minX != -.infinity && box.minY != -.infinity && box.maxX != .infinity && box.maxY != .infinity
        }
        guard valid(a), valid(b) else { return .nan }
        var dx = 0.0, dy = 0.0
        if a.maxX < b.minX { dx = b.minX - a.maxX }
        if a.minX > b.maxX { dx = a.minX - b.maxX }
        if a.minY > b.maxY { dy = a.minY - b.maxY }
        if a.maxY < b.minY { dy = b.minY - a.maxY }
        return ruler.distance(Point(0, 0), Point(dx, dy))
    }

    private func pointToLine(_ p: Point, _ line: [Point]) -> Double {
        ruler.distance(p, ruler.pointOnLine(line, p))
    }

    private func segmentToSegment(_ p1: Point, _ p2: Point, _ q1: Point, _ q2: Point) -> Double {
        Self.min(Self.min(pointToLine(p1, [q1, q2]), pointToLine(p2, [q1, q2])),
                 Self.min(pointToLine(q1, [p1, p2]), pointToLine(q2, [p1, p2])))
    }

    private func lineToLine(_ a: [Point], _ ra: IndexRange, _ b: [Point], _ rb: IndexRange) -> Double {
        guard ra.isSafe(a.count), rb.isSafe(b.count) else { return .infinity }
        var result = Double.infinity
        for i in ra.lower..<ra.upper {
            for j in rb.lower..<rb.upper {
                if PlanarGeometry.segmentsIntersect(a[i], a[i + 1], b[j], b[j + 1]) { return 0 }
                result = Self.min(result, segmentToSegment(a[i], a[i + 1], b[j], b[j + 1]))
            }
        }
        return result
    }

    private func pointsToPoints(_ a: [Point], _ ra: IndexRange, _ b: [Point], _ rb: IndexRange) -> Double {
        guard ra.isSafe(a.count), rb.isSafe(b.count) else { return .nan }
        var result = Double.infinity
        for i in ra.lower...ra.upper {
            for j in rb.lower...rb.upper {
                result = Self.min(result, ruler.distance(a[i], b[j]))
                if result == 0 { return 0 }
            }
        }
        return result
    }

    private func pointToPolygon(_ p: Point, _ polygon: Polygon) -> Double {
        if PlanarGeometry.pointWithinPolygon(p, polygon, onBoundary: true) { return 0 }
        var result = Double.infinity
        for ring in polygon {
            guard let front = ring.first, let back = ring.last else { continue }
            // The closing edge counts whether or not the ring repeats its first point.
            result = Self.min(result, pointToLine(p, [back, front]))
            if result == 0 { return 0 }
            result = Self.min(result, pointToLine(p, ring))
            if result == 0 { return 0 }
        }
        return result
    }

    /// Every edge of a polygon's rings, the closing one included, as index pairs into the ring.
    private static func edges(_ ring: [Point]) -> [(Point, Point)] {
        guard !ring.isEmpty else { return [] }
        return ring.indices.map { j in (ring[j == 0 ? ring.count - 1 : j - 1], ring[j]) }
    }

    private func lineToPolygon(_ line: [Point], _ range: IndexRange, _ polygon: Polygon) -> Double {
        guard range.isSafe(line.count) else { return .nan }
        for i in range.lower...range.upper where PlanarGeometry.pointWithinPolygon(line[i], polygon, onBoundary: true) { return 0 }
        var result = Double.infinity
        for i in range.lower..<range.upper {
            for ring in polygon {
                for (q1, q2) in Self.edges(ring) {
                    if PlanarGeometry.segmentsIntersect(line[i], line[i + 1], q1, q2) { return 0 }
                    result = Self.min(result, segmentToSegment(line[i], line[i + 1], q1, q2))
                }
            }
        }
        return result
    }

    private static func intersect(_ a: Polygon, _ b: Polygon) -> Bool {
        a.contains { ring in ring.contains { PlanarGeometry.pointWithinPolygon($0, b, onBoundary: true) } }
    }

    func polygonToPolygon(_ a: Polygon, _ b: Polygon, current: Double = .infinity) -> Double {
        let boxA = PlanarGeometry.Box.of(a), boxB = PlanarGeometry.Box.of(b)
        if current != .infinity && distance(boxA, boxB) >= current { return current }
        if boxA.isWithin(boxB) {
            if Self.intersect(a, b) { return 0 }
        } else if Self.intersect(b, a) {
            return 0
        }
        var result = Double.infinity
        for ringA in a {
            for (p1, p2) in Self.edges(ringA) {
                for ringB in b {
                    for (q1, q2) in Self.edges(ringB) {
                        if PlanarGeometry.segmentsIntersect(p1, p2, q1, q2) { return 0 }
                        result = Self.min(result, segmentToSegment(p1, p2, q1, q2))
                    }
                }
            }
        }
        return result
    }

    /// Points (or a line's vertices) to a polygon, halving large sets and skipping halves whose box is
    /// no nearer than the best distance so far. The order halves are taken in only changes how much is
    /// skipped, not the answer.
    func pointsToPolygon(_ points: [Point], isLine: Bool, _ polygon: Polygon, current: Double = .infinity) -> Double {
        guard let first = points.first, let corner = polygon.first?.first else { return .nan }
        var best = Self.min(ruler.distance(first, corner), current)
        if best == 0 { return 0 }
        let polygonBox = PlanarGeometry.Box.of(polygon)
        var pending: [(Double, IndexRange)] = [(0, IndexRange(lower: 0, upper: points.count - 1))]
        while let (bound, range) = pending.popLast() {
            if bound >= best { continue }
            if range.size <= (isLine ? Self.lineThreshold : Self.pointThreshold) {
                guard range.isSafe(points.count) else { return .nan }
                if isLine {
                    let d = lineToPolygon(points, range, polygon)
                    if d.isNaN || d == 0 { return d }
                    best = Self.min(best, d)
                } else {
                    for i in range.lower...range.upper {
                        best = Self.min(best, pointToPolygon(points[i], polygon))
                        if best == 0 { return 0 }
                    }
                }
            } else {
                let halves = Self.split(range, isLine: isLine)
                for half in [halves.0, halves.1].compactMap({ $0 }) {
                    let d = distance(Self.box(points, half), polygonBox)
                    if d < best { pending.append((d, half)) }
                }
            }
        }
        return best
    }

    /// Two point sets, each a line or loose points, halving both while they are large.
    func pointSetToPointSet(_ a: [Point], isLine a1: Bool, _ b: [Point], isLine b1: Bool, current: Double = .infinity) -> Double {
        guard let firstA = a.first, let firstB = b.first else { return .nan }
        var best = Self.min(current, ruler.distance(firstA, firstB))
        if best == 0 { return 0 }
        var pending: [(Double, IndexRange, IndexRange)] = [(0, IndexRange(lower: 0, upper: a.count - 1), IndexRange(lower: 0, upper: b.count - 1))]
        while let (bound, ra, rb) = pending.popLast() {
            if bound >= best { continue }
            if ra.size <= (a1 ? Self.lineThreshold : Self.pointThreshold) && rb.size <= (b1 ? Self.lineThreshold : Self.pointThreshold) {
                guard ra.isSafe(a.count), rb.isSafe(b.count) else { return .nan }
                switch (a1, b1) {
                case (true, true):
                    best = Self.min(best, lineToLine(a, ra, b, rb))
                case (true, false):
                    let line = Array(a[ra.lower...ra.upper])
                    for i in rb.lower...rb.upper {
                        best = Self.min(best, pointToLine(b[i], line))
                        if best == 0 { return 0 }
                    }
                case (false, true):
                    let line = Array(b[rb.lower...rb.upper])
                    for i in ra.lower...ra.upper {
                        best = Self.min(best, pointToLine(a[i], line))
                        if best == 0 { return 0 }
                    }
                case (false, false):
                    best = Self.min(best, pointsToPoints(a, ra, b, rb))
                }
            } else {
                let halvesA = Self.split(ra, isLine: a1), halvesB = Self.split(rb, isLine: b1)
                for x in [halvesA.0, halvesA.1] {
                    for y in [halvesB.0, halvesB.1] {
                        guard let x, let y else { continue }
                        let d = distance(Self.box(a, x), Self.box(b, y))
                        if d < best { pending.append((d, x, y)) }
                    }
                }
            }
        }
        return best
    }
}
