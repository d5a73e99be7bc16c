/// Isolines of a regular grid of values (a DEM) by marching squares, with linear interpolation along cell
/// edges, saddles resolved by the cell's mean, and segments joined into polylines. Coordinates are in grid
/// units: x is the column, y the row (0 at the first row), so a caller maps them to the DEM's georeference.
///
/// One pass over the grid serves every level: each cell is visited once and only the levels between its
/// lowest and highest corner are traced in it. Lines are oriented with higher ground on their right
/// (x to the right, y down), which is what lets segments be joined by their ends alone.
public enum ContourGenerator {
    /// A polyline at one level; `closed` when it returns to its start.
    public struct Line: Sendable, Equatable {
        public var x: [Double]
        public var y: [Double]
        public var closed: Bool
    }

    /// The isolines of one level, ascending by level.
    public struct LevelLines: Sendable {
        public var level: Double
        public var lines: [Line]
    }

    /// The isolines at `level` of `values` (`width * height`, row-major). Cells with a NaN corner are skipped.
    public static func isolines(values: [Double], width: Int, height: Int, level: Double) -> [Line] {
        isolines(values: values, width: width, height: height, levels: [level]).first?.lines ?? []
    }

    /// The isolines at every multiple of `interval` that crosses the grid.
    public static func isolines(values: [Double], width: Int, height: Int, interval: Double) -> [LevelLines] {
        guard interval > 0 else { return [] }
        var low = Double.infinity, high = -Double.infinity
        for v in values where !v.isNaN {
            low = min(low, v)
            high = max(high, v)
        }
        guard low <= high else { return [] }
        let first = (low / interval).rounded(.up), last = (high / interval).rounded(.down)
        guard first <= last else { return [] }
        return isolines(values: values, width: width, height: height, levels: stride(from: first, through: last, by: 1).map { $0 * interval })
    }

    /// The isolines at each of `levels` (ascending), in one pass over the grid.
    public static func isolines(values: [Double], width: Int, height: Int, levels: [Double]) -> [LevelLines] {
        guard width >= 2, height >= 2, values.count >= width * height, !levels.isEmpty else { return [] }
        let levels = levels.sorted()
        var stitchers: [SegmentStitcher?] = Array(repeating: nil, count: levels.count)
        values.withUnsafeBufferPointer { v in
            for j in 0..<(height - 1) {
                let row = j * width
                for i in 0..<(width - 1) {
                    let a = v[row + i], b = v[row + i + 1], c = v[row + width + i + 1], d = v[row + width + i]
                    let low = min(min(a, b), min(c, d)), high = max(max(a, b), max(c, d))
                    // A level crosses the cell when some corner is below it and some at or above it; NaN fails both.
                    guard low < high else { continue }
                    var k = firstIndex(in: levels, above: low)
                    while k < levels.count && levels[k] <= high {
                        if stitchers[k] == nil { stitchers[k] = SegmentStitcher() }
                        traceCell(a, b, c, d, level: levels[k], i: i, j: j, width: width, into: &stitchers[k]!)
                        k += 1
                    }
                }
            }
        }
        var result: [LevelLines] = []
        for (k, stitcher) in stitchers.enumerated() {
            guard let stitcher else { continue }
            let level = levels[k]
            let lines = stitcher.finished().map { edges, closed in
                var line = Line(x: [], y: [], closed: closed)
                line.x.reserveCapacity(edges.count)
                line.y.reserveCapacity(edges.count)
                for edge in edges {
                    let (x, y) = crossing(edge, values: values, width: width, level: level)
                    line.x.append(x)
                    line.y.append(y)
                }
                return line
            }
            result.append(LevelLines(level: level, lines: lines))
        }
        return result
    }

