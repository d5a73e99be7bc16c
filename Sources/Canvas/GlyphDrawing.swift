import CCairo

/// One glyph placed on the page: its face, its baseline origin (device pixels) and how far it is turned
/// (radians, clockwise), for labels that follow a line glyph by glyph.
public struct PlacedGlyph: Sendable {
    public var face: FontFace
    public var id: UInt32
    public var x: Double
    public var y: Double
    public var angle: Double

    public init(face: FontFace, id: UInt32, x: Double, y: Double, angle: Double = 0) {
        self.face = face
        self.id = id
        self.x = x
        self.y = y
        self.angle = angle
    }
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
    public func draw(glyphs: [PlacedGlyph], size: Double, color: RGBAColor, haloColor: RGBAColor? = nil, haloWidth: Double = 0) {
        guard !glyphs.isEmpty else { return }
        if let haloColor, haloWidth > 0, haloColor.alpha > 0 {
            cairo_new_path(cairo)
            forEachBatch(glyphs, size: size) { cairo_glyph_path(cairo, $0, $1) }
            setColor(haloColor)
            cairo_set_line_width(cairo, 2 * haloWidth)
            cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
            cairo_stroke(cairo)
        }
        setColor(color)
        forEachBatch(glyphs, size: size) { cairo_show_glyphs(cairo, $0, $1) }
    }

    /// Calls `body` with runs of glyphs that share a face and are not turned (drawn in one call), and with
    /// each turned glyph on its own under a rotation about its origin.
    private func forEachBatch(_ glyphs: [PlacedGlyph], size: Double, _ body: (UnsafePointer<cairo_glyph_t>, Int32) -> Void) {
        var start = 0
        while start < glyphs.count {
            let face = glyphs[start].face
            cairo_set_font_face(cairo, face.cairoFace)
            cairo_set_font_size(cairo, size)
            if glyphs[start].angle != 0 {
                let g = glyphs[start]
                cairo_save(cairo)
                cairo_translate(cairo, g.x, g.y)
                cairo_rotate(cairo, g.angle)
                var one = cairo_glyph_t(index: UInt(g.id), x: 0, y: 0)
                body(&one, 1)
                cairo_restore(cairo)
                start += 1
                continue
            }
            var end = start
            while end < glyphs.count && glyphs[end].face === face && glyphs[end].angle == 0 { end += 1 }
            var batch = glyphs[start..<end].map { cairo_glyph_t(index: UInt($0.id), x: $0.x, y: $0.y) }
            batch.withUnsafeMutableBufferPointer { body($0.baseAddress!, Int32($0.count)) }
            start = end
        }
    }
}
