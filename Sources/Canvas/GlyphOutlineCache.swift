import CCairo
import Synchronization

/// Glyph outlines taken from cairo once per face, size and glyph, for the glyphs that are drawn turned: labels
/// along lines, and glyphs lying on a pitched map's ground.
///
/// cairo sets a turned glyph with a scaled font of its own for every angle: each is created and looked up under
/// cairo's global font lock, has an empty glyph cache, and is rasterised by FreeType and composited while
/// cairo's global glyph lock is held, so the slices a render draws in parallel wait for each other (on a
/// labelled osm-liberty poster, 4,400 turned glyphs cost 20 ms of the slices' time). Drawn from its outline
/// instead, a turned glyph is the outline of the unturned glyph at its size (unhinted, as turned glyphs are
/// drawn), turned point by point: filled by ``OutlineCoverage`` straight into the pixels, or added to cairo's
/// path for a halo, neither under a global lock.
///
/// One cache serves every slice a render draws in parallel.
public final class GlyphOutlineCache: Sendable {
    struct Key: Hashable {
        var face: ObjectIdentifier
        var glyph: UInt32
        var size: UInt64
    }

    /// One glyph's outline in pixels at its size, its origin at (0, 0), y down: cairo's path (freed with it)
    /// for strokes, and its contours flattened to lines for ``OutlineCoverage``: x, y pairs one contour after
    /// another, each contour ending (exclusive, in `points`) where `ends` says.
    final class Outline: @unchecked Sendable {
        // @unchecked: the path is written once, by cairo_copy_path, and only read afterwards
        // (cairo_append_path reads it); it is freed in deinit, when nothing holds the outline.
        let path: UnsafeMutablePointer<cairo_path_t>
        let points: [Double]
        let ends: [Int]

        init(path: UnsafeMutablePointer<cairo_path_t>, contours: [[Double]]) {
            self.path = path
            points = contours.flatMap { $0 }
            var end = 0
            ends = contours.map { contour in
                end += contour.count
                return end
            }
        }

        deinit { cairo_path_destroy(path) }
    }

    /// Curves are flattened to within this many pixels of the outline: finer than a glyph's antialiasing shows.
    static let flatness = 0.1

    private let outlines = Mutex<[Key: Outline]>([:])

    public init() {}

    /// How many outlines the cache holds.
    var count: Int { outlines.withLock { $0.count } }

    /// The outline of `glyph` of `face` at `size` pixels, unhinted; nil if cairo cannot give it.
    func outline(face: FontFace, glyph: UInt32, size: Double) -> Outline? {
        let key = Key(face: ObjectIdentifier(face), glyph: glyph, size: size.bitPattern)
        if let known = outlines.withLock({ $0[key] }) { return known }
        guard let made = Self.outline(face: face, glyph: glyph, size: size) else { return nil }
        // Another slice may have taken the same outline meanwhile: the first stored is kept.
        return outlines.withLock { stored in
            if let earlier = stored[key] { return earlier }
            stored[key] = made
            return made
        }
    }

    private static func outline(face: FontFace, glyph: UInt32, size: Double) -> Outline? {
        guard size > 0, size.isFinite, let scratchSurface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1) else { return nil }
        defer { cairo_surface_destroy(scratchSurface) }
        guard let scratch = cairo_create(scratchSurface) else { return nil }
        defer { cairo_destroy(scratch) }
        guard let unhinted = cairo_font_options_create() else { return nil }
        defer { cairo_font_options_destroy(unhinted) }
        // As a turned glyph is drawn (see DrawingContext.forEachBatch): hinting fits an outline to a grid the
        // turned glyph no longer lies on.
        cairo_font_options_set_hint_style(unhinted, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(unhinted, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(scratch, unhinted)
        cairo_set_font_face(scratch, face.cairoFace)
        cairo_set_font_size(scratch, size)
        var one = cairo_glyph_t(index: UInt(glyph), x: 0, y: 0)
        cairo_glyph_path(scratch, &one, 1)
        guard cairo_status(scratch) == CAIRO_STATUS_SUCCESS, let path = cairo_copy_path(scratch) else { return nil }
        cairo_set_tolerance(scratch, flatness)
        guard path.pointee.status == CAIRO_STATUS_SUCCESS, let flat = cairo_copy_path_flat(scratch) else {
            cairo_path_destroy(path)
            return nil
        }
        defer { cairo_path_destroy(flat) }
        guard flat.pointee.status == CAIRO_STATUS_SUCCESS else {
            cairo_path_destroy(path)
            return nil
        }
        return Outline(path: path, contours: contours(of: flat.pointee))
    }

    /// A flattened path's contours as x, y pairs (a closing point equal to the first is dropped).
    private static func contours(of path: cairo_path_t) -> [[Double]] {
        var contours: [[Double]] = []
        var current: [Double] = []
        var i = 0
        while i < Int(path.num_data) {
            let header = path.data[i].header
            switch header.type {
            case CAIRO_PATH_MOVE_TO:
                if current.count >= 6 { contours.append(current) }
                current = [path.data[i + 1].point.x, path.data[i + 1].point.y]
            case CAIRO_PATH_LINE_TO:
                current += [path.data[i + 1].point.x, path.data[i + 1].point.y]
            case CAIRO_PATH_CLOSE_PATH:
                if current.count >= 4, current[current.count - 2] == current[0], current[current.count - 1] == current[1] {
                    current.removeLast(2)
                }
                if current.count >= 6 { contours.append(current) }
                current = []
            default:
                // A flattened path has no curves; a curve here would be cairo's error, and is left out.
                break
            }
            i += Int(header.length)
        }
        if current.count >= 6 { contours.append(current) }
        return contours
    }
}
