/// Default values of the supported properties, from the MapLibre Style Spec v8 reference.
public enum StyleSpecDefaults {
    public static let values: [String: JSONValue] = [
        "background-color": .string("#000000"), "background-opacity": .number(1),
        "fill-color": .string("#000000"), "fill-opacity": .number(1), "fill-antialias": .bool(true),
        "line-color": .string("#000000"), "line-width": .number(1), "line-opacity": .number(1),
        "line-gap-width": .number(0), "line-offset": .number(0), "line-blur": .number(0),
        "line-cap": .string("butt"), "line-join": .string("miter"), "line-miter-limit": .number(2),
        "line-round-limit": .number(1.05),
    ]

    /// Paint and layout properties the spec defines for each fully supported layer type.
    static let paintProperties: [String: Set<String>] = [
        "background": ["background-color", "background-pattern", "background-opacity"],
        "fill": ["fill-antialias", "fill-opacity", "fill-color", "fill-outline-color", "fill-translate",
                 "fill-translate-anchor", "fill-pattern"],
        "line": ["line-opacity", "line-color", "line-translate", "line-translate-anchor", "line-width", "line-gap-width",
                 "line-offset", "line-blur", "line-dasharray", "line-pattern", "line-gradient"],
        "heatmap": ["heatmap-radius", "heatmap-weight", "heatmap-intensity", "heatmap-color", "heatmap-opacity"],
        "fill-extrusion": ["fill-extrusion-opacity", "fill-extrusion-color", "fill-extrusion-translate", "fill-extrusion-translate-anchor",
                           "fill-extrusion-pattern", "fill-extrusion-height", "fill-extrusion-base", "fill-extrusion-vertical-gradient"],
    ]
    static let layoutProperties: [String: Set<String>] = [
        "background": ["visibility"],
        "fill": ["fill-sort-key", "visibility"],
        "line": ["line-cap", "line-join", "line-miter-limit", "line-round-limit", "line-sort-key", "visibility"],
        "heatmap": ["visibility"],
        "fill-extrusion": ["visibility"],
    ]
}
