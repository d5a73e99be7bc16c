import Canvas

extension MapPainter {
    /// Draws a fill-extrusion layer's tops as MapLibre's depth-tested passes leave them: where tops overlap
    /// only the nearest shows (``PreparedExtrusions`` orders them so it comes last and replaces the rest), and
    /// the layer's opacity is applied to the result as a whole. Triangles are not antialiased, nor are these.
    func drawExtrusions(_ layer: PreparedExtrusions, _ context: DrawingContext, _ visible: PixelRect) {
        guard !layer.roofs.isEmpty, layer.opacity > 0 else { return }
        context.save()
        defer { context.restore() }
        let visible = apply(layer.translate, context, visible)
        let area = visible.insetBy(-2)
        // Opaque tops over each other need no group: the last drawn is the one seen.
        let grouped = layer.opacity < 1 || layer.roofs.contains { $0.pattern != nil }
        if grouped { context.pushGroup() }
        context.setAntialias(false)
        context.setFillRule(.nonZero)
        context.setReplacing(true)
        for roof in layer.roofs where roof.piece.bounds.intersects(area) {
            guard addPaths([roof.piece], context, area) else { continue }
            if let pattern = roof.pattern {
                context.setRepeatingSource(pattern.image, transform: pattern.transform)
            } else {
                context.setColor(roof.color)
            }
            context.fill()
        }
        context.setReplacing(false)
        context.setAntialias(true)
        if grouped { context.popGroupToSourceAndPaint(alpha: layer.opacity) }
    }
}
