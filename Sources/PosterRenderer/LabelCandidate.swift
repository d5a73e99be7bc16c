import Canvas

/// Where a symbol layer puts its labels.
enum SymbolPlacement: Sendable {
    case point, line, lineCenter
}

/// How one label is set and tested for collisions, sizes in device pixels.
struct LabelStyle: Sendable {
    var shaper: TextShaper
    var size: Double
    var letterSpacing: Double
    var lineHeight: Double
    /// Point labels wrap at this width (0: never).
    var maxWidth: Double
    var anchor: String
    var justify: String
    var offset: (x: Double, y: Double)
    var padding: Double
    var allowOverlap: Bool
    var ignorePlacement: Bool
    var placement: SymbolPlacement
    var spacing: Double
    /// Radians a line label may bend between neighbouring glyphs.
    var maxAngle: Double
    var keepUpright: Bool
    var color: RGBAColor
    var haloColor: RGBAColor
    var haloWidth: Double
    /// How far the halo fades out beyond its width.
    var haloBlur: Double = 0
}

/// A label that may be placed: its text, its style, and the point or line (on the poster as printed,
/// turned by the bearing) it belongs to.
struct LabelCandidate: Sendable {
    enum Geometry: Sendable {
        case point(x: Double, y: Double)
        /// x, y interleaved.
        case line([Double])
    }

    var text: String
    var style: LabelStyle
    /// `symbol-sort-key`: lower keys are placed first.
    var sortKey: Double
    /// The feature's place in its layer (tile order, then feature order), which breaks ties.
    var order: Int
    var geometry: Geometry
}

/// A label that found room: glyphs ready to draw and the area it covers.
struct PlacedLabel: Sendable {
    var glyphs: [PlacedGlyph]
    var size: Double
    var color: RGBAColor
    var haloColor: RGBAColor
    var haloWidth: Double
    var haloBlur: Double = 0
    var bounds: PixelRect
}
