import Canvas
import Foundation

/// Places labels over the whole poster with one collision index: layers from the top of the style down
/// (as MapLibre gives upper layers priority), within a layer by sort key and then feature order. A label
/// is placed whole or not at all, never cut by a tile edge or the frame.
struct SymbolPlacer {
    /// The map's frame on the poster: labels must fit inside it.
    let frame: PixelRect
    /// Every placed label's boxes (set by this type and its SDF-text extension only).
    var index = CollisionIndex()
    /// A pitched view: text set with the style's glyphs is placed in its screen space (``SymbolPlacer/placePitchedSDFPoint``).
    var pitched: PitchedLabelPlacement? = nil
    /// Text of candidates gathered without their lines, shaped here.
    private var shapes = LabelShapes()

    init(frame: PixelRect) {
        self.frame = frame
    }

    /// Places one layer's candidates; returns those that found room, in drawing order.
    /// With `byY` (MapLibre's `symbol-z-order` by viewport y, for symbols that may overlap), points lower
    /// on the page are placed first and drawn last, over those above them.
    mutating func place(_ candidates: [LabelCandidate], byY: Bool = false) -> [PlacedLabel] {
        // Indices are sorted rather than the candidates themselves: a candidate is large, and moving it is
        // most of the cost of a sort.
        let keys = candidates.map { (sortKey: $0.sortKey, order: $0.order) }
        var ordered = Array(candidates.indices)
        ordered.sort { a, b in
            keys[a].sortKey != keys[b].sortKey ? keys[a].sortKey < keys[b].sortKey
                : (keys[a].order != keys[b].order ? keys[a].order < keys[b].order : a < b)
        }
        if byY {
            let ys = candidates.map { c -> Double in
                switch c.geometry {
                case .point(_, let y): y
                case .line(let points): points.count > 1 ? points[1] : 0
                }
            }
            let rank = ordered.enumerated().reduce(into: [Int](repeating: 0, count: candidates.count)) { $0[$1.element] = $1.offset }
            ordered.sort { a, b in ys[a] != ys[b] ? ys[a] > ys[b] : rank[a] < rank[b] }
            return place(candidates, in: ordered).reversed()
        }
        return place(candidates, in: ordered)
    }

    /// MapLibre's rule for a symbol's text and icon: each is placed only where it fits, and one that is not
    /// optional also needs the other placed.
    static func together(_ placeText: Bool, _ placeIcon: Bool, textNeedsIcon: Bool, iconNeedsText: Bool) -> (text: Bool, icon: Bool) {
        (placeText && (!textNeedsIcon || placeIcon), placeIcon && (!iconNeedsText || placeText))
    }

    /// Places `candidates` in the order of the indices `ordered`.
    private mutating func place(_ candidates: [LabelCandidate], in ordered: [Int]) -> [PlacedLabel] {
        var placed: [PlacedLabel] = []
        for index in ordered {
            let candidate = candidates[index]
            switch candidate.geometry {
            case .point(let x, let y):
                if let line = candidate.sdfLine {
                    if let view = pitched {
                        if let label = placePitchedSDFLine(line, view) { placed.append(label) }
                    } else if let label = placeSDFLine(candidate, line, x: x, y: y) {
                        placed.append(label)
                    }
                } else if let text = candidate.sdfText, let view = pitched, candidate.icon == nil {
                    if let label = placePitchedSDFPoint(text, x: x, y: y, view) { placed.append(label) }
                } else if let text = candidate.sdfText {
                    if let label = placeSDFPoint(candidate, text, x: x, y: y) { placed.append(label) }
                } else if let label = placePoint(candidate, x: x, y: y) {
                    placed.append(label)
                }
            case .line(let points):
                placed += placeAlongLine(candidate, points)
            }
        }
        return placed
    }

    /// Text set with fonts must lie whole in the frame: on a pitched view the output's, where its boxes are
    /// tested (``screenBoxes(_:)``).
    private func inside(_ boxes: [PixelRect]) -> Bool {
        let frame = pitched?.screen ?? frame
        return boxes.allSatisfy { $0.minX >= frame.minX && $0.maxX <= frame.maxX && $0.minY >= frame.minY && $0.maxY <= frame.maxY }
    }

