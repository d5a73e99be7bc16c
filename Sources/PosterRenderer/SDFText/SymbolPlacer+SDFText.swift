import Canvas

extension SymbolPlacer {
    /// Places a point symbol whose text is set with SDF glyphs, as MapLibre places it: the text's collision
    /// box is the shaping's box at the layout size grown by `text-padding`; it may reach past the map's
    /// edge by MapLibre's grid padding (the view shows what falls inside); an icon fitted to the text
    /// (`icon-text-fit`) fits the shaping's box. Text and icon need each other unless one is optional.
    mutating func placeSDFPoint(_ candidate: LabelCandidate, _ label: SDFTextLabel, x: Double, y: Double) -> PlacedLabel? {
        // Vertical text: each writing mode in turn, the first that finds room wins.
        let orientations = label.orientations
        var text = orientations[0], textBox = PixelRect.empty, icon: PlacedIcon?, placeText = false
        var drawn = text, drawnAnchor = (x: x, y: y)
        for (index, orientation) in orientations.enumerated() {
            let attempt = attemptSDFPoint(candidate, orientation, x: x, y: y)
            text = orientation
            (textBox, icon, placeText, drawn, drawnAnchor) = (attempt.textBox, attempt.icon, attempt.placeText, attempt.drawn, attempt.drawnAnchor)
            if placeText || index == orientations.count - 1 { break }
        }
        let iconBoxes = icon.map { icon in
            [PlacedIcon(style: icon.style, anchor: icon.anchor, box: icon.box, angle: icon.style.rotate + Self.verticalTurn(text, icon.style))
                .collisionBox(padding: icon.style.padding)]
        } ?? []
        var placeIcon = icon.map { fits(iconBoxes, $0.style.overlap, wholeInFrame: false) } ?? false
        if let icon {
            (placeText, placeIcon) = Self.together(placeText, placeIcon, textNeedsIcon: !icon.style.optional, iconNeedsText: !text.optional)
        }
        if placeText && !text.ignorePlacement { index.insert([textBox], mode: text.overlap) }
        if placeIcon, let icon, !icon.style.ignorePlacement { index.insert(iconBoxes, mode: icon.style.overlap) }
        guard placeText || placeIcon else { return nil }
        let bounds = ((placeText ? [textBox] : []) + (placeIcon ? iconBoxes : [])).reduce(PixelRect.empty) { $0.union($1) }
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        return PlacedLabel(glyphs: [], size: 0, color: clear, haloColor: clear, haloWidth: 0, bounds: bounds,
                           icon: placeIcon ? icon : nil,
                           sdfText: placeText ? PlacedSDFText(glyphs: drawn.glyphs(at: drawnAnchor), images: drawn.inlineImages(at: drawnAnchor),
                                                              paint: text.paint, tile: text.tile, sortedByKey: text.sortedByKey) : nil)
    }

    /// The icon of a symbol at (x, y) whose SDF text stands at `textAnchor`: with `icon-text-fit`, fitted to the
    /// text's shaping box measured from the icon's own anchor point; turned by `icon-rotate`, the line's
    /// direction and `turn`.
    func sdfIcon(_ style: IconStyle, x: Double, y: Double, text: SDFTextLabel, textAnchor: (x: Double, y: Double), turn: Double) -> PlacedIcon {
        let ix = x + style.translate.x, iy = y + style.translate.y
        var box = style.box
        if style.textFit != "none" {
            let block = text.layoutBox
            let dx = textAnchor.x - ix, dy = textAnchor.y - iy
            box = style.fitted(to: PixelRect(minX: block.minX + dx, minY: block.minY + dy, maxX: block.maxX + dx, maxY: block.maxY + dy))
        }
        return PlacedIcon(style: style, anchor: (ix, iy), box: box, angle: style.rotate + style.lineAngle + turn)
    }

    /// The quarter turn of an icon fitted to vertical text (MapLibre's vertically shaped icon).
    static func verticalTurn(_ text: SDFTextLabel, _ icon: IconStyle) -> Double {
        text.shaping.isVertical && icon.textFit != "none" ? .pi / 2 : 0
    }

