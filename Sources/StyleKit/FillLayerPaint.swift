/// Paint of a fill layer.
public struct FillLayerPaint: Sendable {
    public var color: StyleProperty<StyleColor> = .constant(.black)
    public var opacity: StyleProperty<Double> = .constant(1)
    /// nil: no outline beyond antialiasing (the spec's default is the fill colour).
    public var outlineColor: StyleProperty<StyleColor>? = nil
    public var antialias: StyleProperty<Bool> = .constant(true)
    /// Offset of the geometry in CSS pixels (x right, y down).
    public var translate: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    /// `map` (the offset turns with the map) or `viewport` (it stays fixed to the screen).
    public var translateAnchor: StyleProperty<String> = .constant("map")
    /// `fill-pattern`: the name of a sprite image repeated inside the fill instead of the colour.
    public var pattern: StyleProperty<String>? = nil
    /// `fill-sort-key`: features with a higher key are drawn over those with a lower one; nil keeps the
    /// tile's order.
    public var sortKey: StyleProperty<Double>? = nil
}
