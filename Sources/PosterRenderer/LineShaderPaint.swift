import Foundation
import Canvas

/// The parts of a line's paint that only MapLibre's line shader uses (raster output), device pixels.
struct LineShaderPaint: Hashable, Sendable {
    /// The style's `line-width` (without the gap).
    var width = 1.0
    var blur = 0.0
    var roundLimit = 1.05
    /// MapLibre's extra vertices 15 px (at the tile's zoom) either side of sharp corners.
    var sharpCornerOffset = 15.0
    /// `line-dasharray` at the tile zoom, in line widths; empty for a solid line.
    var dashes: [Double] = []
    /// Device pixels of one dash unit: the line's width at the tile zoom, scaled to the camera's zoom.
    var dashUnit = 1.0
    /// The distance field's half-width of the dash edge fade, from MapLibre's `u_sdfgamma / floorwidth`.
    var dashGamma = 0.0
    /// `line-gradient`, which replaces the colour; `line-opacity` then applies on its own.
    var gradient: LineGradient?
    var opacity = 1.0
    /// Device pixels of one tile at the tile zoom (for sizing a gradient's ramp).
    var tilePixels = 512.0
    /// `line-pattern`'s image, repeated along the line and as high as the line is wide.
    var pattern: PatternPaint?
    /// The line's width at the tile zoom, CSS pixels (MapLibre's `floorwidth`).
    var floorWidth = 1.0
    /// Device pixels per CSS pixel at the tile zoom, and per CSS pixel.
    var tileScale = 1.0
    var pixelRatio = 1.0
}
