import Canvas

/// Turns a supersampled glyph into MapLibre's SDF glyph by TinySDF's method (github.com/mapbox/tiny-sdf):
/// each coverage pixel seeds squared distances to the outline outside and inside the glyph, Felzenszwalb and
/// Huttenlocher's exact Euclidean distance transform spreads them (a 1D pass down every column, then along
/// every row), and the field is their square roots' difference, sampled at the centres of the 24 px pixels.
///
/// Keeps its scratch memory from glyph to glyph: one per thread.
struct SignedDistanceField {
    /// Field pixels around the ink on every side.
    static let border = SDFGlyph.border
    /// Pixels of distance the 0–255 range spans.
    static let radius = 8.0
    /// Where the outline sits in the range: 255 × (1 − cutoff) ≈ 191 is the edge.
    static let cutoff = 0.25

    /// Stands for "no such pixel": large, yet finite so that the difference of two is an exact zero.
    private static let far = 1e20

    /// Squared distances to the nearest ink (outer) and the nearest non-ink (inner), in grid pixels².
    private var outer: [Double] = []
    private var inner: [Double] = []
    /// The 1D transform's scratch: one line's values, its parabolas' vertices and where each takes over.
    private var line: [Double] = []
    private var vertices: [Int] = []
    private var boundaries: [Double] = []

    /// The SDF glyph of `codePoint` from its FreeType drawing, `top` measured from `ascender` (whole pixels)
    /// as glyph servers write it.
    mutating func glyph(_ codePoint: UInt32, _ bitmap: GlyphBitmap, ascender: Int) -> SDFGlyph {
        // Python's round() and the prototype round half to even; an advance is rarely a half.
        let advance = Int(bitmap.advance.rounded(.toNearestOrEven))
        guard let ink = bitmap.ink else {
            return SDFGlyph(id: codePoint, bitmap: [], width: 0, height: 0, left: 0, top: -ascender, advance: advance)
        }
        let left = Int(ink.minX.rounded(.down)), right = Int(ink.maxX.rounded(.up))
        let bottom = Int(ink.minY.rounded(.down)), top = Int(ink.maxY.rounded(.up))
        let width = right - left, height = top - bottom
        let fieldWidth = width + 2 * Self.border, fieldHeight = height + 2 * Self.border

        // The grid covers the field exactly, `scale` grid pixels to a field pixel; the ink lies inside the
        // border, so every pixel's nearest pixel of the other kind is on the grid.
        let scale = bitmap.scale
        let gridWidth = fieldWidth * scale, gridHeight = fieldHeight * scale
        seed(bitmap, gridWidth: gridWidth, gridHeight: gridHeight,
             columnOffset: bitmap.left - (left - Self.border) * scale, rowOffset: (top + Self.border) * scale - bitmap.top)
        transform(width: gridWidth, height: gridHeight)
        let field = sample(fieldWidth: fieldWidth, fieldHeight: fieldHeight, scale: scale)
        return SDFGlyph(id: codePoint, bitmap: field, width: width, height: height, left: left, top: top - ascender, advance: advance)
    }

    /// TinySDF's seeds: a covered pixel is at distance 0 from the ink and far from the outside, an empty one
    /// the reverse, and a partly covered one about half a pixel less its coverage from the outline.
    private mutating func seed(_ bitmap: GlyphBitmap, gridWidth: Int, gridHeight: Int, columnOffset: Int, rowOffset: Int) {
        let count = gridWidth * gridHeight
        if outer.count < count {
            outer = [Double](repeating: 0, count: count)
            inner = [Double](repeating: 0, count: count)
        }
        for i in 0..<count {
            outer[i] = Self.far
            inner[i] = 0
        }
        for row in 0..<bitmap.rows {
            let y = row + rowOffset
            guard y >= 0, y < gridHeight else { continue }
            for column in 0..<bitmap.width {
                let x = column + columnOffset
                let alpha = bitmap.coverage[row * bitmap.width + column]
                guard alpha > 0, x >= 0, x < gridWidth else { continue }
                let i = y * gridWidth + x
                if alpha == 255 {
                    outer[i] = 0
                    inner[i] = Self.far
                } else {
                    let d = 0.5 - Double(alpha) / 255
                    outer[i] = d > 0 ? d * d : 0
                    inner[i] = d < 0 ? d * d : 0
                }
            }
        }
    }

