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
        let textWithoutIcon = icon == nil || (icon?.style.optional ?? true)
        if let icon {
            if !text.optional && !icon.style.optional {
                placeText = placeText && placeIcon
                placeIcon = placeText
            } else if !textWithoutIcon {
                placeText = placeText && placeIcon
            } else if !text.optional {
                placeIcon = placeIcon && placeText
            }
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
            let ix = x + style.translate.x, iy = y + style.translate.y
            var box = style.box
            if style.textFit != "none" {
                // The shaping's box, measured from the icon's own anchor point.
                let block = text.layoutBox
                let dx = anchor.x - ix, dy = anchor.y - iy
                box = style.fitted(to: PixelRect(minX: block.minX + dx, minY: block.minY + dy, maxX: block.maxX + dx, maxY: block.maxY + dy))
            }
            // An icon fitted to vertical text is turned a quarter clockwise with it.
            icon = PlacedIcon(style: style, anchor: (ix, iy), box: box, angle: style.rotate + style.lineAngle + Self.verticalTurn(text, style))
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

    /// Places text along a line as MapLibre does: every glyph must find room on the line; the label takes
    /// room about each glyph's place on it (a square as high as the text, for MapLibre's collision circles).
    mutating func placeSDFLine(_ line: SDFLineLabel) -> PlacedLabel? {
        guard let placed = line.placedGlyphs(), !placed.isEmpty else { return nil }
        let text = line.text
        let half = (text.shaping.bottom - text.shaping.top) / 2 * text.layoutScale + text.padding
        let boxes = placed.map { PixelRect(minX: $0.at.x - half, minY: $0.at.y - half, maxX: $0.at.x + half, maxY: $0.at.y + half) }
        let grid = frame.insetBy(-text.viewportPadding)
        let reachable = boxes.contains { $0.maxX >= grid.minX && $0.minX < grid.maxX && $0.maxY >= grid.minY && $0.minY < grid.maxY }
        guard reachable, fits(boxes, text.overlap, wholeInFrame: false) else { return nil }
        if !text.ignorePlacement { index.insert(boxes, mode: text.overlap) }
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        return PlacedLabel(glyphs: [], size: 0, color: clear, haloColor: clear, haloWidth: 0,
                           bounds: boxes.reduce(PixelRect.empty) { $0.union($1) },
                           sdfText: PlacedSDFText(glyphs: line.quads(placed), images: line.images(placed), paint: text.paint, tile: text.tile, sortedByKey: text.sortedByKey))
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
                let shift = (x: -(h - 0.5) * width + option.offset.x * text.layoutScale, y: -(v - 0.5) * height + option.offset.y * text.layoutScale)
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
