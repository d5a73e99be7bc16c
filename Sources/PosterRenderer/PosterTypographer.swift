import Canvas
import Foundation

/// Draws the paper around the map and everything that lies over it: the mask, markers, the text's
/// backdrop, the frame's strokes and the poster's text.
struct PosterTypographer {
    let layout: PosterLayout

    /// Fills the paper outside the map frame.
    func drawPaper(in context: DrawingContext) {
        context.setColor(layout.paperColor)
        context.paint()
    }

    /// Fills the paper except over `covered` (whole device pixels that the map paints opaque before
    /// anything else): paper there would be painted over unseen, a full pass over the band's memory.
    func drawPaper(in context: DrawingContext, except covered: PixelBox?, width: Int, height: Int) {
        guard let covered else { return drawPaper(in: context) }
        context.save()
        context.setColor(layout.paperColor)
        context.setFillRule(.evenOdd)
        context.rectangle(x: 0, y: 0, width: Double(width), height: Double(height))
        context.rectangle(x: Double(covered.minX), y: Double(covered.minY),
                          width: Double(covered.maxX - covered.minX), height: Double(covered.maxY - covered.minY))
        context.fill()
        context.restore()
    }

    /// Draws, over the map: paper outside a circular mask, markers, the backdrop, strokes, rules and text.
    func drawText(in context: DrawingContext) {
        if let circle = layout.maskCircle {
            // The paper covers the frame (a pixel beyond, for the map's last antialiased row) but the circle.
            context.save()
            context.setFillRule(.evenOdd)
            let r = layout.mapRect
            context.rectangle(x: r.minX - 1, y: r.minY - 1, width: r.width + 2, height: r.height + 2)
            context.arc(centerX: (circle.minX + circle.maxX) / 2, centerY: (circle.minY + circle.maxY) / 2, radius: circle.width / 2)
            context.setColor(layout.paperColor)
            context.fill()
            context.restore()
        }
        if !layout.markers.isEmpty || !layout.routes.isEmpty {
            // Markers belong to the map: what reaches past its frame (or circle) is cut off with it.
            context.save()
            if let circle = layout.maskCircle {
                context.newPath()
                context.arc(centerX: (circle.minX + circle.maxX) / 2, centerY: (circle.minY + circle.maxY) / 2, radius: circle.width / 2)
            } else {
                let r = layout.mapRect
                context.rectangle(x: r.minX, y: r.minY, width: r.width, height: r.height)
            }
            context.clip()
            for route in layout.routes { draw(route, in: context) }
            for marker in layout.markers { draw(marker, in: context) }
            context.restore()
        }
        if let backdrop = layout.backdrop { draw(backdrop, in: context) }
        for stroke in layout.strokes {
            context.setColor(layout.textColor)
            context.setLineWidth(stroke.width)
            context.setDash([])
            let r = stroke.rect
            if stroke.circle {
                context.newPath()
                context.arc(centerX: (r.minX + r.maxX) / 2, centerY: (r.minY + r.maxY) / 2, radius: r.width / 2 + stroke.width / 2)
            } else {
                // Outside the frame, so the map keeps every pixel.
                let d = stroke.width / 2
                context.rectangle(x: r.minX - d, y: r.minY - d, width: r.width + 2 * d, height: r.height + 2 * d)
            }
            context.stroke()
        }
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

    private func draw(_ backdrop: (rect: PixelRect, kind: PosterDesign.Backdrop, position: PosterDesign.TextPosition), in context: DrawingContext) {
        let r = backdrop.rect, paper = layout.paperColor
        context.save()
        context.rectangle(x: r.minX, y: r.minY, width: r.width, height: r.height)
        switch backdrop.kind {
        case .none:
            context.restore()
            return
        case .subtle:
            context.setColor(paper.withOpacity(0.62))
        case .strong:
            context.setColor(paper.withOpacity(0.9))
        case .gradient:
            // Clear towards the map, paper towards the poster's edge (or the middle, for a centred block).
            let clear = paper.withOpacity(0), solid = paper.withOpacity(0.94)
            let stops: [(offset: Double, color: RGBAColor)] = switch backdrop.position {
            case .center: [(0, clear), (0.3, solid), (0.7, solid), (1, clear)]
            case .top: [(0, solid), (0.6, solid), (1, clear)]
            case .bottom: [(0, clear), (0.4, solid), (1, solid)]
            }
            context.setLinearGradient(x0: 0, y0: r.minY, x1: 0, y1: r.maxY, stops: stops)
        }
        context.fill()
        context.restore()
    }

    private func draw(_ marker: PlacedMarker, in context: DrawingContext) {
        let s = marker.size, x = marker.x, y = marker.y
        let paper = layout.paperColor
        context.save()
        context.setRoundJoins()
        context.newPath()
        switch marker.shape {
        case .dot:
            context.arc(centerX: x, centerY: y, radius: 0.25 * s)
            fillAndOutline(context, marker.color, paper, 0.06 * s)
        case .ring:
            context.arc(centerX: x, centerY: y, radius: 0.3 * s)
            context.setColor(paper)
            context.setLineWidth(0.16 * s)
            context.strokePreserve()
            context.setColor(marker.color)
            context.setLineWidth(0.08 * s)
            context.stroke()
        case .crosshair:
            context.arc(centerX: x, centerY: y, radius: 0.28 * s)
            for (dx, dy) in [(1.0, 0.0), (-1, 0), (0, 1), (0, -1)] {
                context.move(toX: x + dx * 0.14 * s, y: y + dy * 0.14 * s)
                context.line(toX: x + dx * 0.5 * s, y: y + dy * 0.5 * s)
            }
            context.setColor(paper)
            context.setLineWidth(0.12 * s)
            context.strokePreserve()
            context.setColor(marker.color)
            context.setLineWidth(0.055 * s)
            context.stroke()
        case .pin:
            // A drop whose tip is on the place, with a hole of paper.
            let cy = y - 0.68 * s, r = 0.3 * s
            context.arc(centerX: x, centerY: cy, radius: r, from: .pi * 0.8, to: .pi * 2.2)
            context.line(toX: x, y: y)
            context.closePath()
            fillAndOutline(context, marker.color, paper, 0.05 * s)
            context.newPath()
            context.arc(centerX: x, centerY: cy, radius: 0.11 * s)
            context.setColor(paper)
            context.fill()
        case .heart:
            let top = y - 0.2 * s, w = 0.32 * s
            context.move(toX: x, y: y + 0.3 * s)
            context.curve(toX: x - w, y: top, control1: (x - 0.1 * s, y + 0.18 * s), control2: (x - w, y + 0.06 * s))
            context.curve(toX: x, y: top, control1: (x - w, y - 0.42 * s), control2: (x - 0.02 * s, y - 0.42 * s))
            context.curve(toX: x + w, y: top, control1: (x + 0.02 * s, y - 0.42 * s), control2: (x + w, y - 0.42 * s))
            context.curve(toX: x, y: y + 0.3 * s, control1: (x + w, y + 0.06 * s), control2: (x + 0.1 * s, y + 0.18 * s))
            context.closePath()
            fillAndOutline(context, marker.color, paper, 0.05 * s)
        case .home:
            let half = 0.26 * s
            context.move(toX: x, y: y - 0.36 * s)
            context.line(toX: x + 0.36 * s, y: y - 0.05 * s)
            context.line(toX: x + half, y: y - 0.05 * s)
            context.line(toX: x + half, y: y + 0.3 * s)
            context.line(toX: x - half, y: y + 0.3 * s)
            context.line(toX: x - half, y: y - 0.05 * s)
            context.line(toX: x - 0.36 * s, y: y - 0.05 * s)
            context.closePath()
            fillAndOutline(context, marker.color, paper, 0.05 * s)
        }
        context.restore()
        if let label = marker.label {
            context.draw(glyphs: label.text.placedGlyphs(x: label.x, y: label.baselineY), size: label.text.size, color: label.color,
                         haloColor: paper.withOpacity(0.9), haloWidth: 0.12 * label.text.size)
        }
    }

    /// Draws the layout's routes alone (for benchmarks and tools).
    func drawRoutes(in context: DrawingContext) {
        for route in layout.routes { draw(route, in: context) }
    }

    /// A route: its casing in paper, then the line, round at joins and ends; a dot at the start, a ring at the
    /// finish; distance labels on a halo.
    private func draw(_ route: PlacedRoute, in context: DrawingContext) {
        let paper = layout.paperColor
        context.save()
        context.setRoundJoins()
        context.setDash([])
        func path() {
            context.newPath()
            for line in route.lines where line.count >= 4 {
                context.move(toX: line[0], y: line[1])
                var i = 2
                while i + 1 < line.count {
                    context.line(toX: line[i], y: line[i + 1])
                    i += 2
                }
            }
        }
        if route.casing > 0 {
            path()
            context.setColor(paper)
            context.setLineWidth(route.width + 2 * route.casing)
            context.stroke()
        }
        path()
        context.setColor(route.color)
        context.setLineWidth(route.width)
        context.stroke()
        let r = 1.6 * route.width
        if let start = route.start {
            context.newPath()
            context.arc(centerX: start.x, centerY: start.y, radius: r)
            fillAndOutline(context, route.color, paper, 0.5 * route.width)
        }
        if let finish = route.finish {
            context.newPath()
            context.arc(centerX: finish.x, centerY: finish.y, radius: r)
            fillAndOutline(context, paper, route.color, 0.45 * route.width)
            context.newPath()
            context.arc(centerX: finish.x, centerY: finish.y, radius: 0.6 * r)
            context.setColor(route.color)
            context.fill()
        }
        context.restore()
        for label in route.labels {
            context.draw(glyphs: label.text.placedGlyphs(x: label.x, y: label.baselineY), size: label.text.size, color: label.color,
                         haloColor: paper.withOpacity(0.92), haloWidth: 0.14 * label.text.size)
        }
    }

    /// Fills the current path in `color` over an outline of paper, so the marker stands out on the map.
    private func fillAndOutline(_ context: DrawingContext, _ color: RGBAColor, _ paper: RGBAColor, _ outline: Double) {
        context.setColor(paper)
        context.setLineWidth(2 * outline)
        context.strokePreserve()
        context.setColor(color)
        context.fill()
    }
}
