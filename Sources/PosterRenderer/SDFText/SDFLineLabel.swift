import Foundation

/// Text set with SDF glyphs along a line (`symbol-placement: line` or `line-center`) at one anchor: the
/// shaping (one line, centred on the anchor) and the line on the page it follows, as MapLibre's
/// `placeGlyphsAlongLine` walks it.
struct SDFLineLabel: Sendable {
    var text: SDFTextLabel
    /// The line on the page (x, y interleaved, turned by the bearing): the tile's piece the anchor is on.
    var path: [Double]
    /// The anchor on the page and the segment of `path` it lies on.
    var anchor: (x: Double, y: Double)
    var segment: Int
    /// `text-keep-upright`: a label that would read right to left is laid the other way along the line.
    var keepUpright: Bool

    /// One glyph placed on the line: its centre and the direction it faces (radians, y down).
    struct Placed {
        var x: Double
        var y: Double
        var angle: Double
    }

    /// The point `offset` device pixels along the line from the anchor (backwards when negative, and
    /// everything reversed when `flip`), as MapLibre's `placeGlyphAlongLine`; nil past the line's end.
    func place(_ offset: Double, flip: Bool) -> Placed? {
        var direction = offset > 0 ? 1 : -1
        var angle = 0.0
        if flip {
            direction = -direction
            angle = .pi
        }
        if direction < 0 { angle += .pi }
        let count = path.count / 2
        var index = direction > 0 ? segment : segment + 1
        var previous = anchor
        var current = anchor
        var travelled = 0.0, segmentLength = 0.0
        let target = abs(offset)
        while travelled + segmentLength <= target {
            index += direction
            guard index >= 0, index < count else { return nil }
            previous = current
            current = (path[2 * index], path[2 * index + 1])
            travelled += segmentLength
            segmentLength = hypot(current.x - previous.x, current.y - previous.y)
        }
        let t = segmentLength > 0 ? (target - travelled) / segmentLength : 0
        return Placed(x: previous.x + (current.x - previous.x) * t, y: previous.y + (current.y - previous.y) * t,
                      angle: angle + atan2(current.y - previous.y, current.x - previous.x))
    }

    /// Every glyph on the line, flipped where `text-keep-upright` asks (the first glyph right of the last,
    /// as `readsBackwards` judges the two: on the page, or on a pitched view's screen);
    /// nil when a glyph runs off the line (MapLibre hides such a label).
    func placedGlyphs(readsBackwards: (Placed, Placed) -> Bool = { $0.x > $1.x }) -> [(glyph: MapLibreShaping.Glyph, at: Placed)]? {
        let glyphs = text.shaping.glyphs
        guard let first = glyphs.first, let last = glyphs.last else { return nil }
        // The glyph's centre along the line; text-offset's x moves the label along it (back when flipped).
        func offset(_ glyph: MapLibreShaping.Glyph, _ flip: Bool) -> Double {
            (glyph.x + Double(glyph.glyph.advance) / 2 + (flip ? -text.offset.x : text.offset.x)) * text.drawScale
        }
        var flip = false
        if keepUpright {
            guard let a = place(offset(first, false), flip: false), let b = place(offset(last, false), flip: false) else { return nil }
            flip = readsBackwards(a, b)
        }
        var result: [(glyph: MapLibreShaping.Glyph, at: Placed)] = []
        for glyph in glyphs {
            guard var at = place(offset(glyph, flip), flip: flip) else { return nil }
            // text-offset's y moves the glyphs off the line, across it.
            if text.offset.y != 0 {
                let shift = text.offset.y * text.drawScale
                at.x -= sin(at.angle) * shift
                at.y += cos(at.angle) * shift
            }
            result.append((glyph, at))
        }
        return result
    }

    /// The glyph quads at their places on the line, each turned with it, `scale` device pixels a shaping
    /// unit (the drawn size unless a pitched view scales the glyphs apart from their spacing).
    func quads(_ placed: [(glyph: MapLibreShaping.Glyph, at: Placed)], scale: Double? = nil) -> [PlacedSDFGlyph] {
        let drawScale = scale ?? text.drawScale
        return placed.compactMap { entry in
            let glyph = entry.glyph.glyph
            guard glyph.bitmapWidth > 0 else { return nil }
            let padding = 1.0, border = Double(SDFGlyph.border), half = Double(glyph.advance) / 2
            let quadX = Double(glyph.left) - border - padding - half
            let quadY = entry.glyph.y - Double(glyph.top) - border - padding
            let x = ((quadX * 32).rounded() / 32 + padding) * drawScale
            let y = ((quadY * 32).rounded() / 32 + padding) * drawScale
            return PlacedSDFGlyph(glyph: glyph, anchor: (entry.at.x, entry.at.y), offset: (x, y), scale: drawScale, angle: entry.at.angle)
        }
    }
}
