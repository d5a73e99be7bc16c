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
    public var translate: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    /// `map` (the offset turns with the map) or `viewport` (it stays fixed to the screen).
    public var translateAnchor: StyleProperty<String> = .constant("map")
}
