import Canvas

/// Fills a fill layer's features as a GPU fills MapLibre's triangles: a pixel belongs to a feature when its
/// centre lies inside (nonzero winding over the feature's rings), with no antialiasing, and takes the
/// colour composited source-over. A scanline filler of its own rather than cairo's, because cairo's
/// non-antialiased converter (1.16) fills across holes smaller than about two pixels — every small island in
/// a lake — where MapLibre leaves them open.
struct FillInsideRasterizer {
    /// User space (poster pixels) to the target's pixels.
    let matrix: DeviceTransform
    /// The device-pixel area drawn into (whole pixels).
    let clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    /// One non-horizontal edge in device pixels: x at row centre `y` is `x0 + (y - y0) * slope`.
    private struct Edge {
        var x0: Double, y0: Double, slope: Double
        /// First and last row whose centre it spans (top included, bottom left out).
        var firstRow: Int, lastRow: Int
        /// +1 going down, −1 going up.
        var direction: Int
    }

    /// What a filled pixel takes.
    private enum Shade {
        /// One premultiplied colour; its packed word when it is opaque.
        case color((Double, Double, Double, Double), opaqueWord: UInt32?)
        /// A repeating pattern read at each pixel's centre through `deviceToImage`, times `opacity`.
        case pattern(PrismPattern, deviceToImage: DeviceTransform, opacity: Double)
    }

    /// Fills each piece reaching `area` (user space) in `color` (straight alpha) into premultiplied ARGB32
    /// `pixels` (`stride` bytes a row). Pieces are filled one by one, so where translucent features overlap
    /// they blend twice, as MapLibre's triangles do.
    func fill(_ pieces: [PathPiece], color: RGBAColor, area: PixelRect, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        guard color.alpha > 0 else { return }
        let source = (color.red * color.alpha, color.green * color.alpha, color.blue * color.alpha, color.alpha)
        fill(pieces, .color(source, opaqueWord: color.alpha >= 1 ? PremultipliedPixel.pack(source) : nil), area, pixels, stride)
    }

    /// Fills each piece reaching `area` with `pattern` as MapLibre's fill-pattern program textures its
    /// triangles: every pixel whose centre lies inside takes the pattern's colour at that centre, traced
    /// back through the inverse of ``matrix`` (perspective-correct on a pitched view) and `userToImage`
    /// (user space to the pattern image's pixels), times `opacity`.
    func fill(_ pieces: [PathPiece], pattern: PrismPattern, userToImage: DeviceTransform, opacity: Double, area: PixelRect,
              into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        guard opacity > 0, let deviceToUser = matrix.inverted else { return }
        fill(pieces, .pattern(pattern, deviceToImage: userToImage.concatenating(deviceToUser), opacity: min(opacity, 1)), area, pixels, stride)
    }

    private func fill(_ pieces: [PathPiece], _ shade: Shade, _ area: PixelRect, _ pixels: UnsafeMutableRawBufferPointer, _ stride: Int) {
        guard clip.maxX > clip.minX, clip.maxY > clip.minY, let base = pixels.baseAddress else { return }
        var edges: [Edge] = []
        var crossings: [(x: Double, direction: Int)] = []
        for piece in pieces where piece.closed && piece.bounds.intersects(area) {
            edges.removeAll(keepingCapacity: true)
            collectEdges(piece, into: &edges)
            guard !edges.isEmpty else { continue }
            edges.sort { $0.firstRow < $1.firstRow }
            var next = 0
            var active: [Edge] = []
            var row = edges[0].firstRow
            while next < edges.count || !active.isEmpty {
                if active.isEmpty { row = max(row, edges[next].firstRow) }
                while next < edges.count && edges[next].firstRow <= row {
                    active.append(edges[next])
                    next += 1
                }
                let centre = Double(row) + 0.5
                crossings.removeAll(keepingCapacity: true)
                for edge in active { crossings.append((edge.x0 + (centre - edge.y0) * edge.slope, edge.direction)) }
                crossings.sort { $0.x < $1.x }
                spans(crossings, row: row, base: base, stride: stride, shade: shade)
                active.removeAll { $0.lastRow <= row }
                row += 1
            }
        }
    }

    /// The piece's ring edges in device pixels, limited to the clip's rows.
    private func collectEdges(_ piece: PathPiece, into edges: inout [Edge]) {
        piece.coordinates.withUnsafeBufferPointer { c in
            piece.forEachPart { range in
                let n = range.count
                guard n >= 3 else { return }
                for k in 0..<n {
                    let i = range.lowerBound + k, j = range.lowerBound + (k + 1) % n
                    let a = matrix.apply(x: Double(c[2 * i]), y: Double(c[2 * i + 1]))
                    let b = matrix.apply(x: Double(c[2 * j]), y: Double(c[2 * j + 1]))
                    guard a.y != b.y, a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { continue }
                    let (top, bottom, direction) = a.y < b.y ? (a, b, 1) : (b, a, -1)
                    // Rows whose centres lie in [top, bottom).
                    let first = max((top.y - 0.5).rounded(.up), Double(clip.minY))
                    let last = min((bottom.y - 0.5).rounded(.up) - 1, Double(clip.maxY - 1))
                    guard first <= last else { continue }
                    edges.append(Edge(x0: top.x, y0: top.y, slope: (bottom.x - top.x) / (bottom.y - top.y),
                                      firstRow: Int(first), lastRow: Int(last), direction: direction))
                }
            }
        }
    }

    /// Fills the pixels of one row whose centres lie where the winding is nonzero.
    private func spans(_ crossings: [(x: Double, direction: Int)], row: Int, base: UnsafeMutableRawPointer, stride: Int,
                       shade: Shade) {
        var winding = 0
        var start = 0.0
        let line = (base + row * stride).assumingMemoryBound(to: UInt32.self)
        for crossing in crossings {
            let before = winding
            winding += crossing.direction
            if before == 0 && winding != 0 {
                start = crossing.x
            } else if before != 0 && winding == 0 {
                // Pixels with start ≤ centre < end.
                let first = max((start - 0.5).rounded(.up), Double(clip.minX))
                let last = min((crossing.x - 0.5).rounded(.up) - 1, Double(clip.maxX - 1))
                guard first <= last else { continue }
                switch shade {
                case .color(_, opaqueWord: let word?):
                    for x in Int(first)...Int(last) { line[x] = word }
                case .color(let source, opaqueWord: nil):
                    // What lies under a span is mostly one colour (the background, another fill): each
                    // blend is worked out once per run of equal pixels.
                    var under = line[Int(first)], blended = PremultipliedPixel.over(source, under)
                    for x in Int(first)...Int(last) {
                        let pixel = line[x]
                        if pixel != under {
                            under = pixel
                            blended = PremultipliedPixel.over(source, pixel)
                        }
                        line[x] = blended
                    }
                case .pattern(let pattern, let deviceToImage, let opacity):
                    let y = Double(row) + 0.5
                    for x in Int(first)...Int(last) {
                        let uv = deviceToImage.apply(x: Double(x) + 0.5, y: y)
                        let c = pattern.sample(u: uv.x, v: uv.y)
                        guard c.3 > 0 else { continue }
                        line[x] = PremultipliedPixel.over((c.0 * opacity, c.1 * opacity, c.2 * opacity, c.3 * opacity), line[x])
                    }
                }
            }
        }
    }
}
