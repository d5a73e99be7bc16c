/// Paint of a background layer.
public struct BackgroundLayerPaint: Sendable {
    public var color: StyleProperty<StyleColor> = .constant(.black)
    public var opacity: StyleProperty<Double> = .constant(1)
    /// `background-pattern`: the name of a sprite image repeated over the map instead of the colour.
    public var pattern: StyleProperty<String>? = nil
}

/// Paint of a fill layer.
public struct FillLayerPaint: Sendable {
    public var color: StyleProperty<StyleColor> = .constant(.black)
    public var opacity: StyleProperty<Double> = .constant(1)
    /// nil: no outline beyond antialiasing (the spec's default is the fill colour).
    public var outlineColor: StyleProperty<StyleColor>? = nil
    public var antialias: StyleProperty<Bool> = .constant(true)
    /// Offset of the geometry in CSS pixels (x right, y down).
    public var translate: StyleProperty<NumberArray> = .constant(NumberArray([0, 0]))
    /// `map` (the offset turns with the map) or `viewport` (it stays fixed to the screen).
    public var translateAnchor: StyleProperty<String> = .constant("map")
    /// `fill-pattern`: the name of a sprite image repeated inside the fill instead of the colour.
    public var pattern: StyleProperty<String>? = nil
    /// `fill-sort-key`: features with a higher key are drawn over those with a lower one; nil keeps the
    /// tile's order.
    public var sortKey: StyleProperty<Double>? = nil
}

/// Paint and layout of a line layer.
public struct LineLayerPaint: Sendable {
    public var color: StyleProperty<StyleColor> = .constant(.black)
    public var width: StyleProperty<Double> = .constant(1)
    public var opacity: StyleProperty<Double> = .constant(1)
    public var gapWidth: StyleProperty<Double> = .constant(0)
    public var offset: StyleProperty<Double> = .constant(0)
    public var blur: StyleProperty<Double> = .constant(0)
    /// Dash lengths in line widths; nil for solid lines.
    public var dashArray: StyleProperty<NumberArray>? = nil
    public var cap: StyleProperty<String> = .constant("butt")
    public var join: StyleProperty<String> = .constant("miter")
    public var miterLimit: StyleProperty<Double> = .constant(2)
    /// `line-pattern`: the name of a sprite image repeated along the line instead of the colour.
    public var pattern: StyleProperty<String>? = nil
    /// `line-gradient`: the colour along the line by `line-progress` (GeoJSON sources with `lineMetrics`).
    public var gradient: StyleProperty<StyleColor>? = nil
    /// Below this miter length a round join is drawn as a miter.
    public var roundLimit: StyleProperty<Double> = .constant(1.05)
    /// `line-sort-key`: features with a higher key are drawn over those with a lower one; nil keeps the
    /// tile's order.
    public var sortKey: StyleProperty<Double>? = nil
    /// Offset of the geometry in CSS pixels (x right, y down).
    public var translate: StyleProperty<NumberArray> = .constant(NumberArray([0, 0]))
    /// `map` (the offset turns with the map) or `viewport` (it stays fixed to the screen).
    public var translateAnchor: StyleProperty<String> = .constant("map")
}

/// Layout and paint of a symbol layer's text (icons are not drawn yet). Sizes are CSS pixels, lengths in
/// ems where the spec says so.
public struct SymbolLayerPaint: Sendable {
    public var textField: StyleProperty<FormattedText>? = nil
    /// Whether `text-field` was a literal string, whose `{tokens}` are replaced per feature.
    public var textFieldIsTokenString = false
    public var textFont: StyleProperty<StringArray> = .constant(StringArray(["Open Sans Regular", "Arial Unicode MS Regular"]))
    public var textSize: StyleProperty<Double> = .constant(16)
    /// `none`, `uppercase` or `lowercase`.
    public var textTransform: StyleProperty<String> = .constant("none")
    public var textLetterSpacing: StyleProperty<Double> = .constant(0)
    public var textLineHeight: StyleProperty<Double> = .constant(1.2)
    public var textMaxWidth: StyleProperty<Double> = .constant(10)
    public var textAnchor: StyleProperty<String> = .constant("center")
    public var textOffset: StyleProperty<NumberArray> = .constant(NumberArray([0, 0]))
    public var textRadialOffset: StyleProperty<Double> = .constant(0)
    /// `auto`, `left`, `center` or `right`.
    public var textJustify: StyleProperty<String> = .constant("center")
    public var textMaxAngle: StyleProperty<Double> = .constant(45)
    public var textPadding: StyleProperty<Double> = .constant(2)
    public var textAllowOverlap: StyleProperty<Bool> = .constant(false)
    public var textIgnorePlacement: StyleProperty<Bool> = .constant(false)
    public var textOptional: StyleProperty<Bool> = .constant(false)
    public var textKeepUpright: StyleProperty<Bool> = .constant(true)
    /// `point`, `line` or `line-center`.
    public var placement: StyleProperty<String> = .constant("point")
    public var spacing: StyleProperty<Double> = .constant(250)
    public var sortKey: StyleProperty<Double>? = nil
    public var textColor: StyleProperty<StyleColor> = .constant(.black)
    public var textOpacity: StyleProperty<Double> = .constant(1)
    public var textHaloColor: StyleProperty<StyleColor> = .constant(StyleColor(r: 0, g: 0, b: 0, a: 0))
    public var textHaloWidth: StyleProperty<Double> = .constant(0)
    public var textHaloBlur: StyleProperty<Double> = .constant(0)

    public init() {}
}

/// Paint of a raster layer.
public struct RasterLayerPaint: Sendable {
    public var opacity: StyleProperty<Double> = .constant(1)
    public var brightnessMin: StyleProperty<Double> = .constant(0)
    public var brightnessMax: StyleProperty<Double> = .constant(1)
    public var contrast: StyleProperty<Double> = .constant(0)
    public var saturation: StyleProperty<Double> = .constant(0)
    /// Degrees.
    public var hueRotate: StyleProperty<Double> = .constant(0)
    /// `linear` or `nearest`.
    public var resampling: StyleProperty<String> = .constant("linear")

    public init() {}
}

/// Paint of a hillshade layer.
public struct HillshadeLayerPaint: Sendable {
    /// Degrees clockwise from north that the light comes from.
    public var illuminationDirection: StyleProperty<Double> = .constant(335)
    /// `viewport` (the light stays put when the map turns) or `map`.
    public var illuminationAnchor: StyleProperty<String> = .constant("viewport")
    public var exaggeration: StyleProperty<Double> = .constant(0.5)
    public var shadowColor: StyleProperty<StyleColor> = .constant(.black)
    public var highlightColor: StyleProperty<StyleColor> = .constant(StyleColor(r: 1, g: 1, b: 1))
    public var accentColor: StyleProperty<StyleColor> = .constant(.black)
}

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
    ]
    static let layoutProperties: [String: Set<String>] = [
        "background": ["visibility"],
        "fill": ["fill-sort-key", "visibility"],
        "line": ["line-cap", "line-join", "line-miter-limit", "line-round-limit", "line-sort-key", "visibility"],
    ]
}
