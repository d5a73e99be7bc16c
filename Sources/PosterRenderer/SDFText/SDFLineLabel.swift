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

    /// Every glyph on the line, flipped where `text-keep-upright` asks (the first glyph right of the last);
    /// nil when a glyph runs off the line (MapLibre hides such a label).
    func placedGlyphs() -> [(glyph: MapLibreShaping.Glyph, at: Placed)]? {
        var glyphs = text.shaping.glyphs
        guard let first = glyphs.first, let last = glyphs.last else { return nil }
        // The glyph's centre along the line; text-offset's x moves the label along it (back when flipped).
        func offset(_ glyph: MapLibreShaping.Glyph, _ flip: Bool) -> Double {
            (glyph.x + glyph.advance * glyph.scale / 2 + (flip ? -text.offset.x : text.offset.x)) * text.drawScale
        }
        var flip = false
        if keepUpright {
            guard let a = place(offset(first, false), flip: false), let b = place(offset(last, false), flip: false) else { return nil }
            flip = a.x > b.x
            // A line running more up than across takes the vertical shaping (MapLibre's
            // `requiresOrientationChange`), read from the top down.
            if abs(b.y - a.y) > abs(b.x - a.x), let vertical = text.verticalShaping, let vFirst = vertical.glyphs.first,
               let vLast = vertical.glyphs.last {
                guard let a = place(offset(vFirst, false), flip: false), let b = place(offset(vLast, false), flip: false) else { return nil }
                glyphs = vertical.glyphs
                flip = a.y > b.y
            }
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

    /// The images set in the text at their places on the line, each turned with it.
    func images(_ placed: [(glyph: MapLibreShaping.Glyph, at: Placed)]) -> [PlacedIcon] {
        placed.compactMap { entry in
            guard let shown = entry.glyph.image, let image = text.images[shown.name] else { return nil }
            let scale = entry.glyph.scale, half = entry.glyph.advance * scale / 2, buffer = 1 / image.pixelRatio
            let quadX = (1 - buffer) * scale - half, quadY = entry.glyph.y + (Double(SDFGlyph.border) - buffer) * scale
            let left = ((quadX * 32).rounded() / 32 + buffer * scale) * text.drawScale
            let top = ((quadY * 32).rounded() / 32 + buffer * scale) * text.drawScale
            return text.inlineImage(shown, image, left: left, top: top, scale: scale, anchor: (entry.at.x, entry.at.y), angle: entry.at.angle)
        }
    }

    /// The glyph quads at their places on the line, each turned with it; an upright glyph of vertical text
    /// is turned a quarter back about the middle of its em box (MapLibre's `rotateVerticalGlyph`).
    func quads(_ placed: [(glyph: MapLibreShaping.Glyph, at: Placed)]) -> [PlacedSDFGlyph] {
        placed.compactMap { entry in
            if entry.glyph.image != nil { return nil }
            let glyph = entry.glyph.glyph, scale = entry.glyph.scale
            guard glyph.bitmapWidth > 0 else { return nil }
            let padding = 1.0, border = Double(SDFGlyph.border), half = entry.glyph.advance * scale / 2
            let x1 = (Double(glyph.left) - border - padding) * scale - half, y1 = (-Double(glyph.top) - border - padding) * scale
            guard entry.glyph.vertical else {
                let x = ((x1 * 32).rounded() / 32 + padding * scale) * text.drawScale
                let y = (((entry.glyph.y + y1) * 32).rounded() / 32 + padding * scale) * text.drawScale
                return PlacedSDFGlyph(glyph: glyph, anchor: (entry.at.x, entry.at.y), offset: (x, y), scale: text.drawScale * scale,
                                      angle: entry.at.angle, color: text.sectionColors[entry.glyph.section])
            }
            let center = (x: -half, y: half - MapLibreShaper.defaultOffset)
            let qx = center.x + (y1 - center.y) + 5 - MapLibreShaper.defaultOffset - (MapLibreShaper.oneEm / 2 - half)
            let qy = entry.glyph.y + center.y - (x1 - center.x)
            let q = ((qx * 32).rounded() / 32, (qy * 32).rounded() / 32)
            // The bitmap stands a quarter turn back from the line: its corner in that turned frame.
            let x = (-q.1 + padding * scale) * text.drawScale, y = (q.0 + padding * scale) * text.drawScale
            return PlacedSDFGlyph(glyph: glyph, anchor: (entry.at.x, entry.at.y), offset: (x, y), scale: text.drawScale * scale,
                                  angle: entry.at.angle - .pi / 2, color: text.sectionColors[entry.glyph.section])
        }
    }
}
