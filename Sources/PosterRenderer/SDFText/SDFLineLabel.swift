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

    /// One glyph placed on the line: its centre, the direction it faces (radians, y down) and the way
    /// along the (offset) line from the anchor to it, which MapLibre's collision circles follow.
    struct Placed {
        var x: Double
        var y: Double
        var angle: Double
        var route: [(x: Double, y: Double)] = []
    }

    private func vertex(_ index: Int) -> (x: Double, y: Double) { (path[2 * index], path[2 * index + 1]) }

    /// The line's vertices shifted off it by `text-offset`'s y, where MapLibre's `findOffsetIntersectionPoint`
    /// puts them: the offset segments meet (mitred) at each vertex; the first found for a vertex is kept.
    private typealias OffsetCache = [Int: (x: Double, y: Double)]

    /// The point `offset` device pixels along the line from the anchor (backwards when negative, and
    /// everything reversed when `flip`), moved across the line by `lineOffsetY`, as MapLibre's
    /// `placeGlyphAlongLine`; nil past the line's end.
    func place(_ offset: Double, lineOffsetY: Double = 0, flip: Bool) -> Placed? {
        var cache = OffsetCache()
        return place(offset, lineOffsetY: lineOffsetY, flip: flip, cache: &cache)
    }

    private func place(_ offset: Double, lineOffsetY: Double, flip: Bool, cache: inout OffsetCache) -> Placed? {
        var direction = offset > 0 ? 1 : -1
        var angle = 0.0
        if flip {
            direction = -direction
            angle = .pi
        }
        if direction < 0 { angle += .pi }
        let count = path.count / 2
        var index = direction > 0 ? segment : segment + 1
        var previous = anchor, current = anchor
        var offsetPrevious: (x: Double, y: Double)?, offsetIntersection: (x: Double, y: Double)?
        var travelled = 0.0, segmentLength = 0.0
        var step = (x: 0.0, y: 0.0)
        var route: [(x: Double, y: Double)] = []
        let target = abs(offset)
        func normal(_ v: (x: Double, y: Double)) -> (x: Double, y: Double) {
            let length = hypot(v.x, v.y)
            guard length > 0 else { return (0, 0) }
            return (-v.y / length * lineOffsetY * Double(direction), v.x / length * lineOffsetY * Double(direction))
        }
        while travelled + segmentLength <= target {
            index += direction
            guard index >= 0, index < count else { return nil }
            travelled += segmentLength
            previous = current
            offsetPrevious = offsetIntersection
            current = vertex(index)
            if lineOffsetY == 0 {
                route.append(previous)
                step = (current.x - previous.x, current.y - previous.y)
            } else {
                var toCurrent = (x: current.x - previous.x, y: current.y - previous.y)
                if toCurrent.x == 0 && toCurrent.y == 0 {
                    // The anchor sits on the vertex: the next segment gives the normal.
                    let after = index + direction
                    guard after >= 0, after < count else { return nil }
                    let next = vertex(after)
                    toCurrent = (next.x - current.x, next.y - current.y)
                }
                let shift = normal(toCurrent)
                let start = offsetPrevious ?? (previous.x + shift.x, previous.y + shift.y)
                offsetPrevious = start
                let meeting = offsetVertex(index, shift: shift, current: current, from: start, direction: direction,
                                           lineOffsetY: lineOffsetY, cache: &cache)
                offsetIntersection = meeting
                route.append(start)
                step = (meeting.x - start.x, meeting.y - start.y)
            }
            segmentLength = hypot(step.x, step.y)
        }
        let t = segmentLength > 0 ? (target - travelled) / segmentLength : 0
        let origin = offsetPrevious ?? previous
        let point = (x: origin.x + step.x * t, y: origin.y + step.y * t)
        route.append(point)
        return Placed(x: point.x, y: point.y, angle: angle + atan2(current.y - previous.y, current.x - previous.x), route: route)
    }

    /// MapLibre's `findOffsetIntersectionPoint`: where the offset segment ending at vertex `index` meets the
    /// offset of the next one (the offset vertex itself at the line's end or where they are parallel).
    private func offsetVertex(_ index: Int, shift: (x: Double, y: Double), current: (x: Double, y: Double), from start: (x: Double, y: Double),
                              direction: Int, lineOffsetY: Double, cache: inout OffsetCache) -> (x: Double, y: Double) {
        if let cached = cache[index] { return cached }
        let shifted = (x: current.x + shift.x, y: current.y + shift.y)
        let after = index + direction
        guard after >= 0, after < path.count / 2 else {
            cache[index] = shifted
            return shifted
        }
        let next = vertex(after)
        let v = (x: next.x - current.x, y: next.y - current.y)
        let length = hypot(v.x, v.y)
        let nextShift = length > 0 ? (x: -v.y / length * lineOffsetY * Double(direction), y: v.x / length * lineOffsetY * Double(direction)) : (x: 0.0, y: 0.0)
        let b1 = (x: current.x + nextShift.x, y: current.y + nextShift.y), b2 = (x: next.x + nextShift.x, y: next.y + nextShift.y)
        let a = (x: shifted.x - start.x, y: shifted.y - start.y), b = (x: b2.x - b1.x, y: b2.y - b1.y)
        let denominator = b.y * a.x - b.x * a.y
        var meeting = shifted
        if denominator != 0 {
            let t = (b.x * (start.y - b1.y) - b.y * (start.x - b1.x)) / denominator
            meeting = (start.x + t * a.x, start.y + t * a.y)
        }
        cache[index] = meeting
        return meeting
    }

    /// The offset of a glyph's centre along the line (device pixels), before `text-offset`'s x.
    private func centre(_ glyph: MapLibreShaping.Glyph) -> Double {
        (glyph.x + glyph.advance * glyph.scale / 2) * text.drawScale
    }

    /// The first and the last glyph on the line unflipped (MapLibre's `placeFirstAndLastGlyph`), which
    /// decide whether the label reads upright and where its collision circles go; nil when either runs off.
    func firstAndLast(flip: Bool = false) -> (first: Placed, last: Placed)? {
        guard let first = text.shaping.glyphs.first, let last = text.shaping.glyphs.last else { return nil }
        var cache = OffsetCache()
        let shiftX = text.offset.x * text.drawScale, shiftY = text.offset.y * text.drawScale
        func along(_ g: MapLibreShaping.Glyph) -> Double { centre(g) + (flip ? -shiftX : shiftX) }
        guard let a = place(along(first), lineOffsetY: shiftY, flip: flip, cache: &cache),
              let b = place(along(last), lineOffsetY: shiftY, flip: flip, cache: &cache) else { return nil }
        return (a, b)
    }

    /// Every glyph on the line, flipped where `text-keep-upright` asks (the first glyph right of the last,
    /// as `readsBackwards` judges the two: on the page, or on a pitched view's screen);
    /// nil when a glyph runs off the line (MapLibre hides such a label).
    func placedGlyphs(readsBackwards: (Placed, Placed) -> Bool = { $0.x > $1.x }) -> [(glyph: MapLibreShaping.Glyph, at: Placed)]? {
        var glyphs = text.shaping.glyphs
        guard !glyphs.isEmpty else { return nil }
        let shiftX = text.offset.x * text.drawScale, shiftY = text.offset.y * text.drawScale
        var flip = false
        if keepUpright {
            if glyphs.count > 1 {
                guard let ends = firstAndLast() else { return nil }
                flip = readsBackwards(ends.first, ends.last)
                // A line running more up than across takes the vertical shaping (MapLibre's
                // `requiresOrientationChange`), read from the top down.
                if abs(ends.last.y - ends.first.y) > abs(ends.last.x - ends.first.x), let vertical = text.verticalShaping,
                   let vFirst = vertical.glyphs.first, let vLast = vertical.glyphs.last {
                    var cache = OffsetCache()
                    guard let a = place(centre(vFirst) + shiftX, lineOffsetY: shiftY, flip: false, cache: &cache),
                          let b = place(centre(vLast) + shiftX, lineOffsetY: shiftY, flip: false, cache: &cache) else { return nil }
                    glyphs = vertical.glyphs
                    flip = a.y > b.y
                }
            } else {
                // One glyph: the direction of the anchor's segment decides.
                let end = vertex(segment + 1)
                flip = anchor.x > end.x
            }
        }
        var cache = OffsetCache()
        var result: [(glyph: MapLibreShaping.Glyph, at: Placed)] = []
        for glyph in glyphs {
            let along = centre(glyph) + (flip ? -shiftX : shiftX)
            guard let at = place(along, lineOffsetY: shiftY, flip: flip, cache: &cache) else { return nil }
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
    /// `scale` is device pixels a shaping unit: the drawn size unless a pitched view scales the glyphs apart
    /// from their spacing.
    func quads(_ placed: [(glyph: MapLibreShaping.Glyph, at: Placed)], scale: Double? = nil) -> [PlacedSDFGlyph] {
        let drawScale = scale ?? text.drawScale
        return placed.compactMap { entry in
            if entry.glyph.image != nil { return nil }
            let glyph = entry.glyph.glyph, scale = entry.glyph.scale
            guard glyph.bitmapWidth > 0 else { return nil }
            let padding = 1.0, border = Double(SDFGlyph.border), half = entry.glyph.advance * scale / 2
            let x1 = (Double(glyph.left) - border - padding) * scale - half, y1 = (-Double(glyph.top) - border - padding) * scale
            guard entry.glyph.vertical else {
                let x = ((x1 * 32).rounded() / 32 + padding * scale) * drawScale
                let y = (((entry.glyph.y + y1) * 32).rounded() / 32 + padding * scale) * drawScale
                return PlacedSDFGlyph(glyph: glyph, anchor: (entry.at.x, entry.at.y), offset: (x, y), scale: drawScale * scale,
                                      angle: entry.at.angle, color: text.sectionColors[entry.glyph.section])
            }
            let center = (x: -half, y: half - MapLibreShaper.defaultOffset)
            let qx = center.x + (y1 - center.y) + 5 - MapLibreShaper.defaultOffset - (MapLibreShaper.oneEm / 2 - half)
            let qy = entry.glyph.y + center.y - (x1 - center.x)
            let q = ((qx * 32).rounded() / 32, (qy * 32).rounded() / 32)
            // The bitmap stands a quarter turn back from the line: its corner in that turned frame.
            let x = (-q.1 + padding * scale) * drawScale, y = (q.0 + padding * scale) * drawScale
            return PlacedSDFGlyph(glyph: glyph, anchor: (entry.at.x, entry.at.y), offset: (x, y), scale: drawScale * scale,
                                  angle: entry.at.angle - .pi / 2, color: text.sectionColors[entry.glyph.section])
        }
    }
}
