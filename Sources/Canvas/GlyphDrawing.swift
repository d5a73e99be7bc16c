import CCairo
import Foundation

/// One glyph placed on the page: its face, its baseline origin (device pixels) and how far it is turned
/// (radians, clockwise), for labels that follow a line glyph by glyph.
public struct PlacedGlyph: Sendable {
    public var face: FontFace
    public var id: UInt32
    public var x: Double
    public var y: Double
    public var angle: Double
    /// The plane the glyph lies in, where it is not the page: a linear map (its x0 and y0 are ignored)
    /// applied about the glyph's origin before its `angle` — a pitched map's ground, foreshortened where
    /// the glyph stands. Nil for glyphs on the page.
    public var plane: DeviceTransform?

    public init(face: FontFace, id: UInt32, x: Double, y: Double, angle: Double = 0, plane: DeviceTransform? = nil) {
        self.face = face
        self.id = id
        self.x = x
        self.y = y
        self.angle = angle
        self.plane = plane
    }

    /// Whether the glyph is drawn upright on the page (no angle, no plane of its own).
    var isUpright: Bool { angle == 0 && plane == nil }
}

extension ShapedText {
    /// The glyphs with their baseline origin at (x, y), unturned.
    public func placedGlyphs(x: Double, y: Double) -> [PlacedGlyph] {
        runs.flatMap { run in run.glyphs.map { PlacedGlyph(face: run.face, id: $0.id, x: x + $0.x, y: y + $0.y) } }
    }
}

extension DrawingContext {
    /// Draws glyphs at `size` pixels in `color`, over a halo: the glyphs' outlines stroked `haloWidth`
    /// pixels wide on each side in `haloColor` first, so that text stays readable over busy map detail.
    ///
    /// With `halos`, the halo of a label drawn upright into an image is painted from the cache's glyph masks
    /// (``GlyphHaloCache``) instead of stroked; a PDF, a turned glyph or a turned context is still stroked.
    /// With `outlines`, turned glyphs drawn into an image come from the cache's outlines (``GlyphOutlineCache``):
    /// filled straight into its pixels, or added to cairo's path for a halo, instead of a scaled font for each
    /// angle.
    public func draw(glyphs: [PlacedGlyph], size: Double, color: RGBAColor, haloColor: RGBAColor? = nil, haloWidth: Double = 0,
                     halos: GlyphHaloCache? = nil, outlines: GlyphOutlineCache? = nil) {
        guard !glyphs.isEmpty else { return }
        // A PDF keeps its turned glyphs as text (a font's glyphs, not filled paths).
        let outlines = targetImage == nil ? nil : outlines
        if let haloColor, haloWidth > 0, haloColor.alpha > 0,
           let halos, paintHalo(glyphs, size: size, color: haloColor, width: haloWidth, from: halos) {
            // Painted from the masks.
        } else if let haloColor, haloWidth > 0, haloColor.alpha > 0 {
            cairo_new_path(cairo)
            // Turned glyphs' outlines join the path as they are; cairo_stroke strokes them with the rest.
            forEachBatch(glyphs, size: size, outlines: outlines, turned: {}) { cairo_glyph_path(cairo, $0, $1) }
            setColor(haloColor)
            cairo_set_line_width(cairo, 2 * haloWidth)
            cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
            cairo_stroke(cairo)
        }
        setColor(color)
        cairo_new_path(cairo)
        var byCairo = glyphs
        if let outlines, let image = targetImage, glyphs.contains(where: { !$0.isUpright }) {
            byCairo = fillTurned(glyphs, size: size, color: color, outlines: outlines, image: image)
        }
        forEachBatch(byCairo, size: size, outlines: outlines, turned: { cairo_fill(cairo) }) { cairo_show_glyphs(cairo, $0, $1) }
    }

