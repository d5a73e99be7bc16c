import CCairo

/// A cairo drawing context over a surface: paths, colours, strokes, fills and glyphs.
///
/// Coordinates are device pixels with the origin at the top-left, unless transformed.
public final class DrawingContext {
    let cairo: OpaquePointer
    /// Keeps the target surface alive while the context draws on it.
    private let target: AnyObject

    /// A context drawing on an image surface.
    public init(surface: ImageSurface) throws(CanvasError) {
        guard let created = cairo_create(surface.surface) else {
            throw CanvasError(.drawing, "cairo could not create a drawing context")
        }
        cairo = created
        target = surface
        try checkStatus("creating a context")
    }

    /// A context drawing on a PDF document's current page.
    public init(document: PDFDocument) throws(CanvasError) {
        guard let created = cairo_create(document.surface) else {
            throw CanvasError(.drawing, "cairo could not create a drawing context for a PDF")
        }
        cairo = created
        target = document
        try checkStatus("creating a PDF context")
    }

    deinit {
        cairo_destroy(cairo)
    }

    /// Throws if cairo has entered an error state (it then ignores further drawing).
    public func checkStatus(_ action: String) throws(CanvasError) {
        let status = cairo_status(cairo)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CanvasError(.drawing, "cairo failed while \(action): \(String(cString: cairo_status_to_string(status)))")
        }
    }

    /// The image surface drawn on, for drawing straight into its pixels; nil for a PDF page.
    public var targetImage: ImageSurface? { target as? ImageSurface }

    /// The current map from user space to the target's pixels.
    public var currentTransform: DeviceTransform {
        var m = cairo_matrix_t()
        cairo_get_matrix(cairo, &m)
        return DeviceTransform(xx: m.xx, yx: m.yx, xy: m.xy, yy: m.yy, x0: m.x0, y0: m.y0)
    }

    // MARK: state

    public func save() { cairo_save(cairo) }
    public func restore() { cairo_restore(cairo) }
    public func translate(x: Double, y: Double) { cairo_translate(cairo, x, y) }
    public func scale(x: Double, y: Double) { cairo_scale(cairo, x, y) }
    public func rotate(radians: Double) { cairo_rotate(cairo, radians) }

    /// Antialiasing on or off. Off is used for pixel-exact clips so adjacent tiles share no pixel.
    public func setAntialias(_ enabled: Bool) {
        cairo_set_antialias(cairo, enabled ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE)
    }

    /// The maximum deviation in device pixels when flattening curves; larger is faster.
    public func setTolerance(_ tolerance: Double) { cairo_set_tolerance(cairo, tolerance) }

    public func setColor(_ color: RGBAColor) {
        cairo_set_source_rgba(cairo, color.red, color.green, color.blue, color.alpha)
    }

    public func setLineWidth(_ width: Double) { cairo_set_line_width(cairo, width) }

    public func setLineCap(_ cap: LineCap) {
        switch cap {
        case .butt: cairo_set_line_cap(cairo, CAIRO_LINE_CAP_BUTT)
        case .round: cairo_set_line_cap(cairo, CAIRO_LINE_CAP_ROUND)
        case .square: cairo_set_line_cap(cairo, CAIRO_LINE_CAP_SQUARE)
        }
    }

    public func setLineJoin(_ join: LineJoin) {
        switch join {
        case .miter: cairo_set_line_join(cairo, CAIRO_LINE_JOIN_MITER)
        case .round: cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
        case .bevel: cairo_set_line_join(cairo, CAIRO_LINE_JOIN_BEVEL)
        }
    }

    public func setMiterLimit(_ limit: Double) { cairo_set_miter_limit(cairo, limit) }

    /// Dash lengths in device pixels; an empty array draws solid lines.
    public func setDash(_ lengths: [Double], offset: Double = 0) {
        lengths.withUnsafeBufferPointer { cairo_set_dash(cairo, $0.baseAddress, Int32($0.count), offset) }
    }

    public func setFillRule(_ rule: FillRule) {
        cairo_set_fill_rule(cairo, rule == .nonZero ? CAIRO_FILL_RULE_WINDING : CAIRO_FILL_RULE_EVEN_ODD)
    }

    // MARK: paths

    public func newPath() { cairo_new_path(cairo) }
    public func move(toX x: Double, y: Double) { cairo_move_to(cairo, x, y) }
    public func line(toX x: Double, y: Double) { cairo_line_to(cairo, x, y) }
    public func closePath() { cairo_close_path(cairo) }
    public func rectangle(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(cairo, x, y, width, height)
    }
    public func arc(centerX: Double, centerY: Double, radius: Double, from start: Double = 0, to end: Double = 2 * .pi) {
        cairo_arc(cairo, centerX, centerY, radius, start, end)
    }

    // MARK: painting

    public func fill() { cairo_fill(cairo) }
    public func fillPreserve() { cairo_fill_preserve(cairo) }
    public func stroke() { cairo_stroke(cairo) }
    public func strokePreserve() { cairo_stroke_preserve(cairo) }
    /// Starts drawing into an intermediate group (composited by ``popGroupToSourceAndPaint()``).
    public func pushGroup() { cairo_push_group(cairo) }
    /// Ends the group and paints it onto what was there before.
    public func popGroupToSourceAndPaint() {
        cairo_pop_group_to_source(cairo)
        cairo_paint(cairo)
    }
    /// Ends the group and paints it onto what was there before at `alpha`.
    public func popGroupToSourceAndPaint(alpha: Double) {
        cairo_pop_group_to_source(cairo)
        cairo_paint_with_alpha(cairo, alpha)
    }
    /// Replaces what is under the shape with the source, alpha and all (`true`), or paints over it again
    /// (`false`).
    public func setReplacing(_ replacing: Bool) { cairo_set_operator(cairo, replacing ? CAIRO_OPERATOR_SOURCE : CAIRO_OPERATOR_OVER) }
    /// Erases instead of painting (`true`), or paints over again (`false`).
    public func setErasing(_ erasing: Bool) { cairo_set_operator(cairo, erasing ? CAIRO_OPERATOR_CLEAR : CAIRO_OPERATOR_OVER) }

    /// Paints `image` into the rectangle (x, y, width, height) of user space at `opacity`, sampled
    /// bilinearly or by nearest neighbour. The rectangle's edges are not antialiased: every pixel belongs
    /// to exactly one image by its centre, as a GPU draws it, so tiles side by side meet without a seam
    /// at any zoom.
    public func drawImage(_ image: ImageSurface, x: Double, y: Double, width: Double, height: Double, opacity: Double, nearest: Bool) {
        guard width > 0, height > 0 else { return }
        cairo_save(cairo)
        cairo_set_antialias(cairo, CAIRO_ANTIALIAS_NONE)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_clip(cairo)
        cairo_translate(cairo, x, y)
        cairo_scale(cairo, width / Double(image.width), height / Double(image.height))
        setImageSource(image, nearest: nearest)
        cairo_paint_with_alpha(cairo, opacity)
        cairo_restore(cairo)
    }

    /// Makes `image` the source at the user-space origin, sampled bilinearly or by nearest neighbour, padded
    /// rather than repeated so that an edge pixel never blends with the opposite edge.
    private func setImageSource(_ image: ImageSurface, nearest: Bool) {
        cairo_set_source_surface(cairo, image.surface, 0, 0)
        let pattern = cairo_get_source(cairo)
        cairo_pattern_set_filter(pattern, nearest ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
    }

    /// Paints `image` onto the quadrilateral `corners` (top left, top right, bottom right, bottom left) as
    /// a GPU draws a textured quad: two triangles split along the top-right to bottom-left diagonal, each
    /// mapped affinely. The triangles are drawn in a group that overlaps them slightly across the diagonal
    /// (where both mappings agree), so no seam shows, and the group is painted at `opacity`.
    public func drawImage(_ image: ImageSurface, corners: [(x: Double, y: Double)], opacity: Double, nearest: Bool) {
        guard corners.count == 4 else { return }
        let w = Double(image.width), h = Double(image.height)
        let (tl, tr, br, bl) = (corners[0], corners[1], corners[2], corners[3])
        cairo_push_group(cairo)
        // (image point, target point) for the three corners of each triangle.
        let triangles: [[((Double, Double), (x: Double, y: Double))]] = [
            [((0, 0), tl), ((w, 0), tr), ((0, h), bl)],
            [((w, 0), tr), ((w, h), br), ((0, h), bl)],
        ]
        for (index, triangle) in triangles.enumerated() {
            let (s0, t0) = triangle[0], (s1, t1) = triangle[1], (s2, t2) = triangle[2]
            // Solve the affine map image -> target from the three pairs.
            let det = (s1.0 - s0.0) * (s2.1 - s0.1) - (s2.0 - s0.0) * (s1.1 - s0.1)
            guard abs(det) > 1e-12 else { continue }
            let a = ((t1.x - t0.x) * (s2.1 - s0.1) - (t2.x - t0.x) * (s1.1 - s0.1)) / det
            let b = ((t2.x - t0.x) * (s1.0 - s0.0) - (t1.x - t0.x) * (s2.0 - s0.0)) / det
            let c = ((t1.y - t0.y) * (s2.1 - s0.1) - (t2.y - t0.y) * (s1.1 - s0.1)) / det
            let d = ((t2.y - t0.y) * (s1.0 - s0.0) - (t1.y - t0.y) * (s2.0 - s0.0)) / det
            var matrix = cairo_matrix_t(xx: a, yx: c, xy: b, yy: d, x0: t0.x - a * s0.0 - b * s0.1, y0: t0.y - c * s0.0 - d * s0.1)
            cairo_save(cairo)
            // The first triangle reaches a pixel past the diagonal; the second covers it exactly.
            let spill = index == 0 ? 1.0 : 0.0
            let dx = tl.x - (tr.x + bl.x) / 2, dy = tl.y - (tr.y + bl.y) / 2
            let length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
            let (ox, oy) = (-dx / length * spill, -dy / length * spill)
            cairo_move_to(cairo, t0.x, t0.y)
            cairo_line_to(cairo, t1.x + (index == 0 ? ox : 0), t1.y + (index == 0 ? oy : 0))
            cairo_line_to(cairo, t2.x + (index == 0 ? ox : 0), t2.y + (index == 0 ? oy : 0))
            cairo_close_path(cairo)
            cairo_clip(cairo)
            cairo_transform(cairo, &matrix)
            setImageSource(image, nearest: nearest)
            cairo_paint(cairo)
            cairo_restore(cairo)
        }
        cairo_pop_group_to_source(cairo)
        cairo_paint_with_alpha(cairo, opacity)
    }

    /// Makes `image` the source, repeated without end and sampled bilinearly; `transform` maps user space
    /// to the image's pixels.
    public func setRepeatingSource(_ image: ImageSurface, transform: DeviceTransform) {
        guard let pattern = cairo_pattern_create_for_surface(image.surface) else { return }
        var matrix = cairo_matrix_t(xx: transform.xx, yx: transform.yx, xy: transform.xy, yy: transform.yy, x0: transform.x0, y0: transform.y0)
        cairo_pattern_set_matrix(pattern, &matrix)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_REPEAT)
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_BILINEAR)
        cairo_set_source(cairo, pattern)
        cairo_pattern_destroy(pattern)
    }

    /// Makes a linear gradient from (x0, y0) to (x1, y1) the source, through `stops` (offset 0 ... 1, colour).
    public func setLinearGradient(x0: Double, y0: Double, x1: Double, y1: Double, stops: [(offset: Double, color: RGBAColor)]) {
        guard let pattern = cairo_pattern_create_linear(x0, y0, x1, y1) else { return }
        for stop in stops {
            cairo_pattern_add_color_stop_rgba(pattern, stop.offset, stop.color.red, stop.color.green, stop.color.blue, stop.color.alpha)
        }
        cairo_set_source(cairo, pattern)
        cairo_pattern_destroy(pattern)
    }

    /// Sets a radial gradient centred on a point as the source: offset 0 at the centre, 1 at `radius`.
    public func setRadialGradient(centerX: Double, centerY: Double, radius: Double, stops: [(offset: Double, color: RGBAColor)]) {
        guard let pattern = cairo_pattern_create_radial(centerX, centerY, 0, centerX, centerY, radius) else { return }
        for stop in stops {
            cairo_pattern_add_color_stop_rgba(pattern, stop.offset, stop.color.red, stop.color.green, stop.color.blue, stop.color.alpha)
        }
        cairo_set_source(cairo, pattern)
        cairo_pattern_destroy(pattern)
    }

    /// Adds a cubic Bézier curve from the current point to the path.
    public func curve(toX x: Double, y: Double, control1 c1: (x: Double, y: Double), control2 c2: (x: Double, y: Double)) {
        cairo_curve_to(cairo, c1.x, c1.y, c2.x, c2.y, x, y)
    }

    public func setRoundJoins() {
        cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cairo, CAIRO_LINE_CAP_ROUND)
    }

    /// Paints the current source over the whole clip region at `alpha`.
    public func paint(alpha: Double) { cairo_paint_with_alpha(cairo, alpha) }

    /// Fills the whole clip region with the current colour.
    public func paint() { cairo_paint(cairo) }
    /// Intersects the clip with the current path and clears the path.
    public func clip() { cairo_clip(cairo) }
    public func resetClip() { cairo_reset_clip(cairo) }

    /// Draws a shaped text run with its baseline origin at (x, y).
    public func draw(_ text: ShapedText, x: Double, y: Double, color: RGBAColor) {
        setColor(color)
        for run in text.runs {
            cairo_set_font_face(cairo, run.face.cairoFace)
            cairo_set_font_size(cairo, text.size)
            var glyphs = run.glyphs.map { cairo_glyph_t(index: UInt($0.id), x: x + $0.x, y: y + $0.y) }
            glyphs.withUnsafeMutableBufferPointer { cairo_show_glyphs(cairo, $0.baseAddress, Int32($0.count)) }
        }
    }
}