    /// The first index of `levels` whose level is above `value`.
    private static func firstIndex(in levels: [Double], above value: Double) -> Int {
        var lo = 0, hi = levels.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if levels[mid] > value { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Adds the segments of one cell. Corners a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1); a bit set means
    /// at or above the level. Each segment runs with the high corners on its right.
    private static func traceCell(_ a: Double, _ b: Double, _ c: Double, _ d: Double, level: Double, i: Int, j: Int, width: Int,
                                  into stitcher: inout SegmentStitcher) {
        let index = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0)
        // An edge is named by the corner it starts from (left or top end) and its direction.
        let top = 2 * (j * width + i), left = top + 1
        let bottom = 2 * ((j + 1) * width + i), right = 2 * (j * width + i + 1) + 1
        switch index {
        case 1: stitcher.add(top, left)
        case 14: stitcher.add(left, top)
        case 2: stitcher.add(right, top)
        case 13: stitcher.add(top, right)
        case 4: stitcher.add(bottom, right)
        case 11: stitcher.add(right, bottom)
        case 8: stitcher.add(left, bottom)
        case 7: stitcher.add(bottom, left)
        case 3: stitcher.add(right, left)
        case 12: stitcher.add(left, right)
        case 6: stitcher.add(bottom, top)
        case 9: stitcher.add(top, bottom)
        case 5, 10:
            // A saddle: the mean of the corners says whether the middle joins the high or the low corners.
            let centreHigh = (a + b + c + d) / 4 >= level
            switch (index, centreHigh) {
            case (5, true): stitcher.add(bottom, left); stitcher.add(top, right)
            case (5, false): stitcher.add(top, left); stitcher.add(bottom, right)
            case (10, true): stitcher.add(left, top); stitcher.add(right, bottom)
            default: stitcher.add(right, top); stitcher.add(left, bottom)
            }
        default: break
        }
    }

    /// Where the level crosses an edge (named as in `traceCell`).
    private static func crossing(_ edge: Int, values: [Double], width: Int, level: Double) -> (Double, Double) {
        let corner = edge >> 1, vertical = edge & 1 == 1
        let i = corner % width, j = corner / width
        let p = values[corner], q = vertical ? values[corner + width] : values[corner + 1]
        let t = p == q ? 0.5 : min(max((level - p) / (q - p), 0), 1)
        return vertical ? (Double(i), Double(j) + t) : (Double(i) + t, Double(j))
    }
}

/// Joins oriented segments into polylines as they arrive: a segment that starts where a line ends extends
/// it, one that ends where a line starts is put in front, and one that does both joins two lines (or
/// closes a ring). Lines are kept as a reversed head and a tail so both ends grow in constant time.
struct SegmentStitcher {
    private struct Fragment {
        var head: [Int] = []
        var tail: [Int]
        var start: Int
        var end: Int
        var closed = false
        var alive = true
    }
    private var fragments: [Fragment] = []
    private var byStart: [Int: Int] = [:]
    private var byEnd: [Int: Int] = [:]

    mutating func add(_ from: Int, _ to: Int) {
        if let f = byEnd.removeValue(forKey: from) {
            if let g = byStart.removeValue(forKey: to) {
                if f == g {
                    fragments[f].tail.append(to)
                    fragments[f].closed = true
                    return
                }
                // f + segment + g: g's points follow f's, and g's end becomes f's.
                let other = fragments[g]
                fragments[g].alive = false
                fragments[f].tail.append(contentsOf: other.head.reversed())
                fragments[f].tail.append(contentsOf: other.tail)
                fragments[f].end = other.end
                byEnd[other.end] = f
            } else {
                fragments[f].tail.append(to)
                fragments[f].end = to
                byEnd[to] = f
            }
        } else if let g = byStart.removeValue(forKey: to) {
            fragments[g].head.append(from)
            fragments[g].start = from
            byStart[from] = g
        } else {
            byStart[from] = fragments.count
            byEnd[to] = fragments.count
            fragments.append(Fragment(tail: [from, to], start: from, end: to))
        }
    }

    /// The lines in the order they were begun, each as its edges and whether it is closed.
    func finished() -> [(edges: [Int], closed: Bool)] {
        fragments.filter(\.alive).map { ($0.head.reversed() + $0.tail, $0.closed) }
    }
}
