/// Paint of a heatmap layer: every point of a feature adds a Gaussian kernel to a density surface, which
/// `color` then paints.
public struct HeatmapLayerPaint: Sendable {
    /// Radius of a point's kernel in CSS pixels (per feature).
    public var radius: StyleProperty<Double> = .constant(30)
    /// How much a point adds to the density (per feature).
    public var weight: StyleProperty<Double> = .constant(1)
    /// Scales every point's weight; usually a function of zoom.
    public var intensity: StyleProperty<Double> = .constant(1)
    /// The colour of each density, an expression of `["heatmap-density"]` (0 ... 1).
    public var color: StyleProperty<StyleColor> = HeatmapLayerPaint.defaultColor
    public var opacity: StyleProperty<Double> = .constant(1)

    public init() {}

    /// The spec's default ramp: transparent blue at 0 through royal blue, cyan, lime and yellow to red at 1.
    public static let defaultColor: StyleProperty<StyleColor> = {
        let ramp: JSONValue = .array([
            .string("interpolate"), .array([.string("linear")]), .array([.string("heatmap-density")]),
            .number(0), .string("rgba(0, 0, 255, 0)"), .number(0.1), .string("royalblue"), .number(0.3), .string("cyan"),
            .number(0.5), .string("lime"), .number(0.7), .string("yellow"), .number(1), .string("red"),
        ])
        // A fixed, valid expression: it compiles, so the diagnostics stay empty.
        let parser = PropertyParser(diagnostics: StyleDiagnostics(file: "heatmap-color default"))
        return parser.parse(ramp, as: StyleColor.self, path: "heatmap-color", fallback: .transparent) ?? .constant(.transparent)
    }()
}
