import CCairo
import CFreeType
import CHarfBuzz
import Foundation

/// One font file loaded twice over: a FreeType face that cairo draws with, and a separate HarfBuzz font
/// that shapes text. They must not share one `FT_Face`: cairo rescales a shared face while drawing and
/// HarfBuzz then returns wrong advances.
public final class FontFace: @unchecked Sendable {
    // @unchecked: every handle is immutable after init; HarfBuzz fonts are safe to shape with from several
    // threads once set up, and cairo reference-counts and locks its font faces itself.

    /// The catalogue name: the file name without its extension, e.g. `Inter-SemiBold`.
    public let name: String
    /// The file the face was read from.
    public let path: String
    /// The face's index in its file (a font collection, `.ttc`, holds several); 0 for a single font.
    public let index: Int
    /// Font design units per em.
    public let unitsPerEm: Double

    let cairoFace: OpaquePointer
    private let hbBlob: OpaquePointer
    private let hbFace: OpaquePointer
    let hbFont: OpaquePointer

    /// Loads a TrueType or OpenType font file, or face `index` of a font collection.
    public init(path: String, index: Int = 0, name: String? = nil) throws(CanvasError) {
        self.path = path
        self.index = index
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.name = name ?? (index == 0 ? base : "\(base)#\(index)")
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CanvasError(.fontLoad, "font file \(path) is missing or unreadable; check the Fonts/ directory")
        }

        var loadedFace: FT_Face?
        let error = FreeTypeLibrary.shared.withLock { library -> FT_Error in
            guard let library else { return -1 }
            return FT_New_Face(library, path, index, &loadedFace)
        }
        guard error == 0, let ftFace = loadedFace else {
            throw CanvasError(.fontLoad, "FreeType could not read \(path) (error \(error)); is it a TrueType/OpenType font?")
        }
        guard let created = cairo_ft_font_face_create_for_ft_face(ftFace, 0),
              cairo_font_face_status(created) == CAIRO_STATUS_SUCCESS
        else {
            FreeTypeLibrary.shared.withLock { _ in _ = FT_Done_Face(ftFace) }
            throw CanvasError(.fontLoad, "cairo could not use the font \(path)")
        }
        // cairo may keep the face in its caches after we let go of it: free the FT_Face only when cairo
        // destroys its font face.
        let attachStatus = cairo_font_face_set_user_data(created, &FontFace.ftFaceKey, UnsafeMutableRawPointer(ftFace)) { pointer in
            guard let pointer else { return }
            FreeTypeLibrary.shared.withLock { _ in
                _ = FT_Done_Face(pointer.assumingMemoryBound(to: FT_FaceRec_.self))
            }
        }
        if attachStatus != CAIRO_STATUS_SUCCESS {
            cairo_font_face_destroy(created)
            FreeTypeLibrary.shared.withLock { _ in _ = FT_Done_Face(ftFace) }
            throw CanvasError(.fontLoad, "cairo could not take ownership of the font \(path)")
        }
        cairoFace = created

        guard let blob = hb_blob_create_from_file(path), hb_blob_get_length(blob) > 0 else {
            cairo_font_face_destroy(created)
            throw CanvasError(.fontLoad, "HarfBuzz could not read \(path)")
        }
        hbBlob = blob
        hbFace = hb_face_create(blob, UInt32(index))
        hbFont = hb_font_create(hbFace)
        unitsPerEm = Double(hb_face_get_upem(hbFace))
        // Shape in font units; callers scale by size / unitsPerEm, so one font serves every size.
        hb_font_set_scale(hbFont, Int32(unitsPerEm), Int32(unitsPerEm))
        hb_font_make_immutable(hbFont)
    }

    deinit {
        hb_font_destroy(hbFont)
        hb_face_destroy(hbFace)
        hb_blob_destroy(hbBlob)
        cairo_font_face_destroy(cairoFace)
    }

    nonisolated(unsafe) private static var ftFaceKey = cairo_user_data_key_t()

    /// Whether the font has a glyph for a character.
    public func covers(_ scalar: Unicode.Scalar) -> Bool {
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hbFont, scalar.value, &glyph) != 0
    }

    /// Vertical metrics at a font size, in pixels (ascender positive up, descender negative).
    public func metrics(size: Double) -> FontMetrics {
        var extents = hb_font_extents_t()
        hb_font_get_h_extents(hbFont, &extents)
        var capHeight: hb_position_t = 0
        let hasCapHeight = hb_ot_metrics_get_position(hbFont, HB_OT_METRICS_TAG_CAP_HEIGHT, &capHeight) != 0
        let scale = size / unitsPerEm
        return FontMetrics(ascender: Double(extents.ascender) * scale,
                           descender: Double(extents.descender) * scale,
                           lineGap: Double(extents.line_gap) * scale,
                           capHeight: hasCapHeight ? Double(capHeight) * scale : Double(extents.ascender) * scale * 0.7)
    }
}

/// Vertical font metrics in pixels at one size.
public struct FontMetrics: Sendable, Equatable {
    public var ascender: Double
    public var descender: Double
    public var lineGap: Double
    public var capHeight: Double
}
