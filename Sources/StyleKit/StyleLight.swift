import Foundation

/// A style's `light`: the one light that shades fill-extrusion layers. Its properties may be functions of
/// zoom.
public struct StyleLight: Sendable {
    /// `viewport` (the light stays put when the map turns) or `map`.
    public var anchor: StyleProperty<String> = .constant("viewport")
    /// Radial distance, azimuth (degrees clockwise from north) and polar angle (degrees from straight up).
    public var position: StyleProperty<NumberArray> = .constant(NumberArray([1.15, 210, 30]))
    public var color: StyleProperty<StyleColor> = .constant(StyleColor(r: 1, g: 1, b: 1))
    /// 0 ... 1: how strongly faces are lit and shaded.
    public var intensity: StyleProperty<Double> = .constant(0.5)

    public init() {}

    /// The light's position as a vector (x east, y south, z up), as MapLibre turns the spherical position
    /// into one; a position that is not three numbers counts as the default.
    public func direction(zoom: Double) -> (x: Double, y: Double, z: Double) {
        var values = position.evaluate(zoom: zoom).values
        if values.count != 3 || !values.allSatisfy(\.isFinite) { values = [1.15, 210, 30] }
        // The azimuth is measured from north, which is 90° from the x axis.
        let azimuth = (values[1] + 90) * .pi / 180, polar = values[2] * .pi / 180
        let r = values[0]
        return (r * cos(azimuth) * sin(polar), r * sin(azimuth) * sin(polar), r * cos(polar))
    }
}
