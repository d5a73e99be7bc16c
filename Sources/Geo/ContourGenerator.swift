/// Isolines of a regular grid of values (a DEM) by marching squares, with linear interpolation along cell
/// edges, saddles resolved by the cell's mean, and segments joined into polylines. Coordinates are in grid
/// units: x is the column, y the row (0 at the first row), so a caller maps them to the DEM's georeference.
public enum ContourGenerator {
    /// A polyline at one level; `closed` when it returns to its start.
    public struct Line: Sendable, Equatable {
        public var x: [Double]
        public var y: [Double]
        public var closed: Bool
    }

    /// The isolines at `level` of `values` (`width * height`, row-major). Cells with a NaN corner are skipped.
    public static func isolines(values: [Double], width: Int, height: Int, level: Double) -> [Line] {
        guard width >= 2, height >= 2, values.count >= width * height else { return [] }
        // An edge is named by the lower-left corner index it starts from and its direction.
        struct Edge: Hashable { var index: Int; var vertical: Bool }
        var segments: [(Edge, Edge)] = []
        segments.reserveCapacity(width * 4)
        func value(_ i: Int, _ j: Int) -> Double { values[j * width + i] }
        for j in 0..<(height - 1) {
            for i in 0..<(width - 1) {
                let a = value(i, j), b = value(i + 1, j), c = value(i + 1, j + 1), d = value(i, j + 1)
                guard !a.isNaN, !b.isNaN, !c.isNaN, !d.isNaN else { continue }
                // Corners a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1); a bit set means at or above the level.
                let index = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0)
                guard index != 0 && index != 15 else { continue }
                let top = Edge(index: j * width + i, vertical: false)          // a–b
                let right = Edge(index: j * width + i + 1, vertical: true)     // b–c
                let bottom = Edge(index: (j + 1) * width + i, vertical: false) // d–c
                let left = Edge(index: j * width + i, vertical: true)          // a–d
                switch index {
                case 1, 14: segments.append((left, top))
                case 2, 13: segments.append((top, right))
                case 3, 12: segments.append((left, right))
                case 4, 11: segments.append((right, bottom))
                case 6, 9: segments.append((top, bottom))
                case 7, 8: segments.append((left, bottom))
                case 5, 10:
                    // A saddle: the mean of the corners says which pair is connected through the middle.
                    let centreHigh = (a + b + c + d) / 4 >= level
                    if (index == 5) == centreHigh {
                        segments.append((left, bottom))
                        segments.append((top, right))
                    } else {
                        segments.append((left, top))
                        segments.append((right, bottom))
                    }
                default: break
                }
            }
        }
        // The point where the level crosses an edge.
        func point(_ e: Edge) -> (Double, Double) {
            let i = e.index % width, j = e.index / width
            let p = values[e.index], q = e.vertical ? values[e.index + width] : values[e.index + 1]
            let t = p == q ? 0.5 : min(max((level - p) / (q - p), 0), 1)
            return e.vertical ? (Double(i), Double(j) + t) : (Double(i) + t, Double(j))
        }
        // Join segments end to end: each edge point belongs to at most two segments.
        var byEdge: [Edge: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            byEdge[s.0, default: []].append(k)
            byEdge[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines: [Line] = []
        func other(_ k: Int, _ e: Edge) -> Edge { segments[k].0 == e ? segments[k].1 : segments[k].0 }
        func next(after e: Edge) -> Int? { byEdge[e]?.first { !used[$0] } }
        // Open lines first (from an edge point with one segment), then the closed rings that remain.
        let starts = segments.indices.filter { byEdge[segments[$0].0]?.count == 1 || byEdge[segments[$0].1]?.count == 1 } + Array(segments.indices)
        for k in starts where !used[k] {
            used[k] = true
            var first = segments[k].0, last = segments[k].1
            if byEdge[first]?.count != 1 && byEdge[last]?.count == 1 { swap(&first, &last) }
            var edges = [first, last]
            while let n = next(after: last) {
                used[n] = true
                last = other(n, last)
                edges.append(last)
            }
            let closed = edges.count > 2 && edges.first == edges.last
            let points = edges.map(point)
            lines.append(Line(x: points.map(\.0), y: points.map(\.1), closed: closed))
        }
        return lines
    }
}
