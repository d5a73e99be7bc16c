import StyleKit

/// One of the places `text-variable-anchor` or `text-variable-anchor-offset` lets a point label go: the
/// anchor, its offset as MapLibre evaluates it (24 px units), and the text justified for that anchor,
/// shaped about the point (MapLibre shapes variable-anchor text centred and shifts it at placement).
struct VariableTextAnchor: Sendable {
    var anchor: String
    var offset: (x: Double, y: Double)
    var shaping: MapLibreShaping

    /// The anchors of MapLibre's `text-anchor` enumeration.
    static let names: Set<String> = ["center", "left", "right", "top", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"]

    /// What the glyphs sit below their box's top in MapLibre's shaping, which offsets towards a top or
    /// bottom anchor are measured from.
    static let baselineOffset = 7.0

    /// The anchors and offsets (24 px units) a layer's constant `text-variable-anchor-offset`, or else its
    /// `text-variable-anchor` with `text-radial-offset` (when set) or `text-offset`, asks for, as
    /// `getTextVariableAnchorOffset` evaluates them; nil when the layer sets neither as a literal list.
    static func anchors(layout: [String: JSONValue], radialOffset: Double, textOffset: (x: Double, y: Double)) -> [(String, (x: Double, y: Double))]? {
        let em = MapLibreShaper.oneEm
        if case .array(let values)? = layout["text-variable-anchor-offset"] {
            var result: [(String, (x: Double, y: Double))] = []
            var i = 0
            while i + 1 < values.count {
                guard case .string(let anchor) = values[i], names.contains(anchor), case .array(let pair) = values[i + 1], pair.count == 2,
                      case .number(let x) = pair[0], case .number(let y) = pair[1] else { return nil }
                var offset = (x: x * em, y: y * em)
                if anchor.hasPrefix("top") { offset.y -= baselineOffset } else if anchor.hasPrefix("bottom") { offset.y += baselineOffset }
                result.append((anchor, offset))
                i += 2
            }
            return result.isEmpty ? nil : result
        }
        guard case .array(let values)? = layout["text-variable-anchor"] else { return nil }
        var anchors: [String] = []
        for value in values {
            guard case .string(let anchor) = value, names.contains(anchor) else { return nil }
            anchors.append(anchor)
        }
        guard !anchors.isEmpty else { return nil }
        let radial = layout["text-radial-offset"] != nil
        return anchors.map { anchor in
            let offset = radial ? MapPreparer.radialOffset(anchor, radialOffset * em) : fromTextOffset(anchor, textOffset.x * em, textOffset.y * em)
            return (anchor, (x: offset.0, y: offset.1))
        }
    }

    /// `text-offset` for a variable anchor: its size away from the anchored side (signs are ignored).
    static func fromTextOffset(_ anchor: String, _ x: Double, _ y: Double) -> (Double, Double) {
        let x = abs(x), y = abs(y)
        var dx = 0.0, dy = 0.0
        if anchor.hasPrefix("top") { dy = y - baselineOffset } else if anchor.hasPrefix("bottom") { dy = -y + baselineOffset }
        if anchor.hasSuffix("right") { dx = -x } else if anchor.hasSuffix("left") { dx = x }
        return (dx, dy)
    }
}
