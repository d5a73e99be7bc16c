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

    /// The isolines at each of `levels`, in one pass over the grid.
    public static func isolines(values: [Double], width: Int, height: Int, levels: [Double]) -> [LevelLines] {
        guard width >= 2, height >= 2, values.count >= width * height, !levels.isEmpty else { return [] }
        let levels = Array(Set(levels)).sorted()
        let counts = levelCounts(values, count: width * height, levels: levels)
        var tracer = IsolineTracer(levelCount: levels.count, width: width)
        counts.withUnsafeBufferPointer { n in
            values.withUnsafeBufferPointer { v in
                for j in 0..<(height - 1) {
                    tracer.beginRow()
                    let row = j * width
                    for i in 0..<(width - 1) {
                        let na = n[row + i], nb = n[row + i + 1], nc = n[row + width + i + 1], nd = n[row + width + i]
                        let low = min(min(na, nb), min(nc, nd)), high = max(max(na, nb), max(nc, nd))
                        // Level k crosses the cell when some corner has k or fewer levels at or below it and
                        // another more; a NaN corner (-1) leaves the cell out.
                        guard low < high, low >= 0 else { continue }
                        let a = v[row + i], b = v[row + i + 1], c = v[row + width + i + 1], d = v[row + width + i]
                        for k in Int(low)..<Int(high) {
                            let index = (na > k ? 1 : 0) | (nb > k ? 2 : 0) | (nc > k ? 4 : 0) | (nd > k ? 8 : 0)
                            let centreHigh = index == 5 || index == 10 ? (a + b + c + d) / 4 >= levels[k] : false
                            tracer.traceCell(index: index, centreHigh: centreHigh, level: k, i: i, j: j)
                        }
                    }
                }
            }
        }
        var result: [LevelLines] = []
        for (k, lines) in tracer.finished().enumerated() where !lines.isEmpty {
            let level = levels[k]
            result.append(LevelLines(level: level, lines: lines.map { edges, closed in
                var line = Line(x: [], y: [], closed: closed)
                line.x.reserveCapacity(edges.count)
                line.y.reserveCapacity(edges.count)
                for edge in edges {
                    let (x, y) = crossing(edge, values: values, width: width, level: level)
                    line.x.append(x)
                    line.y.append(y)
                }
                return line
            }))
        }
        return result
    }

    /// For every value, how many levels are at or below it (-1 for NaN): a corner is on the high side of
    /// level k exactly when its count is above k, so cells compare small integers, once per corner.
    private static func levelCounts(_ values: [Double], count: Int, levels: [Double]) -> [Int32] {
        let first = levels[0], n = levels.count
        // Evenly spaced levels (the usual case) give a first guess by division; the loops make it exact.
        let step = n > 1 ? (levels[n - 1] - first) / Double(n - 1) : 1
        var counts = [Int32](repeating: 0, count: count)
        for index in 0..<count {
            let v = values[index]
            guard !v.isNaN else { counts[index] = -1; continue }
            var guess = min(max(Int(((v - first) / step).rounded(.down)) + 1, 0), n)
            while guess > 0 && levels[guess - 1] > v { guess -= 1 }
            while guess < n && levels[guess] <= v { guess += 1 }
            counts[index] = Int32(guess)
        }
        return counts
    }

    /// Where the level crosses an edge (named as in `IsolineTracer.traceCell`).
    private static func crossing(_ edge: Int, values: [Double], width: Int, level: Double) -> (Double, Double) {
        let corner = edge >> 1, vertical = edge & 1 == 1
        let i = corner % width, j = corner / width
        let p = values[corner], q = vertical ? values[corner + width] : values[corner + 1]
        let t = p == q ? 0.5 : min(max((level - p) / (q - p), 0), 1)
        return vertical ? (Double(i), Double(j) + t) : (Double(i) + t, Double(j))
    }
}

/// Joins the segments of marching squares into polylines as the cells are visited row by row. Each
/// segment runs with high ground on its right, so where it starts on an edge shared with a cell already
/// visited (above or to the left), a line ends there, and where it ends on one, a line starts: the open
/// line ends waiting on each edge are kept in slots by column, not looked up by hashing. Lines are kept
/// as a reversed head and a tail so both ends grow in constant time; a line joined onto another is
/// forwarded to it.
struct IsolineTracer {
    private struct Fragment {
        var head: [Int] = []
        var tail: [Int]
        var level: Int
        var closed = false
    }
    private enum Side { case top, left, right, bottom }
    private let width: Int
    private var fragments: [Fragment] = []
    /// The fragment a joined fragment was merged into (itself while it stands alone).
    private var forward: [Int32] = []
    /// By level and column: the line waiting on the horizontal edge between this row and the last.
    private var above: [Int32]
    /// By level: the line waiting on the left edge of the next cell.
    private var left: [Int32]
    private let levelCount: Int

