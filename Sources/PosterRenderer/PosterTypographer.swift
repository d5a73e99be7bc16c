import Canvas

/// Draws the paper around the map and the poster's text.
struct PosterTypographer {
    let layout: PosterLayout

    /// Fills the paper outside the map frame.
    func drawPaper(in context: DrawingContext) {
        context.setColor(layout.paperColor)
        context.paint()
    }

    /// Draws the title block, rules and attribution.
    func drawText(in context: DrawingContext) {
        context.setAntialias(false)
        for rule in layout.rules {
            context.setColor(layout.textColor)
            context.rectangle(x: rule.minX, y: rule.minY, width: rule.width, height: rule.height)
            context.fill()
        }
        context.setAntialias(true)
        for line in layout.texts {
            context.draw(line.text, x: line.x, y: line.baselineY, color: line.color)
        }
    }
}
