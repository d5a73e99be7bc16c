/// Paint of a circle layer: a disc at every point of a feature, with an optional ring around it.
public struct CircleLayerPaint: Sendable {
    /// Radius of the disc in CSS pixels.
    public var radius: StyleProperty<Double> = .constant(5)
    public var color: StyleProperty<StyleColor> = .constant(.black)
    public var opacity: StyleProperty<Double> = .constant(1)
    /// Fraction of the radius over which the edge fades out (0 is a crisp, antialiased edge).
    public var blur: StyleProperty<Double> = .constant(0)
    /// Width of the ring outside the disc, in CSS pixels.
    public var strokeWidth: StyleProperty<Double> = .constant(0)
    public var strokeColor: StyleProperty<StyleColor> = .constant(.black)
    public var strokeOpacity: StyleProperty<Double> = .constant(1)
    /// Offset of the circles in CSS pixels (x right, y down).
    public var translate: StyleProperty<NumberPair> = .constant(NumberPair([0, 0]))
    /// `map` (the offset turns with the map) or `viewport` (it stays fixed to the screen).
    public var translateAnchor: StyleProperty<String> = .constant("map")
    /// `circle-pitch-scale`: `map` (circles on a pitched view shrink with distance) or `viewport` (they keep
    /// their size).
    public var pitchScale: StyleProperty<String> = .constant("map")
    /// `circle-pitch-alignment`: `viewport` (discs face the viewer) or `map` (discs lie on the ground).
    public var pitchAlignment: StyleProperty<String> = .constant("viewport")
    /// `circle-sort-key`: circles with a higher key are drawn over those with a lower one.
    public var sortKey: StyleProperty<Double>? = nil
}
