import Canvas
import Foundation

/// An icon that found room: the image stretched over `box` (relative to the anchor, unturned), turned by
/// `angle` about the anchor.
struct PlacedIcon: Sendable {
    var style: IconStyle
    var anchor: (x: Double, y: Double)
    var box: PixelRect
    /// Radians clockwise.
    var angle: Double
    /// On a pitched view: the icon lies on the ground, its anchor, box and angle in the flat layout (not
    /// on the output), and the painter projects it.
    var onGround = false

    /// The box's corners on the page: top left, top right, bottom right, bottom left.
    var corners: [(x: Double, y: Double)] {
        let (c, s) = (cos(angle), sin(angle))
        return [(box.minX, box.minY), (box.maxX, box.minY), (box.maxX, box.maxY), (box.minX, box.maxY)].map { (x, y) in
            (anchor.x + x * c - y * s, anchor.y + x * s + y * c)
        }
    }

    /// The page area the turned box covers, grown by `padding`: what collisions are tested with. An icon
    /// fitted to its text by a `content` box takes the room of its whole image.
    func collisionBox(padding: Double) -> PixelRect {
        let margins = style.collisionMargins
        var area = self
        area.box = PixelRect(minX: box.minX - margins.left, minY: box.minY - margins.top,
                             maxX: box.maxX + margins.right, maxY: box.maxY + margins.bottom)
        let points = area.corners
        return PixelRect(minX: points.map(\.x).min()! - padding, minY: points.map(\.y).min()! - padding,
                         maxX: points.map(\.x).max()! + padding, maxY: points.map(\.y).max()! + padding)
    }
}
