import Canvas
import Foundation

/// Draws prepared layers into a drawing context. It is handed geometry in the poster's pixel space before
/// rotation, turns it by the bearing about the frame's centre, and only culls what lies outside the area
/// being drawn (a band, or the whole poster).
struct MapPainter {
    /// The map's frame on the poster.
    let frame: PixelRect
    /// Degrees clockwise from north that point up (the map turns anticlockwise by this much).
    var bearing: Double = 0

    /// Draws `layers` for the device-pixel area `visible` (geometry outside it is skipped).
    func draw(_ layers: [PreparedLayer], in context: DrawingContext, visible: PixelRect) {
        context.save()
        context.rectangle(x: frame.minX, y: frame.minY, width: frame.width, height: frame.height)
        context.clip()
        let visible = turn(context, visible)
        // Flattening round joins and caps finer than a tenth of a pixel is invisible work.
        context.setTolerance(0.2)
        for layer in layers {
            switch layer {
            case .background(let color):
                context.setColor(color)
                context.paint()
            case .fill(_, let groups):
                for group in groups { drawFill(group, context, visible) }
            case .line(_, let groups):
                for group in groups { drawLine(group, context, visible) }
            case .image(_, let corners, let image, let opacity, let nearest):
                context.drawImage(image, corners: corners, opacity: opacity, nearest: nearest)
            case .raster(_, let tiles, let opacity, let nearest):
                for tile in tiles where tile.rect.intersects(visible) {
                    context.drawImage(tile.image, x: tile.rect.minX, y: tile.rect.minY, width: tile.rect.width, height: tile.rect.height,
                                      opacity: opacity, nearest: nearest)
                }
            }
        }
        context.restore()
    }

    /// Moves the drawing by a layer's translation: in the map's turned space for `map`, on the screen for
    /// `viewport`. Returns the area to draw, moved back by the same offset.
    private func apply(_ translation: Translation, _ context: DrawingContext, _ visible: PixelRect) -> PixelRect {
        guard !translation.isNone else { return visible }
        var (dx, dy) = (translation.x, translation.y)
        if translation.viewport && bearing.truncatingRemainder(dividingBy: 360) != 0 {
            // The context turns the map by -bearing; a screen offset is the same offset turned back.
            let angle = bearing * .pi / 180
            (dx, dy) = (dx * cos(angle) - dy * sin(angle), dx * sin(angle) + dy * cos(angle))
        }
        context.translate(x: dx, y: dy)
        return PixelRect(minX: visible.minX - dx, minY: visible.minY - dy, maxX: visible.maxX - dx, maxY: visible.maxY - dy)
    }

    private func drawFill(_ group: PaintGroup<FillPaint>, _ context: DrawingContext, _ visible: PixelRect) {
        context.save()
        defer { context.restore() }
        let visible = apply(group.paint.translate, context, visible)
        guard addPaths(group.pieces, context, visible.insetBy(-2)) else { return }
        context.setFillRule(.nonZero)
        context.setAntialias(group.paint.antialias)
        context.setColor(group.paint.color)
        if let outline = group.paint.outlineColor {
            context.fillPreserve()
            context.setColor(outline)
            context.setLineWidth(1)
            context.setDash([])
            context.stroke()
        } else {
            context.fill()
        }
        context.setAntialias(true)
    }

    private func drawLine(_ group: PaintGroup<LinePaint>, _ context: DrawingContext, _ visible: PixelRect) {
        let paint = group.paint
        guard paint.width > 0, paint.color.alpha > 0 else { return }
        context.save()
        defer { context.restore() }
        let visible = apply(paint.translate, context, visible)
        guard addPaths(group.pieces, context, visible.insetBy(-(paint.width + 2))) else { return }
        context.setColor(paint.color)
        context.setLineWidth(paint.width)
        context.setLineCap(paint.cap)
        context.setLineJoin(paint.join)
        context.setMiterLimit(paint.miterLimit)
        context.setDash(paint.dashes)
        guard paint.gap > 0 else {
            context.stroke()
            return
        }
        // Casings on both sides of an empty middle: stroke the whole width, then erase the gap, in a group
        // of its own so that only this layer's pixels are erased.
        context.pushGroup()
        context.strokePreserve()
        context.setErasing(true)
        context.setLineWidth(paint.gap)
        context.stroke()
        context.setErasing(false)
        context.popGroupToSourceAndPaint()
    }

    /// Turns the context by the bearing about the frame's centre, and returns the unturned area that
    /// covers `visible` once turned (the bounding box of its corners turned back).
    private func turn(_ context: DrawingContext, _ visible: PixelRect) -> PixelRect {
        guard bearing.truncatingRemainder(dividingBy: 360) != 0 else { return visible }
        let cx = (frame.minX + frame.maxX) / 2, cy = (frame.minY + frame.maxY) / 2
        let angle = -bearing * .pi / 180
        context.translate(x: cx, y: cy)
        context.rotate(radians: angle)
        context.translate(x: -cx, y: -cy)
        let c = cos(angle), s = sin(angle)
        let corners = [(visible.minX, visible.minY), (visible.maxX, visible.minY), (visible.minX, visible.maxY), (visible.maxX, visible.maxY)]
            .map { (x, y) in (cx + (x - cx) * c + (y - cy) * s, cy - (x - cx) * s + (y - cy) * c) }
        return PixelRect(minX: corners.map(\.0).min()!, minY: corners.map(\.1).min()!,
                         maxX: corners.map(\.0).max()!, maxY: corners.map(\.1).max()!)
    }

    /// Adds the parts of every piece that reaches `area` to the current path. Returns false if none did.
    private func addPaths(_ pieces: [PathPiece], _ context: DrawingContext, _ area: PixelRect) -> Bool {
        context.newPath()
        var added = false
        for piece in pieces where piece.bounds.intersects(area) {
            added = true
            piece.coordinates.withUnsafeBufferPointer { c in
                piece.forEachPart { range in
                    context.move(toX: Double(c[2 * range.lowerBound]), y: Double(c[2 * range.lowerBound + 1]))
                    for i in (range.lowerBound + 1)..<range.upperBound {
                        context.line(toX: Double(c[2 * i]), y: Double(c[2 * i + 1]))
                    }
                    if piece.closed { context.closePath() }
                }
            }
        }
        return added
    }
}
