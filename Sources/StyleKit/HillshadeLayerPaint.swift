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
