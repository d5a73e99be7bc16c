/// Clips projected geometry to a tile's rectangle, so that features repeated in neighbouring tiles' buffers
/// are drawn once and the pieces of one feature meet exactly at the tile edge.
struct GeometryClipper {
    let rect: PixelRect

    /// Clips a closed ring (Sutherland–Hodgman). Edges along the rectangle that the algorithm introduces
    /// are harmless for a non-zero fill.
    func clipRing(_ points: [Double]) -> [Double] {
        var current = points
        for edge in 0..<4 {
            guard current.count >= 6 else { return [] }
            var output: [Double] = []
            output.reserveCapacity(current.count + 8)
            let n = current.count / 2
            var px = current[2 * (n - 1)], py = current[2 * (n - 1) + 1]
            var pInside = inside(px, py, edge)
            for i in 0..<n {
                let cx = current[2 * i], cy = current[2 * i + 1]
                let cInside = inside(cx, cy, edge)
                if cInside != pInside {
                    let (ix, iy) = intersection(px, py, cx, cy, edge)
                    output.append(ix)
                    output.append(iy)
                }
                if cInside {
                    output.append(cx)
                    output.append(cy)
                }
                px = cx
                py = cy
                pInside = cInside
            }
            current = output
        }
        return current.count >= 6 ? current : []
    }

    /// Clips an open line string (Liang–Barsky per segment); it may fall apart into several pieces.
    func clipLine(_ points: [Double]) -> [[Double]] {
        var pieces: [[Double]] = []
        var piece: [Double] = []
        let n = points.count / 2
        guard n >= 2 else { return [] }
        for i in 0..<(n - 1) {
            let x0 = points[2 * i], y0 = points[2 * i + 1], x1 = points[2 * i + 2], y1 = points[2 * i + 3]
            guard let (a, b) = clipSegment(x0, y0, x1, y1) else {
                if piece.count >= 4 { pieces.append(piece) }
                piece = []
                continue
            }
            let sx = x0 + (x1 - x0) * a, sy = y0 + (y1 - y0) * a
            let ex = x0 + (x1 - x0) * b, ey = y0 + (y1 - y0) * b
            if piece.isEmpty || a > 0 {
                if piece.count >= 4 { pieces.append(piece) }
                piece = [sx, sy]
            }
            piece.append(ex)
            piece.append(ey)
            if b < 1 {
                pieces.append(piece)
                piece = []
            }
        }
        if piece.count >= 4 { pieces.append(piece) }
        return pieces
    }

    private func inside(_ x: Double, _ y: Double, _ edge: Int) -> Bool {
        switch edge {
        case 0: return x >= rect.minX
        case 1: return x <= rect.maxX
        case 2: return y >= rect.minY
        default: return y <= rect.maxY
        }
    }

    private func intersection(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ edge: Int) -> (Double, Double) {
        switch edge {
        case 0, 1:
            let x = edge == 0 ? rect.minX : rect.maxX
            let t = (x - x0) / (x1 - x0)
            return (x, y0 + (y1 - y0) * t)
        default:
            let y = edge == 2 ? rect.minY : rect.maxY
            let t = (y - y0) / (y1 - y0)
            return (x0 + (x1 - x0) * t, y)
        }
    }

    /// The parameter range of the segment inside the rectangle, or nil if it misses it.
    private func clipSegment(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (Double, Double)? {
        var t0 = 0.0, t1 = 1.0
        let dx = x1 - x0, dy = y1 - y0
        let checks = [(-dx, x0 - rect.minX), (dx, rect.maxX - x0), (-dy, y0 - rect.minY), (dy, rect.maxY - y0)]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return nil }
                    if r > t0 { t0 = r }
                } else {
                    if r < t0 { return nil }
                    if r < t1 { t1 = r }
                }
            }
        }
        return t0 < t1 ? (t0, t1) : nil
    }
}
