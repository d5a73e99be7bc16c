import CCairo
import Synchronization

/// Halos of glyphs drawn once and reused: the stroked outline of each glyph at a size and halo width, as
/// 8-bit coverage at each quarter-pixel position.
///
/// Stroking every label's outlines with round joins is most of what labels cost (a quarter of a labelled
/// poster's CPU time); a map repeats the same few dozen glyphs at the same sizes thousands of times. Each
/// glyph's outline is stroked once, at four times the resolution; its mask at a quarter-pixel position is that stroke
/// averaged over each 4 × 4 block, which is what antialiasing at the position computes. A label's halo is
/// its glyphs' masks combined (coverage over coverage, so that the halo is painted once and a translucent
/// halo is not darker where letters' halos overlap), then painted in the halo's colour. Glyph positions are
/// rounded to a quarter pixel, an eighth of a pixel at most: nothing a print shows.
///
/// One cache serves every slice a render draws in parallel.
public final class GlyphHaloCache: Sendable {
    /// Quarter pixels: the positions a glyph's mask is made for, and the fine stroke's scale.
    static let subpixelSteps = 4

    struct Key: Hashable {
        var face: ObjectIdentifier
        var glyph: UInt32
        var size: UInt64
        var width: UInt64
        var tolerance: UInt64
    }

    /// A glyph's stroked outline at one quarter-pixel position: `width` × `height` coverage bytes, row by
    /// row, whose top-left pixel is `left`, `top` pixels from the pixel the glyph's origin falls in.
    final class Mask: Sendable {
        let coverage: [UInt8]
        let left: Int, top: Int, width: Int, height: Int

        init(coverage: [UInt8], left: Int, top: Int, width: Int, height: Int) {
            self.coverage = coverage
            self.left = left
            self.top = top
            self.width = width
            self.height = height
        }
    }

    /// One glyph's stroke at four times the resolution, and the masks made from it so far.
    final class Stroke: Sendable {
        /// The fine stroke's extent, `width` × `height` fine pixels, its top-left one `left`, `top` fine pixels
        /// from the glyph's origin.
        let left: Int, top: Int, width: Int, height: Int
        private let masks = Mutex<[Mask?]>(Array(repeating: nil, count: GlyphHaloCache.subpixelSteps * GlyphHaloCache.subpixelSteps))

        /// Sums of the fine coverage above and left of each fine pixel corner, (`width` + 1) × (`height` + 1):
        /// any rectangle's sum is four of them. Wrapping arithmetic keeps a rectangle's sum exact (a mask
        /// pixel's 16 fine pixels add up to at most 4,080) however large the running sums get.
        private let sums: [UInt32]

        /// A stroke of coverage `fine` (`width` × `height`, row by row); only its running sums are kept.
        init(fine: [UInt8], left: Int, top: Int, width: Int, height: Int) {
            self.left = left
            self.top = top
            self.width = width
            self.height = height
            let columns = width + 1
            var sums = [UInt32](repeating: 0, count: columns * (height + 1))
            fine.withUnsafeBufferPointer { fine in
                sums.withUnsafeMutableBufferPointer { sums in
                    for row in 0..<height {
                        var across: UInt32 = 0
                        let above = row * columns, here = above + columns, base = row * width
                        for column in 0..<width {
                            across &+= UInt32(fine[base + column])
                            sums[here + column + 1] = sums[above + column + 1] &+ across
                        }
                    }
                }
            }
            self.sums = sums
        }

        /// The mask with the glyph's origin `x`, `y` quarter pixels into its pixel.
        func mask(subpixelX x: Int, subpixelY y: Int) -> Mask {
            let slot = y * GlyphHaloCache.subpixelSteps + x
            if let known = masks.withLock({ $0[slot] }) { return known }
            let made = downsampled(x, y)
            return masks.withLock { stored in
                if let earlier = stored[slot] { return earlier }
                stored[slot] = made
                return made
            }
        }

        /// Each pixel the mean of the 4 × 4 fine pixels it covers with the origin moved by (`sx`, `sy`) fine pixels
        /// (fewer at the stroke's edges, where the rest are empty), from four of the stroke's running sums.
        private func downsampled(_ sx: Int, _ sy: Int) -> Mask {
            let n = GlyphHaloCache.subpixelSteps
            func floorDiv(_ a: Int) -> Int { a >= 0 ? a / n : -((-a + n - 1) / n) }
            // Fine column c (from the origin) lies in pixel floor((c + sx) / 4) from the origin's pixel.
            let minX = floorDiv(left + sx), maxX = floorDiv(left + width - 1 + sx)
            let minY = floorDiv(top + sy), maxY = floorDiv(top + height - 1 + sy)
            let w = maxX - minX + 1, h = maxY - minY + 1
            // The fine columns and rows each pixel column and row covers: from its first to past its last.
            let columnEdges = (0...w).map { min(max((minX + $0) * n - left - sx, 0), width) }
            let rowEdges = (0...h).map { min(max((minY + $0) * n - top - sy, 0), height) }
            let area = UInt32(n * n), columns = width + 1
            var coverage = [UInt8](repeating: 0, count: w * h)
            sums.withUnsafeBufferPointer { sums in
                coverage.withUnsafeMutableBufferPointer { coverage in
                    for y in 0..<h {
                        let top = rowEdges[y] * columns, bottom = rowEdges[y + 1] * columns
                        for x in 0..<w {
                            let c0 = columnEdges[x], c1 = columnEdges[x + 1]
                            let sum = sums[bottom + c1] &- sums[top + c1] &- sums[bottom + c0] &+ sums[top + c0]
                            coverage[y * w + x] = UInt8((sum + area / 2) / area)
                        }
                    }
                }
            }
            return Mask(coverage: coverage, left: minX, top: minY, width: w, height: h)
        }
    }

