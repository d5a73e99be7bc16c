import Foundation
import Canvas

/// A style layer made ready to draw: evaluated paint and projected geometry, grouped so that features
/// painted alike are drawn with one fill or stroke.
enum PreparedLayer: Sendable {
    case background(RGBAColor)
    /// A symbol layer's labels that found room, placed on the poster as printed (already turned).
    case symbols(id: String, labels: [PlacedLabel])
    /// `background-pattern`: the image repeated over the whole map at the layer's opacity.
    case backgroundPattern(PatternPaint, opacity: Double)
    case fill(id: String, groups: [PaintGroup<FillPaint>])
    case line(id: String, groups: [PaintGroup<LinePaint>])
    /// A circle layer's discs, in drawing order.
    case circles(id: String, circles: [PlacedCircle])
    /// A heatmap layer's kernels, summed and coloured when painted.
    case heatmap(id: String, PreparedHeatmap)
    /// A fill-extrusion layer's lit tops, seen from straight above.
    case extrusions(id: String, PreparedExtrusions)
    /// Raster tiles, each with the device-pixel rectangle it covers, colour-adjusted already.
    case raster(id: String, tiles: [RasterTile], opacity: Double, nearest: Bool)
    /// An image source's picture on its four corners (device pixels: top left, top right, bottom right,
    /// bottom left), colour-adjusted already.
    case image(id: String, corners: [(x: Double, y: Double)], image: ImageSurface, opacity: Double, nearest: Bool)
}
