import StyleKit

/// Properties a layer sets that the renderer reads past for now, named so that a poster says what it
/// leaves out where MapLibre would draw something different. Properties that change nothing in a flat,
/// static view (pitch alignments, transitions, fades) are not named.
enum UndrawnProperties {
    /// One warning per property `layer` sets that is not drawn, with what is drawn instead.
    /// With `sdfText` the text is set with the style's glyphs, which turn by `text-rotate`.
    static func warnings(for layer: StyleLayer, bearing: Double, sdfText: Bool = false) -> [String] {
        var found: [(key: String, instead: String)] = []
        let layout = layer.rawLayout
        switch layer.type {
        case .symbol:
            for key in ["text-variable-anchor", "text-variable-anchor-offset"] where layout[key] != nil {
                // Text set with the style's glyphs takes literal lists of anchors.
                if sdfText, case .array(let items)? = layout[key], items.first.map({ if case .string = $0 { true } else { false } }) ?? false { continue }
                found.append((key, "the text stays at its text-anchor"))
            }
            // Text set with the style's glyphs is set vertically at points.
            if !sdfText, let mode = layout["text-writing-mode"], "\(mode)".contains("vertical") {
                found.append(("text-writing-mode", "the text is set horizontally"))
            }
            if !sdfText, let rotate = layout["text-rotate"], rotate != .number(0) {
                found.append(("text-rotate", "the text is set unturned"))
            }
            let point = layout["symbol-placement"] == nil || layout["symbol-placement"] == .string("point")
            if !sdfText, point, bearing.truncatingRemainder(dividingBy: 360) != 0, layout["text-rotation-alignment"] == .string("map") {
                found.append(("text-rotation-alignment", "point labels stay upright on the page"))
            }
        default:
            break
        }
        return found.map { "layer \"\(layer.id)\": \($0.key) is not drawn yet: \($0.instead)" }
    }
}
