import Canvas

/// How one symbol's icon is drawn and tested for collisions, lengths in device pixels.
struct IconStyle: Sendable {
    /// The sprite image and its name (for warnings).
    var image: SpriteSheet.Image
    var name: String
    /// `icon-size`: scales the image and its offset; SDF edges sharpen with it.
    var size: Double
    /// Device pixels per CSS pixel.
    var pixelRatio: Double
    var anchor: String
    /// `icon-offset` times `icon-size`, device pixels.
    var offset: (x: Double, y: Double)
    /// `icon-rotate`, radians clockwise.
    var rotate: Double
    var padding: Double
    var overlap: OverlapMode
    var ignorePlacement: Bool
    var optional: Bool
    /// `none`, `width`, `height` or `both`.
    var textFit: String
    /// Top, right, bottom, left, device pixels.
    var textFitPadding: [Double]
    /// Turned with the line it is placed along (`map`), or upright on the page (`viewport`).
    var alignedToMap: Bool
    var keepUpright: Bool
    var opacity: Double
    var color: RGBAColor
    var haloColor: RGBAColor
    /// Halo width and blur in CSS pixels: the SDF program measures them against the field's scale.
    var haloWidth: Double
    var haloBlur: Double
    /// The direction of the line a symbol is placed along (radians, on the page) when the icon turns with
    /// it; the icon is drawn turned by it but tested for collisions without it, as MapLibre does.
    var lineAngle = 0.0
    /// Whether the image is filtered (bilinear) rather than sampled texel by texel: MapLibre filters SDF
    /// icons, icons whose size is not a constant 1, icons turned by `icon-rotate`, and images drawn for
    /// another pixel ratio.
    var linear = true
    /// Laid in the map's plane (`icon-pitch-alignment: map`, or `auto` following a `map` rotation): on a
    /// pitched view the icon lies on the ground.
    var inMapPlane = false
    /// `icon-translate` on the page, device pixels.
    var translate: (x: Double, y: Double) = (0, 0)
    /// Along lines: `symbol-spacing` (device pixels), and the layer's `text-size`, which MapLibre's anchor
    /// spacing is measured in.
    var spacing: Double = 250
    var lineTextSize: Double = 16

    /// The image's size on the page before `icon-text-fit`.
    var displaySize: (width: Double, height: Double) {
        let k = size * pixelRatio / image.pixelRatio
        return (Double(image.surface.width) * k, Double(image.surface.height) * k)
    }

    /// The icon's box about its anchor (unturned), as MapLibre's `shapeIcon` lays it out: the anchor's
    /// side of the image on the anchor, moved by the offset.
    var box: PixelRect {
        let (w, h) = displaySize
        let hAlign = anchor.hasSuffix("left") ? 0.0 : anchor.hasSuffix("right") ? 1 : 0.5
        let vAlign = anchor.hasPrefix("top") ? 0.0 : anchor.hasPrefix("bottom") ? 1 : 0.5
        let left = offset.x - w * hAlign, top = offset.y - h * vAlign
        return PixelRect(minX: left, minY: top, maxX: left + w, maxY: top + h)
    }

    /// The box stretched around a text block (relative to the same anchor) as `icon-text-fit` asks, as
    /// MapLibre's `fitIconToText` stretches it: a fitted side reaches the text plus its padding; a side
    /// that is not fitted keeps the image's size, centred on the text, without padding.
    func fitted(to text: PixelRect) -> PixelRect {
        guard textFit != "none" else { return box }
        let (width, height) = displaySize
        let pad = textFitPadding.count == 4 ? textFitPadding : [0, 0, 0, 0]
        let fitsWidth = textFit == "width" || textFit == "both", fitsHeight = textFit == "height" || textFit == "both"
        let left = fitsWidth ? text.minX - pad[3] : (text.minX + text.maxX - width) / 2
        let right = fitsWidth ? text.maxX + pad[1] : left + width
        let top = fitsHeight ? text.minY - pad[0] : (text.minY + text.maxY - height) / 2
        let bottom = fitsHeight ? text.maxY + pad[2] : top + height
        return PixelRect(minX: left + offset.x, minY: top + offset.y, maxX: right + offset.x, maxY: bottom + offset.y)
    }

    /// How far an icon fitted to its text takes room beyond its box (left, top, right, bottom; device
    /// pixels): the image around its `content` box, which is what MapLibre fits to the text.
    var collisionMargins: (left: Double, top: Double, right: Double, bottom: Double) {
        guard textFit != "none", let content = image.content else { return (0, 0, 0, 0) }
        let k = size * pixelRatio / image.pixelRatio
        return (content.minX * k, content.minY * k, (Double(image.surface.width) - content.maxX) * k,
                (Double(image.surface.height) - content.maxY) * k)
    }
}
