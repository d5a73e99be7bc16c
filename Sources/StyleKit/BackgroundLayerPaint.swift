/// Paint of a background layer.
public struct BackgroundLayerPaint: Sendable {
    public var color: StyleProperty<StyleColor> = .constant(.black)
    public var opacity: StyleProperty<Double> = .constant(1)
    /// `background-pattern`: the name of a sprite image repeated over the map instead of the colour.
    public var pattern: StyleProperty<String>? = nil
}