    /// One orientation of a point label tried where it stands: the text's collision box, the icon, whether
    /// the text finds room, and the label as drawn (its variable anchor chosen) with its anchor.
    private mutating func attemptSDFPoint(_ candidate: LabelCandidate, _ text: SDFTextLabel, x: Double, y: Double)
        -> (textBox: PixelRect, icon: PlacedIcon?, placeText: Bool, drawn: SDFTextLabel, drawnAnchor: (x: Double, y: Double)) {
        let anchor = (x: x + text.translate.x, y: y + text.translate.y)
        var textBox = text.collisionBox(at: anchor)
        var icon: PlacedIcon?
        if let style = candidate.icon {
            // An icon fitted to vertical text is turned a quarter clockwise with it.
            icon = sdfIcon(style, x: x, y: y, text: text, textAnchor: anchor, turn: Self.verticalTurn(text, style))
        }
        var placeText: Bool
        var drawn = text, drawnAnchor = anchor
        if text.variableAnchors.isEmpty {
            let grid = frame.insetBy(-text.viewportPadding)
            let reachable = textBox.maxX >= grid.minX && textBox.minX < grid.maxX && textBox.maxY >= grid.minY && textBox.minY < grid.maxY
            placeText = reachable && fits([textBox], text.overlap, wholeInFrame: false)
        } else if let (option, shift) = variableAnchorPlacement(text, at: anchor, icon: icon) {
            placeText = true
            textBox = PixelRect(minX: textBox.minX + shift.x, minY: textBox.minY + shift.y, maxX: textBox.maxX + shift.x, maxY: textBox.maxY + shift.y)
            // The glyphs move by the same shift measured at the drawn size (MapLibre's render shift).
            let k = text.layoutScale > 0 ? text.drawScale / text.layoutScale : 1
            drawn.shaping = option.shaping
            drawnAnchor = (anchor.x + shift.x * k, anchor.y + shift.y * k)
            if let fitted = icon, fitted.style.textFit != "none" { icon?.anchor = (fitted.anchor.x + shift.x * k, fitted.anchor.y + shift.y * k) }
        } else {
            placeText = false
        }
        return (textBox, icon, placeText, drawn, drawnAnchor)
    }

    /// Places text along a line as MapLibre does: every glyph must find room on the line, and the label
    /// takes room with MapLibre's collision circles along the line from its first glyph to its last. An icon
    /// stands at the anchor (fitted to the text with `icon-text-fit`); text and icon need each other unless
    /// one is optional.
    mutating func placeSDFLine(_ candidate: LabelCandidate, _ line: SDFLineLabel, x: Double, y: Double) -> PlacedLabel? {
        let text = line.text
        let circles = collisionCircles(line)
        var placeText = text.overlap == .always || (!circles.isEmpty && !index.collides(circles, mode: text.overlap))
        let placed = placeText ? line.placedGlyphs() : nil
        placeText = placeText && !(placed ?? []).isEmpty
        var icon: PlacedIcon?
        if let style = candidate.icon {
            icon = sdfIcon(style, x: x, y: y, text: text, textAnchor: (x + text.translate.x, y + text.translate.y), turn: 0)
        }
        // MapLibre's icon collision box along a line turns with icon-rotate only, not with the line.
        let iconBoxes = icon.map { [PlacedIcon(style: $0.style, anchor: $0.anchor, box: $0.box, angle: $0.style.rotate).collisionBox(padding: $0.style.padding)] } ?? []
        var placeIcon = icon.map { fits(iconBoxes, $0.style.overlap, wholeInFrame: false) } ?? false
        if let icon {
            (placeText, placeIcon) = Self.together(placeText, placeIcon, textNeedsIcon: !icon.style.optional, iconNeedsText: !text.optional)
        }
        if placeText && !text.ignorePlacement { index.insert(circles, mode: text.overlap) }
        if placeIcon, let icon, !icon.style.ignorePlacement { index.insert(iconBoxes, mode: icon.style.overlap) }
        guard placeText || placeIcon else { return nil }
        let bounds = ((placeText ? circles.map(\.bounds) : []) + (placeIcon ? iconBoxes : [])).reduce(PixelRect.empty) { $0.union($1) }
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        return PlacedLabel(glyphs: [], size: 0, color: clear, haloColor: clear, haloWidth: 0, bounds: bounds, icon: placeIcon ? icon : nil,
                           sdfText: placeText ? PlacedSDFText(glyphs: line.quads(placed ?? []), images: line.images(placed ?? []), paint: text.paint,
                                                              tile: text.tile, sortedByKey: text.sortedByKey) : nil)
    }

