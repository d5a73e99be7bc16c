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
    /// `text-overlap` when the style sets it (it overrides `allowOverlap`).
    var overlapMode: OverlapMode? = nil
    /// `text-optional`: the icon may be placed without the text.
    var optional = false
    /// `text-translate` on the page, device pixels.
    var translate: (x: Double, y: Double) = (0, 0)

    var overlap: OverlapMode { overlapMode ?? (allowOverlap ? .always : .never) }
}

/// A label that may be placed: its text and icon, their styles, and the point or line (on the poster as
/// printed, turned by the bearing) it belongs to. A symbol without text has an empty `text` and no style.
struct LabelCandidate: Sendable {
    enum Geometry: Sendable {
        case point(x: Double, y: Double)
        /// x, y interleaved.
        case line([Double])
    }

    var text: String
    var style: LabelStyle?
    /// `text` set in `style` (``LabelShapes/lines(_:_:)``), when it was shaped as it was gathered.
    var lines: [ShapedText]? = nil
    /// `symbol-sort-key`: lower keys are placed first.
    var sortKey: Double
    /// The feature's place in its layer (tile order, then feature order), which breaks ties.
    var order: Int
    var geometry: Geometry
    var icon: IconStyle? = nil
    /// Point text set with the style's SDF glyphs, as MapLibre sets it (instead of `text` and `style`).
    var sdfText: SDFTextLabel? = nil
    /// Text along a line set with the style's SDF glyphs, at one anchor (`geometry` is that anchor).
    var sdfLine: SDFLineLabel? = nil
}

/// A label that found room: glyphs and icon ready to draw and the area they cover.
struct PlacedLabel: Sendable {
    var glyphs: [PlacedGlyph]
    var size: Double
    var color: RGBAColor
    var haloColor: RGBAColor
    var haloWidth: Double
    var haloBlur: Double = 0
    var bounds: PixelRect
    var icon: PlacedIcon? = nil
    /// Text set with the style's SDF glyphs, drawn by MapLibre's SDF program.
    var sdfText: PlacedSDFText? = nil
}
