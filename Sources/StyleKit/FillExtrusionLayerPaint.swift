/// Paint of a fill-extrusion layer: polygons raised into blocks `base` to `height` metres above the ground,
/// lit by the style's ``StyleLight``.
public struct FillExtrusionLayerPaint: Sendable {
    /// The opacity of the whole layer (MapLibre draws only the nearest surface of each pixel, then blends it).
    public var opacity: StyleProperty<Double> = .constant(1)
    /// The colour before lighting; its alpha is ignored (only its premultiplied channels are lit).
    public var color: StyleProperty<StyleColor> = .constant(.black)
    /// Offset of the geometry in CSS pixels (x right, y down).
    public var translate: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    /// `map` (the offset turns with the map) or `viewport` (it stays fixed to the screen).
    public var translateAnchor: StyleProperty<String> = .constant("map")
    /// `fill-extrusion-pattern`: a sprite image on the faces instead of the colour.
    public var pattern: StyleProperty<String>? = nil
    /// Metres above the ground of the top and of the bottom (negative values count as 0).
    public var height: StyleProperty<Double> = .constant(0)
    public var base: StyleProperty<Double> = .constant(0)
    /// Shades the sides darker toward the ground; the top is not affected.
    public var verticalGradient: StyleProperty<Bool> = .constant(true)

    public init() {}
}