    /// MapLibre's `placeCollisionCircles`: circles as high as the text (at least 10 glyph units) plus
    /// `text-padding`, spread evenly along the way from the first glyph to the last (clipped to the
    /// collision grid), at most 2.5 radii apart; none when the label does not fit its line or misses the grid.
    func collisionCircles(_ line: SDFLineLabel) -> [CollisionIndex.Circle] {
        let text = line.text
        guard let ends = line.firstAndLast() else { return [] }
        let height = text.shaping.bottom - text.shaping.top
        guard height > 0 else { return [] }
        let radius = max(10, height) * text.drawScale / 2 + text.padding
        var route: [(x: Double, y: Double)] = ends.first.route.dropFirst().reversed()
        route += ends.last.route.dropFirst()
        guard !route.isEmpty else { return [] }
        let grid = frame.insetBy(-text.viewportPadding)
        var circles: [CollisionIndex.Circle] = []
        var inGrid = false
        for piece in PathInterpolator.clip(route, to: grid) {
            let path = PathInterpolator(piece, padding: radius * 0.25)
            let count = path.length <= 0.5 * radius ? 1 : Int((path.paddedLength / (radius * 2.5)).rounded(.up)) + 1
            for i in 0..<count {
                let p = path.point(at: Double(i) / Double(max(count - 1, 1)))
                let circle = CollisionIndex.Circle(x: p.x, y: p.y, radius: radius)
                circles.append(circle)
                let b = circle.bounds
                inGrid = inGrid || (b.maxX >= grid.minX && b.minX < grid.maxX && b.maxY >= grid.minY && b.minY < grid.maxY)
            }
        }
        return inGrid ? circles : []
    }

    /// Where a label with variable anchors goes, as MapLibre's placement tries them: each anchor in turn,
    /// the centred collision box shifted towards it (and by its offset), first where nothing lies beneath
    /// and then, when the text may overlap, as its overlap mode allows; with `icon-text-fit` the icon is
    /// shifted alike and must fit too. Returns the anchor and the shift of the collision box (device pixels).
    mutating func variableAnchorPlacement(_ text: SDFTextLabel, at anchor: (x: Double, y: Double),
                                          icon: PlacedIcon?) -> (option: VariableTextAnchor, shift: (x: Double, y: Double))? {
        let base = text.collisionBox(at: anchor)
        let width = base.width, height = base.height
        let grid = frame.insetBy(-text.viewportPadding)
        let fittedIcon = icon.flatMap { $0.style.textFit != "none" && $0.style.overlap == .never ? $0 : nil }
        var mode = OverlapMode.never
        for _ in 0..<(text.overlap == .never ? 1 : 2) {
            for option in text.variableAnchors {
                let (h, v) = MapLibreShaper.alignment(option.anchor)
                // Text turned with the map is shifted along its turn (MapLibre's shiftVariableCollisionBox).
                let shift = text.renderShift((x: -(h - 0.5) * width + option.offset.x * text.layoutScale,
                                              y: -(v - 0.5) * height + option.offset.y * text.layoutScale))
                let box = PixelRect(minX: base.minX + shift.x, minY: base.minY + shift.y, maxX: base.maxX + shift.x, maxY: base.maxY + shift.y)
                if let fittedIcon {
                    var moved = fittedIcon
                    moved.anchor = (moved.anchor.x + shift.x, moved.anchor.y + shift.y)
                    let iconBox = PlacedIcon(style: moved.style, anchor: moved.anchor, box: moved.box, angle: moved.style.rotate + Self.verticalTurn(text, moved.style))
                        .collisionBox(padding: moved.style.padding)
                    guard fits([iconBox], mode, wholeInFrame: false) else { continue }
                }
                let reachable = box.maxX >= grid.minX && box.minX < grid.maxX && box.maxY >= grid.minY && box.minY < grid.maxY
                if reachable && fits([box], mode, wholeInFrame: false) { return (option, shift) }
            }
            mode = text.overlap
        }
        return nil
    }
}
