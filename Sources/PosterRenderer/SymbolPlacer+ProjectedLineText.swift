import Canvas
import Foundation

extension SymbolPlacer {
    /// FreeType text along a line that faces the viewer on a pitched view (`text-pitch-alignment: viewport`
    /// with the rotation following the map), laid out as MapLibre lays it: along the line's projection on
    /// the output, from its anchor's projection, at the label's size times the perspective ratio there,
    /// clamp(0.5 + 0.5 · cameraToCenterDistance / depth, 0, 4); turned to read left to right with
    /// `text-keep-upright`. Nil where the projected line is too short for the text, runs behind the eye, or
    /// bends more than `text-max-angle` between neighbouring glyphs.
    ///
    /// - Parameters:
    ///   - line: the line in the flat (turned) layout, x, y interleaved; `lengths` its cumulative lengths.
    ///   - anchor: the label's middle, as a distance along `line`.
    /// - Returns: glyphs on the output, the size they are set at, and each glyph's collision box there
    ///   (a square as wide as the text is large, plus padding, about the glyph's centre on the line).
    static func glyphsAlongProjectedLine(_ glyphs: [LineCluster], width: Double, capHeight: Double, style: LabelStyle,
                                         line: [Double], lengths: [Double], anchor: Double,
                                         view: PitchedLabelPlacement) -> (glyphs: [PlacedGlyph], size: Double, boxes: [PixelRect])? {
        let count = lengths.count
        guard count >= 2 else { return nil }
        // Nearer than a tenth of the centre's depth, a projection is far below the output: not worth the risk
        // of points behind the eye.
        let nearest = view.cameraToCenterDistance / 10
        func projected(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
            let ground = view.ground((x, y))
            guard view.depth(ground) > nearest else { return nil }
            return view.screenPoint(ground)
        }
        var segment = 0
        while segment + 2 < count && lengths[segment + 1] < anchor { segment += 1 }
        let middle = point(along: line, lengths, at: anchor)
        let middleGround = view.ground((middle.x, middle.y))
        let depth = view.depth(middleGround)
        guard depth > nearest, let centre = projected(middle.x, middle.y) else { return nil }
        let k = min(view.perspectiveRatio(depth), 4)
        let half = width * k / 2
        // The projection of the line each way from the anchor, until it holds half the text.
        func walk(_ indices: StrideTo<Int>) -> [(x: Double, y: Double)]? {
            var walked = [centre], length = 0.0
            for i in indices {
                guard length < half + 1 else { break }
                guard let p = projected(line[2 * i], line[2 * i + 1]) else { return nil }
                length += hypot(p.x - walked[walked.count - 1].x, p.y - walked[walked.count - 1].y)
                walked.append(p)
            }
            return length >= half ? walked : nil
        }
        guard let ahead = walk(stride(from: segment + 1, to: count, by: 1)),
              let behind = walk(stride(from: segment, to: -1, by: -1)) else { return nil }
        var path = behind.reversed() + ahead.dropFirst()
        var screenLengths = [0.0]
        for i in 1..<path.count {
            screenLengths.append(screenLengths[i - 1] + hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y))
        }
        let total = screenLengths[screenLengths.count - 1]
        var centreAt = screenLengths[behind.count - 1]
        var flatPath = path.flatMap { [$0.x, $0.y] }
        if style.keepUpright && cos(point(along: flatPath, screenLengths, at: centreAt).angle) < 0 {
            path.reverse()
            flatPath = path.flatMap { [$0.x, $0.y] }
            screenLengths = screenLengths.reversed().map { total - $0 }
            centreAt = total - centreAt
        }
        let start = centreAt - half
        var laid: [PlacedGlyph] = [], boxes: [PixelRect] = []
        laid.reserveCapacity(glyphs.count)
        boxes.reserveCapacity(glyphs.count)
        let boxHalf = style.size * k / 2 + style.padding
        var previousAngle: Double?
        for glyph in glyphs {
            let at = point(along: flatPath, screenLengths, at: start + glyph.center * k)
            if let previousAngle {
                var turn = abs(at.angle - previousAngle)
                if turn > .pi { turn = 2 * .pi - turn }
                if turn > style.maxAngle { return nil }
            }
            previousAngle = at.angle
            laid += glyph.placed(at: at, scale: k, capHeight: capHeight)
            boxes.append(PixelRect(minX: at.x - boxHalf, minY: at.y - boxHalf, maxX: at.x + boxHalf, maxY: at.y + boxHalf))
        }
        return (laid, style.size * k, boxes)
    }
}
