import Foundation
import Canvas

/// How a fill layer's features are painted, with opacity folded into the colours and sizes in device pixels.
struct FillPaint: Hashable, Sendable {
    var color: RGBAColor
    /// Drawn as a one-pixel stroke when the style sets `fill-outline-color`.
    var outlineColor: RGBAColor?
    var antialias: Bool
    var translate = Translation.none
    /// `fill-sort-key`: groups are drawn in rising order of it.
    var sortKey = 0.0
    /// `fill-pattern`'s image, which replaces the colour (`color.alpha` then holds `fill-opacity`).
    var pattern: PatternPaint?
    /// MapLibre draws the layer in its opaque pass (colour and opacity not data-driven and both fully opaque,
    /// no pattern, below every fill-extrusion layer): its outline then shows only outside its own fill, and a
    /// heatmap below it is drawn over its fill.
    var opaquePass = false
}