    /// Fills the turned glyphs among `glyphs` from their outlines straight into `image`'s pixels, within the
    /// context's clip; returns the glyphs left for cairo (the upright ones, and any without an outline).
    private func fillTurned(_ glyphs: [PlacedGlyph], size: Double, color: RGBAColor, outlines: GlyphOutlineCache,
                            image: ImageSurface) -> [PlacedGlyph] {
        // The clip's extent in device pixels: partly covered pixels on its edge count as inside.
        var x1 = 0.0, y1 = 0.0, x2 = 0.0, y2 = 0.0
        cairo_save(cairo)
        cairo_identity_matrix(cairo)
        cairo_clip_extents(cairo, &x1, &y1, &x2, &y2)
        cairo_restore(cairo)
        guard x1.isFinite, y1.isFinite, x2.isFinite, y2.isFinite, x2 - x1 < 1e9, y2 - y1 < 1e9 else { return glyphs }
        let clip = PixelBounds(minX: max(0, Int(x1.rounded(.down))), minY: max(0, Int(y1.rounded(.down))),
                               maxX: min(image.width, Int(x2.rounded(.up))), maxY: min(image.height, Int(y2.rounded(.up))))
        let context = currentTransform
        var left: [PlacedGlyph] = []
        var coverage = OutlineCoverage()
        var placed: [Double] = []
        image.withMutablePixels { pixels in
            for glyph in glyphs {
                guard !glyph.isUpright, let outline = outlines.outline(face: glyph.face, glyph: glyph.id, size: size) else {
                    left.append(glyph)
                    continue
                }
                // As cairo turns it: about its origin by its angle, in its plane, then into the context.
                var matrix = context.concatenating(DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 1, x0: glyph.x, y0: glyph.y))
                if let plane = glyph.plane {
                    let determinant = plane.xx * plane.yy - plane.xy * plane.yx
                    // A plane seen edge on has nothing to show.
                    guard determinant != 0, determinant.isFinite else { continue }
                    matrix = matrix.concatenating(DeviceTransform(xx: plane.xx, yx: plane.yx, xy: plane.xy, yy: plane.yy, x0: 0, y0: 0))
                }
                let (c, s) = (cos(glyph.angle), sin(glyph.angle))
                matrix = matrix.concatenating(DeviceTransform(xx: c, yx: s, xy: -s, yy: c, x0: 0, y0: 0))
                placed.removeAll(keepingCapacity: true)
                var i = 0
                while i + 1 < outline.points.count {
                    let point = matrix.apply(x: outline.points[i], y: outline.points[i + 1])
                    placed.append(point.x)
                    placed.append(point.y)
                    i += 2
                }
                if !coverage.fill(placed, ends: outline.ends, color: color, clip: clip, into: pixels, stride: image.stride) { left.append(glyph) }
            }
        }
        return left
    }

    /// Paints the halo of upright `glyphs` from `halos`' masks: their coverage combined in one mask over the
    /// label, then `color` through it. False (nothing drawn) where masks do not apply: not an image, a context
    /// that is more than a translation, a turned glyph.
    private func paintHalo(_ glyphs: [PlacedGlyph], size: Double, color: RGBAColor, width: Double, from halos: GlyphHaloCache) -> Bool {
        let t = currentTransform
        guard targetImage != nil, t.isAffine, t.xx == 1, t.yy == 1, t.xy == 0, t.yx == 0,
              glyphs.allSatisfy({ $0.isUpright && $0.x.isFinite && $0.y.isFinite }) else { return false }
        let steps = GlyphHaloCache.subpixelSteps
        let tolerance = cairo_get_tolerance(cairo)
        var placed: [(mask: GlyphHaloCache.Mask, x: Int, y: Int)] = []
        placed.reserveCapacity(glyphs.count)
        var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
        for glyph in glyphs {
            // Device position in quarter pixels: the pixel and the quarter within it.
            let qx = ((glyph.x + t.x0) * Double(steps)).rounded(), qy = ((glyph.y + t.y0) * Double(steps)).rounded()
            guard abs(qx) < 1e9, abs(qy) < 1e9 else { return false }
            let ix = Int(qx), iy = Int(qy)
            let px = ix >= 0 ? ix / steps : -((-ix + steps - 1) / steps), py = iy >= 0 ? iy / steps : -((-iy + steps - 1) / steps)
            guard let mask = halos.mask(face: glyph.face, glyph: glyph.id, size: size, width: width, tolerance: tolerance,
                                        subpixelX: ix - px * steps, subpixelY: iy - py * steps) else { return false }
            let x = px + mask.left, y = py + mask.top
            placed.append((mask, x, y))
            minX = min(minX, x)
            minY = min(minY, y)
            maxX = max(maxX, x + mask.width)
            maxY = max(maxY, y + mask.height)
        }
        guard minX < maxX, minY < maxY, maxX - minX <= 1 << 14, maxY - minY <= 1 << 14 else { return false }
        let width = maxX - minX, height = maxY - minY
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_A8, Int32(width)))
        var combined = [UInt8](repeating: 0, count: stride * height)
        // Coverage over coverage (a + b − ab): the union of the glyphs' halos, each pixel painted once below.
        for (mask, x, y) in placed {
            mask.coverage.withUnsafeBufferPointer { source in
                for row in 0..<mask.height {
                    let to = (y - minY + row) * stride + (x - minX), from = row * mask.width
                    for column in 0..<mask.width {
                        let b = Int(source[from + column])
                        guard b > 0 else { continue }
                        let a = Int(combined[to + column])
                        combined[to + column] = UInt8(a + b - (a * b + 127) / 255)
                    }
                }
            }
        }
        return combined.withUnsafeMutableBufferPointer { bytes -> Bool in
            guard let label = cairo_image_surface_create_for_data(bytes.baseAddress, CAIRO_FORMAT_A8, Int32(width), Int32(height), Int32(stride))
            else { return false }
            defer { cairo_surface_destroy(label) }
            guard cairo_surface_status(label) == CAIRO_STATUS_SUCCESS else { return false }
            cairo_save(cairo)
            cairo_identity_matrix(cairo)
            setColor(color)
            cairo_mask_surface(cairo, label, Double(minX), Double(minY))
            cairo_restore(cairo)
            // The surface borrows the bytes: nothing may keep it past this closure.
            cairo_surface_finish(label)
            return true
        }
    }

    /// Calls `body` with runs of glyphs that share a face and are upright (drawn in one call), and with
    /// each turned glyph on its own under its plane and rotation about its origin. A turned glyph whose
    /// outline `outlines` has is not given to `body`: its outline is added to the current path under its
    /// plane and rotation, and `turned` is called.
    private func forEachBatch(_ glyphs: [PlacedGlyph], size: Double, outlines: GlyphOutlineCache? = nil, turned: () -> Void = {},
                              _ body: (UnsafePointer<cairo_glyph_t>, Int32) -> Void) {
        // A turned glyph is drawn unhinted: hinting fits the outline to the pixel grid before it is turned,
        // where the grid no longer lies, and FreeType's TrueType interpreter would run for every turned
        // glyph (each angle is a scaled font of its own, with an empty glyph cache): a tenth of a labelled
        // positron poster's time.
        var unhinted: OpaquePointer?
        defer { if let unhinted { cairo_font_options_destroy(unhinted) } }
        var start = 0
        while start < glyphs.count {
            let face = glyphs[start].face
            cairo_set_font_face(cairo, face.cairoFace)
            cairo_set_font_size(cairo, size)
            if !glyphs[start].isUpright {
                let g = glyphs[start]
                cairo_save(cairo)
                cairo_translate(cairo, g.x, g.y)
                if let p = g.plane {
                    var linear = cairo_matrix_t(xx: p.xx, yx: p.yx, xy: p.xy, yy: p.yy, x0: 0, y0: 0)
                    // A degenerate plane (seen edge on) has nothing to show; cairo would refuse it.
                    let determinant = p.xx * p.yy - p.xy * p.yx
                    guard determinant != 0, determinant.isFinite else {
                        cairo_restore(cairo)
                        start += 1
                        continue
                    }
                    cairo_transform(cairo, &linear)
                }
                cairo_rotate(cairo, g.angle)
                if let outline = outlines?.outline(face: face, glyph: g.id, size: size) {
                    cairo_append_path(cairo, outline.path)
                    turned()
                    cairo_restore(cairo)
                    start += 1
                    continue
                }
                if unhinted == nil {
                    unhinted = cairo_font_options_create()
                    cairo_font_options_set_hint_style(unhinted, CAIRO_HINT_STYLE_NONE)
                    cairo_font_options_set_hint_metrics(unhinted, CAIRO_HINT_METRICS_OFF)
                }
                cairo_set_font_options(cairo, unhinted)
                var one = cairo_glyph_t(index: UInt(g.id), x: 0, y: 0)
                body(&one, 1)
                cairo_restore(cairo)
                start += 1
                continue
            }
            var end = start
            while end < glyphs.count && glyphs[end].face === face && glyphs[end].isUpright { end += 1 }
            var batch = glyphs[start..<end].map { cairo_glyph_t(index: UInt($0.id), x: $0.x, y: $0.y) }
            batch.withUnsafeMutableBufferPointer { body($0.baseAddress!, Int32($0.count)) }
            start = end
        }
    }
}
