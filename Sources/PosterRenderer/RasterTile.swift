import Foundation
import Canvas

/// A raster tile placed on the map (device pixels), colour-adjusted already; `holes` are where tiles of
/// higher zooms are drawn instead of it.
struct RasterTile: Sendable {
    var rect: PixelRect
    var image: ImageSurface
    var holes: [PixelRect] = []
}
