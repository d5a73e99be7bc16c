import CFreeType

/// Draws single glyphs of one face with FreeType at one pixel size, unhinted, for glyph atlases such as
/// MapLibre's SDF glyphs. It opens its own `FT_Face`: the one cairo draws with is rescaled and locked by
/// cairo and must not be touched outside it.
///
/// Not thread-safe (FreeType allows one thread per face at a time): use one rasterizer per thread or
/// request. Opening one costs well under a millisecond for a Latin face.
public final class GlyphRasterizer {
    /// The face's name in the catalogue.
    public let name: String
    /// The size glyphs are measured at: pixels per em.
    public let pixelSize: Int
    /// How many coverage pixels make one pixel of `pixelSize`, along each axis.
    public let scale: Int
    /// The face's ascender at `pixelSize` as FreeType scales it, in pixels (26.6 divided by 64, unrounded
    /// here: glyph servers truncate it).
    public let ascender: Double

    private let face: FT_Face
    /// Whether the face has outlines to draw (not only bitmaps).
    private let drawable: Bool
    /// `FT_GLYPH_FORMAT_OUTLINE`, which Swift cannot import (FreeType builds it with a macro): the tag `outl`.
    private static let outlineFormat: UInt32 = 0x6F75_746C

    /// Opens `fontFace`'s file again for drawing glyphs at `pixelSize` pixels per em, their coverage
    /// `scale` times larger. Throws only when the file cannot be opened; a face of bitmaps alone opens and
    /// has no glyph.
    public init(_ fontFace: FontFace, pixelSize: Int, scale: Int = 1) throws(CanvasError) {
        guard pixelSize > 0, pixelSize <= 1024, scale > 0, scale <= 16 else {
            throw CanvasError(.fontLoad, "a glyph rasterizer needs a pixel size of 1–1024 and a scale of 1–16, not \(pixelSize) and \(scale)")
        }
        var opened: FT_Face?
        let error = FreeTypeLibrary.shared.withLock { library -> FT_Error in
            guard let library else { return -1 }
            return FT_New_Face(library, fontFace.path, fontFace.index, &opened)
        }
        guard error == 0, let opened else {
            throw CanvasError(.fontLoad, "FreeType could not open \(fontFace.path) (error \(error)) to draw its glyphs; is the file still there?")
        }
        face = opened
        name = fontFace.name
        self.pixelSize = pixelSize
        self.scale = scale
        // A face of bitmaps only (a colour emoji font) has no outline to draw at this size: it stays open,
        // lacking every glyph, so that a range it would serve a few characters of is still made.
        guard opened.pointee.face_flags & FT_Long(FT_FACE_FLAG_SCALABLE) != 0,
              FT_Set_Pixel_Sizes(opened, 0, FT_UInt(pixelSize)) == 0, let size = opened.pointee.size else {
            drawable = false
            ascender = 0
            return
        }
        // Outlines load at `pixelSize` and are then scaled up exactly (16.16 fixed point, so ×scale is exact):
        // the coverage grid lines up with whole pixels of `pixelSize`.
        var matrix = FT_Matrix(xx: FT_Fixed(scale) << 16, xy: 0, yx: 0, yy: FT_Fixed(scale) << 16)
        FT_Set_Transform(opened, &matrix, nil)
        drawable = true
        ascender = Double(size.pointee.metrics.ascender) / 64
    }

    deinit {
        let face = face
        FreeTypeLibrary.shared.withLock { _ in _ = FT_Done_Face(face) }
    }

    /// Whether the face has a glyph for `scalar` that this rasterizer can draw (in its character map, with
    /// outlines).
    public func has(_ scalar: Unicode.Scalar) -> Bool {
        drawable && FT_Get_Char_Index(face, FT_ULong(scalar.value)) != 0
    }

    /// `scalar`'s glyph, or nil when the face lacks it or has no outline for it (a bitmap-only emoji).
    public func glyph(_ scalar: Unicode.Scalar) -> GlyphBitmap? {
        guard has(scalar) else { return nil }
        // Unhinted, as glyph servers draw: hinting would snap stems to the 24 px grid, not the grid the
        // glyph is finally drawn at.
        let flags = FT_Int32(FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP)
        guard FT_Load_Char(face, FT_ULong(scalar.value), flags) == 0, let slot = face.pointee.glyph,
              slot.pointee.format.rawValue == Self.outlineFormat else { return nil }
        // The metrics are not transformed; the outline is, by `scale`.
        let advance = Double(slot.pointee.metrics.horiAdvance) / 64
        let divisor = 64 * Double(scale)
        let ink = OutlineBounds.of(slot.pointee.outline).flatMap { box -> GlyphBitmap.Bounds? in
            guard box.maxX > box.minX, box.maxY > box.minY else { return nil }
            return GlyphBitmap.Bounds(minX: box.minX / divisor, minY: box.minY / divisor, maxX: box.maxX / divisor, maxY: box.maxY / divisor)
        }
        guard let ink else {
            return GlyphBitmap(advance: advance, ink: nil, scale: scale, width: 0, rows: 0, left: 0, top: 0, coverage: [])
        }
        guard FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0 else { return nil }
        let bitmap = slot.pointee.bitmap
        let width = Int(bitmap.width), rows = Int(bitmap.rows), pitch = Int(bitmap.pitch)
        var coverage = [UInt8](repeating: 0, count: width * rows)
        if width > 0, rows > 0, let buffer = bitmap.buffer, bitmap.pixel_mode == UInt8(FT_PIXEL_MODE_GRAY.rawValue) {
            coverage.withUnsafeMutableBufferPointer { out in
                for row in 0..<rows {
                    // A negative pitch stores the rows bottom up.
                    let source = pitch >= 0 ? buffer + row * pitch : buffer + (rows - 1 - row) * -pitch
                    for column in 0..<width { out[row * width + column] = source[column] }
                }
            }
        }
        return GlyphBitmap(advance: advance, ink: ink, scale: scale, width: width, rows: rows,
                           left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top), coverage: coverage)
    }
}