    private let strokes = Mutex<[Key: Stroke]>([:])

    public init() {}

    /// The mask of `glyph` of `face` at `size` pixels, stroked `2 × width` wide with round joins at curve
    /// `tolerance`, its origin at (`subpixelX`, `subpixelY`) quarter pixels into its pixel; nil if cairo
    /// cannot stroke it.
    func mask(face: FontFace, glyph: UInt32, size: Double, width: Double, tolerance: Double, subpixelX: Int, subpixelY: Int) -> Mask? {
        let steps = Self.subpixelSteps
        guard (0..<steps).contains(subpixelX), (0..<steps).contains(subpixelY) else { return nil }
        let key = Key(face: ObjectIdentifier(face), glyph: glyph, size: size.bitPattern, width: width.bitPattern, tolerance: tolerance.bitPattern)
        if let known = strokes.withLock({ $0[key] }) { return known.mask(subpixelX: subpixelX, subpixelY: subpixelY) }
        guard let made = Self.stroke(face: face, glyph: glyph, size: size, width: width, tolerance: tolerance) else { return nil }
        // Another slice may have made the same stroke meanwhile: the first stored is kept.
        let stroke = strokes.withLock { stored in
            if let earlier = stored[key] { return earlier }
            stored[key] = made
            return made
        }
        return stroke.mask(subpixelX: subpixelX, subpixelY: subpixelY)
    }

    /// Strokes one glyph, its origin at a pixel's corner, at ``subpixelSteps`` times the resolution into
    /// coverage just large enough for it. The outline is the one cairo draws the glyph with at `size` (hinted
    /// at that size), scaled up; the stroke's width keeps its size in output pixels, and curves are flattened to
    /// `tolerance` fine pixels (flattened to output pixels, they leave specks where the 4 × 4 averages add up).
    private static func stroke(face: FontFace, glyph: UInt32, size: Double, width: Double, tolerance: Double) -> Stroke? {
        // The glyph's outline and ink box at its size, from a scratch context (the font's metrics need one).
        guard let scratchSurface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else { return nil }
        defer { cairo_surface_destroy(scratchSurface) }
        guard let scratch = cairo_create(scratchSurface) else { return nil }
        defer { cairo_destroy(scratch) }
        cairo_set_font_face(scratch, face.cairoFace)
        cairo_set_font_size(scratch, size)
        var one = cairo_glyph_t(index: UInt(glyph), x: 0, y: 0)
        var extents = cairo_text_extents_t()
        cairo_glyph_extents(scratch, &one, 1, &extents)
        cairo_glyph_path(scratch, &one, 1)
        guard let outline = cairo_copy_path(scratch) else { return nil }
        defer { cairo_path_destroy(outline) }
        guard outline.pointee.status == CAIRO_STATUS_SUCCESS else { return nil }
        // The stroke reaches `width` beyond the outline (round joins), plus a pixel for antialiasing.
        let scale = Double(subpixelSteps), reach = width + 1
        let left = Int(((extents.x_bearing - reach) * scale).rounded(.down))
        let top = Int(((extents.y_bearing - reach) * scale).rounded(.down))
        let right = Int(((extents.x_bearing + extents.width + reach) * scale).rounded(.up))
        let bottom = Int(((extents.y_bearing + extents.height + reach) * scale).rounded(.up))
        let w = max(right - left, 1), h = max(bottom - top, 1)
        guard w <= 8192, h <= 8192, let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(w), Int32(h)) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cairo = cairo_create(surface) else { return nil }
        cairo_set_tolerance(cairo, tolerance)
        cairo_translate(cairo, -Double(left), -Double(top))
        cairo_scale(cairo, scale, scale)
        cairo_append_path(cairo, outline)
        cairo_set_line_width(cairo, 2 * width)
        cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
        cairo_stroke(cairo)
        let status = cairo_status(cairo)
        cairo_destroy(cairo)
        cairo_surface_flush(surface)
        guard status == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var fine = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w { fine[y * w + x] = data[y * stride + x] }
        }
        return Stroke(fine: fine, left: left, top: top, width: w, height: h)
    }
}