    init(levelCount: Int, width: Int) {
        self.levelCount = levelCount
        self.width = width
        above = Array(repeating: -1, count: levelCount * width)
        left = Array(repeating: -1, count: levelCount)
    }

    mutating func beginRow() {
        for k in 0..<levelCount { left[k] = -1 }
    }

    /// Adds the segments of cell (i, j) at level `k`. Corners a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1);
    /// bit 1, 2, 4, 8 of `index` set when a, b, c, d are at or above the level. Edges are named by the
    /// corner they start from (the left or top end) and their direction.
    mutating func traceCell(index: Int, centreHigh: Bool, level k: Int, i: Int, j: Int) {
        let slot = k * width + i
        let top = above[slot], leftLine = left[k]
        above[slot] = -1
        left[k] = -1
        var cell = Cell(top: top, left: leftLine, slot: slot, level: k,
                        ids: (top: 2 * (j * width + i), left: 2 * (j * width + i) + 1,
                              right: 2 * (j * width + i + 1) + 1, bottom: 2 * ((j + 1) * width + i)))
        switch index {
        case 1: add(.top, .left, &cell)
        case 14: add(.left, .top, &cell)
        case 2: add(.right, .top, &cell)
        case 13: add(.top, .right, &cell)
        case 4: add(.bottom, .right, &cell)
        case 11: add(.right, .bottom, &cell)
        case 8: add(.left, .bottom, &cell)
        case 7: add(.bottom, .left, &cell)
        case 3: add(.right, .left, &cell)
        case 12: add(.left, .right, &cell)
        case 6: add(.bottom, .top, &cell)
        case 9: add(.top, .bottom, &cell)
        // A saddle: the mean of the corners says whether the middle joins the high or the low corners.
        case 5 where centreHigh: add(.bottom, .left, &cell); add(.top, .right, &cell)
        case 5: add(.top, .left, &cell); add(.bottom, .right, &cell)
        case 10 where centreHigh: add(.left, .top, &cell); add(.right, .bottom, &cell)
        case 10: add(.right, .top, &cell); add(.left, .bottom, &cell)
        default: break
        }
    }

    private struct Cell {
        var top: Int32
        var left: Int32
        let slot: Int
        let level: Int
        let ids: (top: Int, left: Int, right: Int, bottom: Int)
        func id(_ side: Side) -> Int {
            switch side {
            case .top: ids.top
            case .left: ids.left
            case .right: ids.right
            case .bottom: ids.bottom
            }
        }
    }

    private func resolve(_ fragment: Int32) -> Int32 {
        var f = fragment
        while f >= 0 && forward[Int(f)] != f { f = forward[Int(f)] }
        return f
    }

    /// The line waiting on a side already visited (nil for the right and bottom, which are not).
    private func waiting(_ side: Side, _ cell: Cell) -> Int32 {
        switch side {
        case .top: resolve(cell.top)
        case .left: resolve(cell.left)
        case .right, .bottom: -1
        }
    }

    /// Leaves a line end on a side the next cells will visit.
    private mutating func wait(_ fragment: Int32, on side: Side, _ cell: Cell) {
        switch side {
        case .right: left[cell.level] = fragment
        case .bottom: above[cell.slot] = fragment
        case .top, .left: break
        }
    }

    private mutating func add(_ from: Side, _ to: Side, _ cell: inout Cell) {
        let f = waiting(from, cell), g = waiting(to, cell)
        // Each waiting end is taken once.
        if from == .top || to == .top { cell.top = -1 }
        if from == .left || to == .left { cell.left = -1 }
        switch (f >= 0, g >= 0) {
        case (true, true):
            let fi = Int(f)
            if f == g {
                fragments[fi].tail.append(cell.id(to))
                fragments[fi].closed = true
            } else {
                // f, this segment, then g: g's points follow f's and g is forwarded to f.
                let other = fragments[Int(g)]
                fragments[Int(g)].head = []
                fragments[Int(g)].tail = []
                fragments[fi].tail.append(contentsOf: other.head.reversed())
                fragments[fi].tail.append(contentsOf: other.tail)
                forward[Int(g)] = f
            }
        case (true, false):
            fragments[Int(f)].tail.append(cell.id(to))
            wait(f, on: to, cell)
        case (false, true):
            fragments[Int(g)].head.append(cell.id(from))
            wait(g, on: from, cell)
        case (false, false):
            let new = Int32(fragments.count)
            fragments.append(Fragment(tail: [cell.id(from), cell.id(to)], level: cell.level))
            forward.append(new)
            wait(new, on: from, cell)
            wait(new, on: to, cell)
        }
    }

    /// The lines of each level in the order they were begun, each as its edges and whether it is closed.
    func finished() -> [[(edges: [Int], closed: Bool)]] {
        var result = Array(repeating: [(edges: [Int], closed: Bool)](), count: levelCount)
        for (index, fragment) in fragments.enumerated() where forward[index] == Int32(index) {
            result[fragment.level].append((fragment.head.reversed() + fragment.tail, fragment.closed))
        }
        return result
    }
}