    /// Both grids' squared distance transforms, in place.
    private mutating func transform(width: Int, height: Int) {
        let longest = max(width, height)
        if line.count < longest {
            line = [Double](repeating: 0, count: longest)
            vertices = [Int](repeating: 0, count: longest)
            boundaries = [Double](repeating: 0, count: longest + 1)
        }
        // The scratch is taken out of self while pointers into it are live, and put back after.
        var line = self.line, vertices = self.vertices, boundaries = self.boundaries
        self.line = []
        self.vertices = []
        self.boundaries = []
        defer { (self.line, self.vertices, self.boundaries) = (line, vertices, boundaries) }
        line.withUnsafeMutableBufferPointer { f in
            vertices.withUnsafeMutableBufferPointer { v in
                boundaries.withUnsafeMutableBufferPointer { z in
                    outer.withUnsafeMutableBufferPointer { Self.transform2D($0, width: width, height: height, f, v, z) }
                    inner.withUnsafeMutableBufferPointer { Self.transform2D($0, width: width, height: height, f, v, z) }
                }
            }
        }
    }

    /// The field's bytes: each pixel's signed distance (positive outside) at its centre, mapped to 0–255 with
    /// the outline at 255 × (1 − cutoff). With an even scale the centre falls between the middle four grid
    /// pixels, whose mean is taken; with an odd one, on the middle pixel.
    private func sample(fieldWidth: Int, fieldHeight: Int, scale: Int) -> [UInt8] {
        let gridWidth = fieldWidth * scale
        let offsets = scale % 2 == 0 ? [scale / 2 - 1, scale / 2] : [scale / 2]
        let samples = Double(offsets.count * offsets.count), unit = Double(scale)
        var field = [UInt8](repeating: 0, count: fieldWidth * fieldHeight)
        for j in 0..<fieldHeight {
            for i in 0..<fieldWidth {
                var sum = 0.0
                for dy in offsets {
                    for dx in offsets {
                        let k = (j * scale + dy) * gridWidth + i * scale + dx
                        sum += outer[k].squareRoot() - inner[k].squareRoot()
                    }
                }
                let distance = sum / samples / unit
                let value = (255 - 255 * (distance / Self.radius + Self.cutoff)).rounded()
                field[j * fieldWidth + i] = UInt8(min(max(value, 0), 255))
            }
        }
        return field
    }

    /// The squared distance transform of a grid in place: down every column, then along every row.
    private static func transform2D(_ grid: UnsafeMutableBufferPointer<Double>, width: Int, height: Int,
                                    _ f: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Int>,
                                    _ z: UnsafeMutableBufferPointer<Double>) {
        for x in 0..<width { transform1D(grid, offset: x, stride: width, length: height, f, v, z) }
        for y in 0..<height { transform1D(grid, offset: y * width, stride: 1, length: width, f, v, z) }
    }

    /// Felzenszwalb and Huttenlocher's 1D transform: the lower envelope of the parabolas `(q − r)² + f(r)`,
    /// built in one pass (`v` their vertices, `z` where each takes over from the one before), read off in
    /// another.
    private static func transform1D(_ grid: UnsafeMutableBufferPointer<Double>, offset: Int, stride: Int, length: Int,
                                    _ f: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Int>,
                                    _ z: UnsafeMutableBufferPointer<Double>) {
        guard length > 0 else { return }
        f[0] = grid[offset]
        v[0] = 0
        z[0] = -far
        z[1] = far
        var k = 0
        for q in 1..<length {
            f[q] = grid[offset + q * stride]
            var s = 0.0
            // Drop the parabolas the new one hides entirely.
            while true {
                let r = v[k]
                s = (f[q] - f[r] + Double(q * q - r * r)) / Double(2 * (q - r))
                guard s <= z[k] else { break }
                k -= 1
                if k < 0 { break }
            }
            k += 1
            v[k] = q
            z[k] = s
            z[k + 1] = far
        }
        k = 0
        for q in 0..<length {
            while z[k + 1] < Double(q) { k += 1 }
            let r = v[k], d = Double(q - r)
            grid[offset + q * stride] = f[r] + d * d
        }
    }
}
