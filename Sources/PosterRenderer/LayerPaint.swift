import Canvas

/// How a fill layer's features are painted, with opacity folded into the colours and sizes in device pixels.
struct FillPaint: Hashable, Sendable {
    var color: RGBAColor
    /// Drawn as a one-pixel stroke when the style sets `fill-outline-color`.
    var outlineColor: RGBAColor?
    var antialias: Bool
}

/// How a line layer's features are painted, sizes in device pixels.
struct LinePaint: Hashable, Sendable {
    var color: RGBAColor
    var width: Double
    var cap: LineCap
    var join: LineJoin
    var miterLimit: Double
    /// Dash and gap lengths in device pixels; empty for solid lines.
    var dashes: [Double]
}

/// A style layer made ready to draw: evaluated paint and projected geometry, grouped so that features
/// painted alike are drawn with one fill or stroke.
enum PreparedLayer: Sendable {
    case background(RGBAColor)
    case fill(id: String, groups: [PaintGroup<FillPaint>])
    case line(id: String, groups: [PaintGroup<LinePaint>])
}

/// Features that share one paint.
struct PaintGroup<Paint: Hashable & Sendable>: Sendable {
    var paint: Paint
    var pieces: [PathPiece]
}
