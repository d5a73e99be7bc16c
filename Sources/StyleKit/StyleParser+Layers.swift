/// Paint of the layer types drawn from points and raised polygons, and the style's light.
extension StyleParser {
    func heatmapPaint(_ paint: [String: JSONValue], path: String) -> HeatmapLayerPaint {
        let reader = PaintReader(properties: PropertyParser(diagnostics: diagnostics), paint: paint, path: path)
        var p = HeatmapLayerPaint()
        reader.read("heatmap-radius", into: &p.radius)
        reader.read("heatmap-weight", into: &p.weight)
        reader.read("heatmap-intensity", into: &p.intensity)
        reader.read("heatmap-color", into: &p.color)
        reader.read("heatmap-opacity", into: &p.opacity)
        return p
    }

    func fillExtrusionPaint(_ paint: [String: JSONValue], path: String) -> FillExtrusionLayerPaint {
        let reader = PaintReader(properties: PropertyParser(diagnostics: diagnostics), paint: paint, path: path)
        var p = FillExtrusionLayerPaint()
        reader.read("fill-extrusion-opacity", into: &p.opacity)
        reader.read("fill-extrusion-color", into: &p.color)
        reader.read("fill-extrusion-translate", into: &p.translate)
        reader.read("fill-extrusion-translate-anchor", into: &p.translateAnchor)
        reader.read("fill-extrusion-height", into: &p.height)
        reader.read("fill-extrusion-base", into: &p.base)
        reader.read("fill-extrusion-vertical-gradient", into: &p.verticalGradient)
        if let json = paint["fill-extrusion-pattern"] {
            p.pattern = reader.properties.parse(json, as: String.self, path: "\(path).paint.fill-extrusion-pattern", fallback: "")
        }
        return p
    }

    /// The style's `light` (checked by `checkRoot`); what is missing or malformed keeps its default.
    func light(_ json: JSONValue?) -> StyleLight {
        var light = StyleLight()
        guard case .object(let object)? = json else { return light }
        let reader = PaintReader(properties: PropertyParser(diagnostics: StyleDiagnostics(file: "")), paint: object, path: "light")
        reader.read("anchor", into: &light.anchor)
        reader.read("position", into: &light.position)
        reader.read("color", into: &light.color)
        reader.read("intensity", into: &light.intensity)
        return light
    }
}

/// Reads properties of one paint object into a model, keeping defaults where a value is missing or wrong
/// (which the property parser reports).
private struct PaintReader {
    let properties: PropertyParser
    let paint: [String: JSONValue]
    let path: String

    func read<T: StylePropertyType>(_ key: String, into target: inout StyleProperty<T>) {
        guard let json = paint[key] else { return }
        let keyPath = path == "light" ? "light.\(key)" : "\(path).paint.\(key)"
        if let value = properties.parse(json, as: T.self, path: keyPath, fallback: target.evaluate(zoom: 0)) { target = value }
    }
}
