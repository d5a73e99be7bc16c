import Foundation
import Canvas

/// How a line layer's features are painted, sizes in device pixels.
struct LinePaint: Hashable, Sendable {
    var color: RGBAColor
    var width: Double
    var cap: LineCap
    var join: LineJoin
    var miterLimit: Double
    /// Dash and gap lengths in device pixels; empty for solid lines.
    var dashes: [Double]
    /// `line-gap-width` in device pixels: the middle of `width` left empty, as casings on both sides.
    var gap: Double = 0
    var translate = Translation.none
    /// `line-offset` in device pixels: positive to the right of the line's direction.
    var offset: Double = 0
    /// `line-sort-key`: groups are drawn in rising order of it.
    var sortKey = 0.0
    /// What raster output's line shader needs besides (see ``LineShading``).
    var shader = LineShaderPaint()
}
