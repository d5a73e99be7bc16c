import Canvas

extension SymbolPlacer {
    /// Places a point symbol whose text is set with SDF glyphs, as MapLibre places it: the text's collision
    /// box is the shaping's box at the layout size grown by `text-padding`; it may reach past the map's
    /// edge by MapLibre's grid padding (the view shows what falls inside); an icon fitted to the text
    /// (`icon-text-fit`) fits the shaping's box. Text and icon need each other unless one is optional.
    mutating func placeSDFPoint(_ candidate: LabelCandidate, _ text: SDFTextLabel, x: Double, y: Double) -> PlacedLabel? {
        let anchor = (x: x + text.translate.x, y: y + text.translate.y)
        let textBox = text.collisionBox(at: anchor)
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
            icon = PlacedIcon(style: style, anchor: (ix, iy), box: box, angle: style.rotate + style.lineAngle)
        }
        let iconBoxes = icon.map { icon in
            [PlacedIcon(style: icon.style, anchor: icon.anchor, box: icon.box, angle: icon.style.rotate).collisionBox(padding: icon.style.padding)]
        } ?? []
        let grid = frame.insetBy(-text.viewportPadding)
        let reachable = textBox.maxX >= grid.minX && textBox.minX < grid.maxX && textBox.maxY >= grid.minY && textBox.minY < grid.maxY
        var placeText = reachable && fits([textBox], text.overlap, wholeInFrame: false)
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
                           sdfText: placeText ? PlacedSDFText(glyphs: text.glyphs(at: anchor), paint: text.paint) : nil)
    }
}
