/// Colours by role that recolour a style: every layer tagged with a role in its metadata
/// (`"cartopress:role": "water"`) takes the palette's colour for that role.
public struct Palette: Sendable, Hashable {
    public var id: String
    public var name: String
    public var colors: [String: StyleColor]

    public init(id: String, name: String, colors: [String: StyleColor]) {
        self.id = id
        self.name = name
        self.colors = colors
    }

    /// The roles a palette may colour. `background` and `text` also colour the poster's paper and type.
    public static let roles: [String] = [
        "background", "text", "water", "water-line", "green", "landuse", "building",
        "road-motorway", "road-primary", "road-secondary", "road-tertiary", "road-minor", "road-service", "road-path",
        "road-casing", "rail", "contour", "border", "shade",
    ]

    /// Roles every palette must define, whatever its style uses.
    public static let requiredRoles: [String] = ["background", "text", "road-primary"]
}

extension StyleLayer {
    /// The palette role that colours this layer, from its metadata.
    public var role: String? { metadataString("cartopress:role") }
    /// The role that colours this layer's fill outline, if any.
    public var outlineRole: String? { metadataString("cartopress:outline-role") }
    /// The API option (`streets`, `water`, `parks`, ...) that switches this layer off.
    public var toggle: String? { metadataString("cartopress:toggle") }

    private func metadataString(_ key: String) -> String? {
        if case .object(let fields)? = metadata, case .string(let value)? = fields[key] { return value }
        return nil
    }
}

extension Style {
    /// The roles the style's layers use.
    public var roles: Set<String> {
        Set(layers.compactMap(\.role) + layers.compactMap(\.outlineRole))
    }

    /// Layer ids by the option that toggles them.
    public var toggles: [String: [String]] {
        var result: [String: [String]] = [:]
        for layer in layers { if let toggle = layer.toggle { result[toggle, default: []].append(layer.id) } }
        return result
    }

    /// The style recoloured by a palette (roles the palette lacks keep the style's colours).
    public func applying(_ palette: Palette) -> Style {
        var copy = self
        for i in copy.layers.indices {
            let layer = copy.layers[i]
            if let role = layer.role, let color = palette.colors[role] {
                copy.layers[i].background?.color = .constant(color)
                copy.layers[i].fill?.color = .constant(color)
                copy.layers[i].line?.color = .constant(color)
                copy.layers[i].symbol?.textColor = .constant(color)
                copy.layers[i].hillshade?.shadowColor = .constant(color)
                copy.layers[i].hillshade?.accentColor = .constant(color)
                // Labels stand on a halo of the paper, whatever the palette makes of it.
                if let paper = palette.colors["background"] { copy.layers[i].symbol?.textHaloColor = .constant(paper) }
            }
            if let role = layer.outlineRole, let color = palette.colors[role] {
                copy.layers[i].fill?.outlineColor = .constant(color)
            }
        }
        return copy
    }

    /// The style with the layers of switched-off options hidden (`["buildings": false]`) and those of
    /// switched-on options shown (`["labels": true]`).
    public func applying(toggles: [String: Bool]) -> Style {
        var copy = self
        for i in copy.layers.indices {
            // false switches a layer off; true switches on one the style leaves off (labels, say).
            if let toggle = copy.layers[i].toggle, let on = toggles[toggle] { copy.layers[i].isVisible = on }
        }
        return copy
    }
}
