import Canvas

/// Draws a fill layer's antialiasing outline as MapLibre's fill-outline program does: every ring edge a
/// one-pixel GL line (per pixel step along its major axis, the pixel across it whose centre lies within half
/// a pixel of the edge), each fragment's alpha 1 − smoothstep(0, 1, d) for the distance d from the pixel's centre
/// to the edge, blended over the target. Edges along a tile's cut are left out, as the tile's stencil cuts
/// them off in MapLibre.
struct FillOutlineRasterizer {
    /// The GL line's width: WebGL implementations draw lines one pixel wide whatever width is asked for
    /// (the render tests' expected images agree).
    static let width = 1.0

    /// User space (poster pixels) to the target's pixels.
    let matrix: DeviceTransform
    /// The device-pixel area drawn into (whole pixels).
    let clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    /// Draws the outlines of the pieces reaching `area` (user space) in `color` (straight alpha) into
    /// premultiplied ARGB32 `pixels` (`stride` bytes a row).
    func draw(_ pieces: [PathPiece], color: RGBAColor, area: PixelRect, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        guard color.alpha > 0, clip.maxX > clip.minX, clip.maxY > clip.minY, let base = pixels.baseAddress else { return }
        let shading = (r: color.red * color.alpha, g: color.green * color.alpha, b: color.blue * color.alpha, a: color.alpha)
        for piece in pieces where piece.bounds.intersects(area) {
            piece.coordinates.withUnsafeBufferPointer { c in
                piece.forEachPart { range in
                    let n = range.count
                    guard n >= 2 else { return }
                    for k in 0..<n {
                        let i = range.lowerBound + k, j = range.lowerBound + (k + 1) % n
                        let x0 = Double(c[2 * i]), y0 = Double(c[2 * i + 1]), x1 = Double(c[2 * j]), y1 = Double(c[2 * j + 1])
                        if let cut = piece.cutRect, MapPainter.alongEdge(of: cut, x0, y0, x1, y1) { continue }
                        let a = matrix.apply(x: x0, y: y0), b = matrix.apply(x: x1, y: y1)
                        line(a, b, shading, base, stride)
                    }
                }
            }
        }
    }

    /// One edge from `a` to `b` (device pixels). Along the major axis the pixels whose centres lie from the
    /// start (included) to the end (left out) get a fragment, so that edges meeting at a vertex do not both
    /// draw it.
    private func line(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), _ c: (r: Double, g: Double, b: Double, a: Double),
                      _ base: UnsafeMutableRawPointer, _ stride: Int) {
        let dx = b.x - a.x, dy = b.y - a.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 1e-9, length.isFinite else { return }
        let xMajor = abs(dx) >= abs(dy)
        // Along the major axis: a, b and the clip in that axis; across it, the other.
        let (from, to, lo, hi) = xMajor ? (a.x, b.x, clip.minX, clip.maxX) : (a.y, b.y, clip.minY, clip.maxY)
        let (crossLo, crossHi) = xMajor ? (clip.minY, clip.maxY) : (clip.minX, clip.maxX)
        let forward = to > from
        // Pixel centres p + 0.5 with from ≤ centre < to (forward) or to < centre ≤ from (backward).
        var first = forward ? (from - 0.5).rounded(.up) : (to - 0.5).rounded(.down) + 1
        var last = forward ? (to - 0.5).rounded(.up) - 1 : (from - 0.5).rounded(.down)
        first = max(first, Double(lo))
        last = min(last, Double(hi - 1))
        guard first <= last else { return }
        let slope = xMajor ? dy / dx : dx / dy
        let halfWidth = Self.width / 2
        for p in Int(first)...Int(last) {
            let centre = Double(p) + 0.5
            let across = (xMajor ? a.y : a.x) + (centre - from) * slope
            // Across the line, the pixels whose centres lie within half the width: across - w/2 ≤ centre < across + w/2.
            let q0 = max((across - halfWidth - 0.5).rounded(.up), Double(crossLo))
            let q1 = min((across + halfWidth - 0.5).rounded(.up) - 1, Double(crossHi - 1))
            guard q0 <= q1 else { continue }
            for q in Int(q0)...Int(q1) {
                let (px, py) = xMajor ? (centre, Double(q) + 0.5) : (Double(q) + 0.5, centre)
                // Distance from the pixel's centre to the edge's line.
                let d = abs((px - a.x) * dy - (py - a.y) * dx) / length
                let k = 1 - LineRasterizer.smoothstep(0, 1, d)
                let (column, row) = xMajor ? (p, q) : (q, p)
                let pixel = (base + row * stride + column * 4).assumingMemoryBound(to: UInt32.self)
                LineRasterizer.blend(&pixel.pointee, c.r * k, c.g * k, c.b * k, c.a * k)
            }
        }
    }
}
