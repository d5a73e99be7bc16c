/// Colours by role that recolour a style: every layer tagged with a role in its metadata
/// (`"cartopress:role": "water"`) takes the palette's colour for that role in its main colour property, and
/// `"cartopress:roles": {"text-halo-color": "background"}` names the role of any other colour property.
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
        "background", "text", "accent", "water", "water-line", "green", "landuse", "building", "building-roof",
        "landcover-wood", "landcover-grass", "landcover-farmland", "landcover-ice",
        "landuse-forest", "landuse-orchard", "landuse-vineyard", "landuse-cemetery",
        "road-motorway", "road-trunk", "road-primary", "road-secondary", "road-tertiary", "road-residential", "road-minor",
        "road-service", "road-path", "road-casing", "rail", "contour", "contour-index", "border", "shade", "shade-highlight",
        "bathymetry",
    ]

    /// The colour properties `cartopress:roles` may name.
    public static let colorProperties: [String] = [
        "background-color", "fill-color", "fill-outline-color", "line-color", "text-color", "text-halo-color",
        "hillshade-shadow-color", "hillshade-highlight-color", "hillshade-accent-color", "circle-color", "circle-stroke-color",
        "fill-extrusion-color",
    ]

    /// Roles every palette must define, whatever its style uses.
    public static let requiredRoles: [String] = ["background", "text", "road-primary"]
}

extension StyleLayer {
    /// The palette role that colours this layer, from its metadata.
    public var role: String? { metadataString("cartopress:role") }
    /// The role that colours this layer's fill outline, if any.
    public var outlineRole: String? { metadataString("cartopress:outline-role") }
    /// Roles of further colour properties (`"cartopress:roles": {"text-halo-color": "background"}`).
    public var propertyRoles: [String: String] {
        guard case .object(let fields)? = metadata, case .object(let roles)? = fields["cartopress:roles"] else { return [:] }
        return roles.compactMapValues { if case .string(let role) = $0 { role } else { nil } }
    }
    /// Toggle values this layer needs besides its own (`"cartopress:when": {"labels": false}`): carto-art
    /// draws roads narrower and lighter when names are shown, so each road layer exists once per value.
    public var requiredToggles: [String: Bool] {
        guard case .object(let fields)? = metadata, case .object(let when)? = fields["cartopress:when"] else { return [:] }
        return when.compactMapValues { if case .bool(let on) = $0 { on } else { nil } }
    }
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
        Set(layers.compactMap(\.role) + layers.compactMap(\.outlineRole) + layers.flatMap(\.propertyRoles.values))
    }

    /// Whether an option is on when a request leaves it out: when any of its layers is shown as written.
    public func isOnByDefault(_ toggle: String) -> Bool {
        layers.contains { $0.toggle == toggle && $0.isVisible }
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
                copy.layers[i].circle?.color = .constant(color)
                copy.layers[i].fillExtrusion?.color = .constant(color)
                // Labels stand on a halo of the paper, whatever the palette makes of it.
                if let paper = palette.colors["background"] { copy.layers[i].symbol?.textHaloColor = .constant(paper) }
            }
            if let role = layer.outlineRole, let color = palette.colors[role] {
                copy.layers[i].fill?.outlineColor = .constant(color)
            }
            for (property, role) in layer.propertyRoles {
                guard let color = palette.colors[role] else { continue }
                copy.layers[i].setColor(property, .constant(color))
            }
        }
        return copy
    }

    /// The style with the layers of switched-off options hidden (`["buildings": false]`) and those of
    /// switched-on options shown (`["labels": true]`).
    public func applying(toggles: [String: Bool]) -> Style {
        var copy = self
        func value(_ toggle: String) -> Bool { toggles[toggle] ?? isOnByDefault(toggle) }
        for i in copy.layers.indices {
            let layer = copy.layers[i]
            let required = layer.requiredToggles
            if !required.isEmpty {
                let own = layer.toggle.map(value) ?? layer.isVisible
                copy.layers[i].isVisible = own && required.allSatisfy { value($0.key) == $0.value }
            } else if let toggle = layer.toggle, let on = toggles[toggle] {
                // false switches a layer off; true switches on one the style leaves off (labels, say).
                copy.layers[i].isVisible = on
            }
        }
        return copy
    }
}

extension StyleLayer {
    /// Sets one of the colour properties ``Palette/colorProperties`` names; others are left alone.
    mutating func setColor(_ property: String, _ value: StyleProperty<StyleColor>) {
        switch property {
        case "background-color": background?.color = value
        case "fill-color": fill?.color = value
        case "fill-extrusion-color": fillExtrusion?.color = value
        case "fill-outline-color": fill?.outlineColor = value
        case "line-color": line?.color = value
        case "text-color": symbol?.textColor = value
        case "text-halo-color": symbol?.textHaloColor = value
        case "hillshade-shadow-color": hillshade?.shadowColor = value
        case "hillshade-highlight-color": hillshade?.highlightColor = value
        case "hillshade-accent-color": hillshade?.accentColor = value
        case "circle-color": circle?.color = value
        case "circle-stroke-color": circle?.strokeColor = value
        default: break
        }
    }
}