    /// Boxes of text set with fonts, laid out flat, as a pitched view's screen shows them: each about its
    /// centre's projection, scaled by clamp(0.5 + 0.5 · cameraToCenterDistance / depth, 0, 4) as the label is
    /// drawn there, so that labels far off collide as they look and do not crowd towards the horizon. Nil when
    /// a centre is behind the eye or past MapLibre's perspective cut-off. On a flat view, the boxes themselves.
    func screenBoxes(_ boxes: [PixelRect]) -> [PixelRect]? {
        guard let view = pitched else { return boxes }
        var result: [PixelRect] = []
        result.reserveCapacity(boxes.count)
        for box in boxes {
            let ground = view.ground(((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2))
            let depth = view.depth(ground)
            guard depth > 0 else { return nil }
            let ratio = view.perspectiveRatio(depth)
            guard ratio >= Self.perspectiveRatioCutoff else { return nil }
            let k = min(ratio, 4), centre = view.screenPoint(ground)
            let halfWidth = box.width / 2 * k, halfHeight = box.height / 2 * k
            result.append(PixelRect(minX: centre.x - halfWidth, minY: centre.y - halfHeight, maxX: centre.x + halfWidth, maxY: centre.y + halfHeight))
        }
        return result
    }

    /// Whether boxes may go where they are: clear of what they may not cover, and for text whole inside the
    /// frame (an icon may be cut by the frame, as MapLibre cuts it at the edge of the map).
    func fits(_ boxes: [PixelRect], _ overlap: OverlapMode, wholeInFrame: Bool = true) -> Bool {
        (!wholeInFrame || inside(boxes)) && !index.collides(boxes, mode: overlap)
    }

    /// A point label's text set about its anchor: glyphs on the page and the block they fill (without padding).
    private func layOut(_ lines: [ShapedText], _ style: LabelStyle, x: Double, y: Double) -> (glyphs: [PlacedGlyph], block: PixelRect)? {
        guard !lines.isEmpty else { return nil }
        let blockWidth = lines.map(\.advance).max() ?? 0
        let blockHeight = Double(lines.count) * style.lineHeight
        let anchor = style.anchor
        var left = x + style.offset.x - blockWidth / 2
        if anchor.hasSuffix("left") { left = x + style.offset.x } else if anchor.hasSuffix("right") { left = x + style.offset.x - blockWidth }
        var top = y + style.offset.y - blockHeight / 2
        if anchor.hasPrefix("top") { top = y + style.offset.y } else if anchor.hasPrefix("bottom") { top = y + style.offset.y - blockHeight }
        let justify = style.justify == "auto" ? (anchor.hasSuffix("left") ? "left" : anchor.hasSuffix("right") ? "right" : "center") : style.justify
        let capHeight = style.shaper.fonts[0].metrics(size: style.size).capHeight
        var glyphs: [PlacedGlyph] = []
        for (i, line) in lines.enumerated() {
            let lineLeft = justify == "left" ? left : justify == "right" ? left + blockWidth - line.advance : left + (blockWidth - line.advance) / 2
            let baseline = top + (Double(i) + 0.5) * style.lineHeight + capHeight / 2
            glyphs += line.placedGlyphs(x: lineLeft, y: baseline)
        }
        return (glyphs, PixelRect(minX: left, minY: top, maxX: left + blockWidth, maxY: top + blockHeight))
    }

    /// Places a point symbol's text and icon as MapLibre does: each must find room unless the other may go
    /// alone (`text-optional`, `icon-optional`), and only what is placed takes room from later symbols.
    private mutating func placePoint(_ candidate: LabelCandidate, x: Double, y: Double) -> PlacedLabel? {
        var text: (glyphs: [PlacedGlyph], block: PixelRect, style: LabelStyle)?
        var textSize = candidate.style?.size ?? 0, textSpace = PlacedLabel.GlyphSpace.flat
        if let style = candidate.style, !candidate.text.isEmpty {
            let tx = x + style.translate.x, ty = y + style.translate.y
            let lines = candidate.lines ?? shapes.pointLines(candidate.text, style)
            if var laid = layOut(lines, style, x: tx, y: ty) {
                if let view = pitched, style.pitchWithMap {
                    // Lying on the ground (`text-pitch-alignment: map`): set larger or smaller about its anchor by
                    // MapLibre's perspective factor for map-pitched symbols, as text along lines is.
                    let depth = view.depth(view.ground((tx, ty)))
                    guard depth > 0 else { return nil }
                    let g = min(max(0.5 + 0.5 * depth / view.cameraToCenterDistance, 0), 4)
                    for i in laid.glyphs.indices {
                        laid.glyphs[i].x = tx + (laid.glyphs[i].x - tx) * g
                        laid.glyphs[i].y = ty + (laid.glyphs[i].y - ty) * g
                    }
                    let b = laid.block
                    laid.block = PixelRect(minX: tx + (b.minX - tx) * g, minY: ty + (b.minY - ty) * g,
                                           maxX: tx + (b.maxX - tx) * g, maxY: ty + (b.maxY - ty) * g)
                    textSize *= g
                    textSpace = .ground
                }
                text = (laid.glyphs, laid.block, style)
            }
        }
        var icon: PlacedIcon?
        if let style = candidate.icon {
            let ix = x + style.translate.x, iy = y + style.translate.y
            var box = style.box
            if let text, style.textFit != "none" {
                // Fitted to the text block, measured from the icon's own anchor point.
                let block = text.block
                box = style.fitted(to: PixelRect(minX: block.minX - ix, minY: block.minY - iy, maxX: block.maxX - ix, maxY: block.maxY - iy))
            }
            icon = PlacedIcon(style: style, anchor: (ix, iy), box: box, angle: style.rotate + style.lineAngle)
        }
        guard text != nil || icon != nil else { return nil }
        let textBoxes = text.map { [$0.block.insetBy(-$0.style.padding)] } ?? []
        let iconBoxes = icon.map { icon in
            [PlacedIcon(style: icon.style, anchor: icon.anchor, box: icon.box, angle: icon.style.rotate).collisionBox(padding: icon.style.padding)]
        } ?? []
        // With text on a pitched view, text and icon collide on the screen (icons alone stay in the flat layout).
        let textTested = screenBoxes(textBoxes)
        let iconTested = text == nil ? iconBoxes : screenBoxes(iconBoxes)
        var placeText = text.map { style in textTested.map { fits($0, style.style.overlap) } ?? false } ?? false
        var placeIcon = icon.map { icon in iconTested.map { fits($0, icon.style.overlap, wholeInFrame: false) } ?? false } ?? false
        (placeText, placeIcon) = Self.together(placeText, placeIcon, textNeedsIcon: icon.map { !$0.style.optional } ?? false,
                                               iconNeedsText: text.map { !$0.style.optional } ?? false)
        if placeText, let text, !text.style.ignorePlacement, let textTested { index.insert(textTested, mode: text.style.overlap) }
        if placeIcon, let icon, !icon.style.ignorePlacement, let iconTested { index.insert(iconTested, mode: icon.style.overlap) }
        guard placeText || placeIcon else { return nil }
        let bounds = ((placeText ? textBoxes : []) + (placeIcon ? iconBoxes : [])).reduce(PixelRect.empty) { $0.union($1) }
        let style = text?.style
        return PlacedLabel(glyphs: placeText ? text?.glyphs ?? [] : [], size: textSize, color: style?.color ?? RGBAColor(red: 0, green: 0, blue: 0, alpha: 0),
                           haloColor: style?.haloColor ?? RGBAColor(red: 0, green: 0, blue: 0, alpha: 0), haloWidth: style?.haloWidth ?? 0,
                           haloBlur: style?.haloBlur ?? 0, bounds: bounds, icon: placeIcon ? icon : nil, glyphSpace: textSpace)
    }

    /// A point and direction `distance` along a polyline (x, y interleaved) with cumulative `lengths`.
    static func point(along points: [Double], _ lengths: [Double], at distance: Double) -> (x: Double, y: Double, angle: Double) {
        var i = 0
        while i + 2 < lengths.count && lengths[i + 1] < distance { i += 1 }
        let ax = points[2 * i], ay = points[2 * i + 1], bx = points[2 * i + 2], by = points[2 * i + 3]
        let span = max(lengths[i + 1] - lengths[i], 1e-9)
        let t = min(max((distance - lengths[i]) / span, 0), 1)
        return (ax + (bx - ax) * t, ay + (by - ay) * t, atan2(by - ay, bx - ax))
    }

    private mutating func placeAlongLine(_ candidate: LabelCandidate, _ original: [Double]) -> [PlacedLabel] {
        // Icons alone along lines come as points, anchored tile by tile (``LineAnchors``).
        guard let style = candidate.style, !candidate.text.isEmpty else { return [] }
        let text = candidate.lines?.first ?? shapes.lineText(candidate.text, style)
        guard original.count >= 4, text.glyphCount > 0 else { return [] }
        var lengths = [0.0]
        for i in stride(from: 2, to: original.count, by: 2) {
            lengths.append(lengths[lengths.count - 1] + hypot(original[i] - original[i - 2], original[i + 1] - original[i - 1]))
        }
        let total = lengths[lengths.count - 1]
        let width = text.advance
        guard width + style.size < total else { return [] }
        var anchors: [Double]
        if style.placement == .lineCenter || total < 2 * style.spacing {
            anchors = [total / 2]
        } else {
            let count = Int(total / style.spacing)
            anchors = (0..<count).map { (Double($0) + 0.5) * total / Double(count) }
        }
        // The clusters, each laid along the line as one piece.
        let glyphs = LineCluster.clusters(of: text)
        let capHeight = style.shaper.fonts[0].metrics(size: style.size).capHeight
        var placed: [PlacedLabel] = []
        for anchor in anchors {
            let middle = Self.point(along: original, lengths, at: anchor)
            // On a pitched view, text lying on the ground is laid out larger (or smaller) by MapLibre's
            // perspective factor for map-pitched symbols, clamp(0.5 + 0.5 · depth / cameraToCenterDistance, 0, 4),
            // so that it shrinks with distance less than the ground does.
            var scale = 1.0
            var space = PlacedLabel.GlyphSpace.flat
            if let view = pitched {
                let depth = view.depth(view.ground((middle.x, middle.y)))
                guard depth > 0 else { continue }
                if style.pitchWithMap {
                    scale = min(max(0.5 + 0.5 * depth / view.cameraToCenterDistance, 0), 4)
                    space = .ground
                } else {
                    space = .screen
                }
            }
            let span = width * scale
            guard scale > 0, anchor - span / 2 >= 0, anchor + span / 2 <= total else { continue }
            var points = original, cumulative = lengths, start = anchor - span / 2
            // Upright: text that would read right to left is laid along the reversed line.
            if style.keepUpright && cos(middle.angle) < 0 {
                points = stride(from: original.count - 2, through: 0, by: -2).flatMap { [original[$0], original[$0 + 1]] }
                cumulative = lengths.reversed().map { total - $0 }
                start = total - anchor - span / 2
            }
            var laid: [PlacedGlyph] = []
            var boxes: [PixelRect] = []
            var previousAngle: Double?
            var bends = false
            for glyph in glyphs {
                let at = Self.point(along: points, cumulative, at: start + glyph.center * scale)
                if let previousAngle {
                    var turn = abs(at.angle - previousAngle)
                    if turn > .pi { turn = 2 * .pi - turn }
                    if turn > style.maxAngle { bends = true; break }
                }
                previousAngle = at.angle
                laid += glyph.placed(at: at, scale: scale, capHeight: capHeight)
                let half = style.size * scale / 2 + style.padding
                boxes.append(PixelRect(minX: at.x - half, minY: at.y - half, maxX: at.x + half, maxY: at.y + half))
            }
            var size = style.size * scale
            // Boxes on the output already (text along the line's projection), not to be projected again.
            var projectedBoxes: [PixelRect]?
            if !bends, space == .screen, let view = pitched {
                // Facing the viewer along a line: the glyphs go along the line's projection on the output.
                if let onScreen = Self.glyphsAlongProjectedLine(glyphs, width: width, capHeight: capHeight, style: style,
                                                                 line: original, lengths: lengths, anchor: anchor, view: view) {
                    (laid, size, projectedBoxes) = (onScreen.glyphs, onScreen.size, onScreen.boxes)
                } else {
                    bends = true
                }
            }
            guard !bends else { continue }
            // An icon goes at the label's middle, turned with the line where it is aligned to the map.
            var icon: PlacedIcon?
            if let iconStyle = candidate.icon {
                let angle = iconStyle.alignedToMap ? middle.angle + iconStyle.rotate : iconStyle.rotate
                icon = PlacedIcon(style: iconStyle, anchor: (middle.x + iconStyle.translate.x, middle.y + iconStyle.translate.y),
                                  box: iconStyle.box, angle: angle)
            }
            let iconBoxes = icon.map { [$0.collisionBox(padding: $0.style.padding)] } ?? []
            let boxesTested = projectedBoxes ?? screenBoxes(boxes), iconTested = screenBoxes(iconBoxes)
            var placeText = boxesTested.map { fits($0, style.overlap) } ?? false
            var placeIcon = icon.map { icon in iconTested.map { fits($0, icon.style.overlap, wholeInFrame: false) } ?? false } ?? false
            if let icon {
                (placeText, placeIcon) = Self.together(placeText, placeIcon, textNeedsIcon: !icon.style.optional, iconNeedsText: !style.optional)
            }
            guard placeText || placeIcon else { continue }
            if placeText && !style.ignorePlacement, let boxesTested { index.insert(boxesTested, mode: style.overlap) }
            if placeIcon, let icon, !icon.style.ignorePlacement, let iconTested { index.insert(iconTested, mode: icon.style.overlap) }
            let bounds = ((placeText ? boxes : []) + (placeIcon ? iconBoxes : [])).reduce(PixelRect.empty) { $0.union($1) }
            placed.append(PlacedLabel(glyphs: placeText ? laid : [], size: size, color: style.color, haloColor: style.haloColor,
                                      haloWidth: style.haloWidth, haloBlur: style.haloBlur, bounds: bounds, icon: placeIcon ? icon : nil,
                                      glyphSpace: space))
        }
        return placed
    }
}
