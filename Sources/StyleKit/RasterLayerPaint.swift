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
