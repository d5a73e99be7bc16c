/// Douglas–Peucker line simplification: the points a line keeps so that no dropped point is farther than
/// `tolerance` from the simplified line. Iterative (no recursion depth limit) and exact on planar
/// coordinates; project to pixels first to give the tolerance in pixels.
public enum LineSimplifier {
    /// Indices of the points kept, in order; the first and last are always kept.
    public static func simplify(x: [Double], y: [Double], tolerance: Double) -> [Int] {
        let n = min(x.count, y.count)
        guard n > 2 else { return Array(0..<n) }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true
        keep[n - 1] = true
        let limit = tolerance * tolerance
        var stack: [(Int, Int)] = [(0, n - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let ax = x[first], ay = y[first], dx = x[last] - ax, dy = y[last] - ay
            let length = dx * dx + dy * dy
            var farthest = -1, worst = limit
            for i in (first + 1)..<last {
                var px = x[i] - ax, py = y[i] - ay
                if length > 0 {
                    // Distance to the segment (not the infinite line), so that loops are kept.
                    let t = min(max((px * dx + py * dy) / length, 0), 1)
                    px -= t * dx
                    py -= t * dy
                }
                let d = px * px + py * py
                if d > worst {
                    worst = d
                    farthest = i
                }
            }
            if farthest >= 0 {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return keep.indices.filter { keep[$0] }
    }
}
