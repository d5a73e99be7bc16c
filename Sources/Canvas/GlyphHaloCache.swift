import CCairo
import Synchronization

/// Halos of glyphs drawn once and reused: the stroked outline of each glyph at a size, halo width and
/// quarter-pixel position, as an 8-bit coverage mask.
///
/// Stroking every label's outlines with round joins is most of what labels cost (a quarter of a labelled
/// poster's CPU time); a map repeats the same few dozen glyphs at the same sizes thousands of times. A
/// label's halo is its glyphs' masks combined (coverage over coverage, so that the halo is painted once and a
/// translucent halo is not darker where letters' halos overlap), then painted in the halo's colour. Glyph
/// positions are rounded to a quarter pixel, an eighth of a pixel at most: nothing a print shows.
///
/// One cache serves every slice a render draws in parallel.
public final class GlyphHaloCache: Sendable {
    /// Quarter pixels: the positions a glyph's mask is drawn at.
    static let subpixelSteps = 4

    struct Key: Hashable {
        var face: ObjectIdentifier
        var glyph: UInt32
        var size: UInt64
        var width: UInt64
        var tolerance: UInt64
        var subpixelX: Int
        var subpixelY: Int
    }

    /// A glyph's stroked outline: coverage in an A8 surface whose top-left pixel is `left`, `top` pixels from
    /// the pixel the glyph's origin falls in.
    final class Mask: @unchecked Sendable {
        // @unchecked: the surface is written once, before the mask is shared, and only read after.
        let surface: OpaquePointer
        let left: Int, top: Int, width: Int, height: Int

        init(surface: OpaquePointer, left: Int, top: Int, width: Int, height: Int) {
            self.surface = surface
            self.left = left
            self.top = top
            self.width = width
            self.height = height
        }

        deinit { cairo_surface_destroy(surface) }
    }

    private let masks = Mutex<[Key: Mask]>([:])

    public init() {}

    /// The mask of `glyph` of `face` at `size` pixels, stroked `2 × width` wide with round joins at curve
    /// `tolerance`, its origin at (`subpixelX`, `subpixelY`) quarter pixels into its pixel; nil if cairo
    /// cannot make it.
    func mask(face: FontFace, glyph: UInt32, size: Double, width: Double, tolerance: Double, subpixelX: Int, subpixelY: Int) -> Mask? {
        let key = Key(face: ObjectIdentifier(face), glyph: glyph, size: size.bitPattern, width: width.bitPattern,
                      tolerance: tolerance.bitPattern, subpixelX: subpixelX, subpixelY: subpixelY)
        if let known = masks.withLock({ $0[key] }) { return known }
        guard let made = Self.stroke(face: face, glyph: glyph, size: size, width: width, tolerance: tolerance,
                                     offset: (Double(subpixelX) / Double(Self.subpixelSteps), Double(subpixelY) / Double(Self.subpixelSteps)))
        else { return nil }
        // Another slice may have made the same mask meanwhile: the first stored is kept.
        return masks.withLock { stored in
            if let earlier = stored[key] { return earlier }
            stored[key] = made
            return made
        }
    }

    /// Strokes one glyph into a fresh A8 surface just large enough for it.
    private static func stroke(face: FontFace, glyph: UInt32, size: Double, width: Double, tolerance: Double,
                               offset: (x: Double, y: Double)) -> Mask? {
        // The glyph's ink box, from a scratch context (the font's metrics need one).
        guard let scratchSurface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1) else { return nil }
        defer { cairo_surface_destroy(scratchSurface) }
        guard let scratch = cairo_create(scratchSurface) else { return nil }
        defer { cairo_destroy(scratch) }
        cairo_set_font_face(scratch, face.cairoFace)
        cairo_set_font_size(scratch, size)
        var one = cairo_glyph_t(index: UInt(glyph), x: 0, y: 0)
        var extents = cairo_text_extents_t()
        cairo_glyph_extents(scratch, &one, 1, &extents)
        // The stroke reaches `width` beyond the outline (round joins), plus a pixel for antialiasing.
        let reach = width + 2
        let left = Int((offset.x + extents.x_bearing - reach).rounded(.down))
        let top = Int((offset.y + extents.y_bearing - reach).rounded(.down))
        let right = Int((offset.x + extents.x_bearing + extents.width + reach).rounded(.up))
        let bottom = Int((offset.y + extents.y_bearing + extents.height + reach).rounded(.up))
        let w = max(right - left, 1), h = max(bottom - top, 1)
        guard w <= 4096, h <= 4096, let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(w), Int32(h)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        let mask = Mask(surface: surface, left: left, top: top, width: w, height: h)
        guard let cairo = cairo_create(surface) else { return nil }
        defer { cairo_destroy(cairo) }
        cairo_set_tolerance(cairo, tolerance)
        cairo_set_font_face(cairo, face.cairoFace)
        cairo_set_font_size(cairo, size)
        one.x = offset.x - Double(left)
        one.y = offset.y - Double(top)
        cairo_glyph_path(cairo, &one, 1)
        cairo_set_line_width(cairo, 2 * width)
        cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
        cairo_stroke(cairo)
        cairo_surface_flush(surface)
        guard cairo_status(cairo) == CAIRO_STATUS_SUCCESS else { return nil }
        return mask
    }
}
