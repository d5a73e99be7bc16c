import Canvas
import Foundation
import Geo

/// How a text's SDF glyphs are shaded (MapLibre's `symbol_sdf` program): colours with `text-opacity`
/// applied, halo width and blur in CSS pixels, and the scale the field is drawn at.
struct SDFTextPaint: Sendable {
    var color: RGBAColor
    var haloColor: RGBAColor
    var haloWidth: Double
    var haloBlur: Double
    /// `text-size / 24`: the glyphs' scale against the 24 px they were made at.
    var fontScale: Double
    /// Device pixels per CSS pixel.
    var pixelRatio: Double
    /// How much wider the edge's smoothing is than on a flat view (text lying on a pitched ground).
    var gammaScale = 1.0
}

/// One feature's point text set with the style's SDF glyphs, ready to place: the shaping (24 px units about
/// the anchor) and what placement and drawing need, lengths in device pixels.
struct SDFTextLabel: Sendable {
    /// The text as shaped (after `text-transform`).
    var string: String
    var shaping: MapLibreShaping
    /// Device pixels per shaping unit when drawn (`text-size × pixel ratio / 24`).
    var drawScale: Double
    /// Device pixels per shaping unit of the collision box, which MapLibre measures at the text size of
    /// the tile's zoom + 1.
    var layoutScale: Double
    /// `text-offset` in shaping units: the glyphs are moved by it (the shaping's box already is).
    var offset: (x: Double, y: Double)
    /// `text-rotate`, radians clockwise.
    var rotate: Double
    /// How far the map's east is turned on the page (radians clockwise) for point text aligned to the map
    /// (`text-rotation-alignment: map`): the glyphs turn with it. The collision box does not: MapLibre's
    /// collision index (as the render tests' images show it) keeps point boxes upright on the viewport.
    var mapAngle: Double = 0
    /// `text-rotation-alignment` and `text-pitch-alignment` resolved (`auto` as MapLibre reads it).
    var rotateWithMap = false
    var pitchWithMap = false
    var padding: Double
    var overlap: OverlapMode
    var ignorePlacement: Bool
    var optional: Bool
    var translate: (x: Double, y: Double)
    var paint: SDFTextPaint
    /// MapLibre places a label that reaches at most this far (device pixels) outside the map
    /// (its collision grid's padding of 100 CSS pixels).
    var viewportPadding: Double
    /// `text-variable-anchor(-offset)`: the anchors to try in turn; `shaping` is then the first one's
    /// text, centred on the point, and `offset` is zero.
    var variableAnchors: [VariableTextAnchor] = []
    /// The tile the label was laid out in, and whether its layer orders symbols by a data-driven sort key:
    /// MapLibre draws halos, then fills, tile by tile, or symbol by symbol when sorted by key.
    var tile = TileID(z: 0, x: 0, y: 0)
    var sortedByKey = false
    /// The fill colour of each `format` section that sets `text-color` (with `text-opacity`), by section.
    var sectionColors: [Int: RGBAColor] = [:]
    /// The sprite images the text shows inline, by name, and the opacity they are drawn at (`text-opacity`).
    var images: [String: SpriteSheet.Image] = [:]
    var imageOpacity = 1.0
    /// Whether inline images are filtered: MapLibre samples them texel by texel unless the text size
    /// follows the zoom (or the view is pitched).
    var imagesLinear = false
    /// The text shaped for vertical writing, when the layer allows it and the text has upright characters.
    var verticalShaping: MapLibreShaping?
    /// `text-writing-mode` in order, true for `vertical`; empty for horizontal text only.
    var writingModes: [Bool] = []

    /// The orientations to try in turn, as MapLibre's `placeTextForPlacementModes`: the layer's writing
    /// modes when a vertical shaping exists, else horizontal alone. Each is this label with that shaping
    /// (and its variable anchors shaped alike).
    var orientations: [SDFTextLabel] {
        guard let verticalShaping, !writingModes.isEmpty else { return [self] }
        return writingModes.map { vertical in
            guard vertical else { return self }
            var label = self
            label.shaping = verticalShaping
            label.variableAnchors = variableAnchors.map { option in
                var option = option
                option.shaping = verticalShaping
                return option
            }
            return label
        }
    }

    /// The shaping's box about the anchor at the layout size (device pixels, unpadded, unturned).
    var layoutBox: PixelRect {
        PixelRect(minX: shaping.left * layoutScale, minY: shaping.top * layoutScale,
                  maxX: shaping.right * layoutScale, maxY: shaping.bottom * layoutScale)
    }

    /// The collision box at `anchor`: the layout box grown by `text-padding`, turned by `text-rotate`
    /// (its corners' bounds), as MapLibre's `CollisionFeature` makes it.
    func collisionBox(at anchor: (x: Double, y: Double)) -> PixelRect {
        let box = localCollisionBox
        return PixelRect(minX: anchor.x + box.minX, minY: anchor.y + box.minY, maxX: anchor.x + box.maxX, maxY: anchor.y + box.maxY)
    }

    /// The collision box about the anchor (at the origin).
    /// Vertical text is shaped across and turned a quarter clockwise.
    var localCollisionBox: PixelRect { Self.turned(layoutBox.insetBy(-padding), by: shaping.isVertical ? rotate + .pi / 2 : rotate) }

    /// The bounds of `box` (about the origin) turned by `angle` radians clockwise.
    static func turned(_ box: PixelRect, by angle: Double) -> PixelRect {
        guard angle != 0 else { return box }
        let (c, s) = (cos(angle), sin(angle))
        let corners = [(box.minX, box.minY), (box.maxX, box.minY), (box.maxX, box.maxY), (box.minX, box.maxY)].map { (x, y) in
            (x: x * c - y * s, y: x * s + y * c)
        }
        return PixelRect(minX: corners.map(\.x).min()!, minY: corners.map(\.y).min()!, maxX: corners.map(\.x).max()!, maxY: corners.map(\.y).max()!)
    }

    /// A variable anchor's shift (page pixels) as MapLibre moves the collision box and the glyphs of text
    /// turned with the map: turned with the map when the text lies in its plane, else the other way (its
    /// `rotate(-transform.angle)`).
    func renderShift(_ shift: (x: Double, y: Double)) -> (x: Double, y: Double) {
        guard mapAngle != 0 else { return shift }
        let angle = pitchWithMap ? mapAngle : -mapAngle
        let (c, s) = (cos(angle), sin(angle))
        return (shift.x * c - shift.y * s, shift.x * s + shift.y * c)
    }

    /// The glyph quads at `anchor`, as MapLibre's `getGlyphQuads` lays them: each bitmap with its
    /// border at the pen position plus the glyph's `left` and minus its `top`, the quad's corner kept to
    /// the 1/32 unit its vertex buffer holds.
    func glyphs(at anchor: (x: Double, y: Double)) -> [PlacedSDFGlyph] {
        shaping.glyphs.compactMap { positioned in
            let glyph = positioned.glyph
            guard glyph.bitmapWidth > 0, positioned.image == nil else { return nil }
            // The atlas pads every bitmap by one texel; the quad starts at that padding.
            let padding = 1.0, scale = positioned.scale
            let corner = quadCorner(positioned, left: Double(glyph.left), top: Double(glyph.top), buffer: Double(SDFGlyph.border) + padding)
            let x = (corner.x + padding * scale) * drawScale, y = (corner.y + padding * scale) * drawScale
            return PlacedSDFGlyph(glyph: glyph, anchor: anchor, offset: (x, y), scale: drawScale * scale, angle: rotate + mapAngle,
                                  color: sectionColors[positioned.section])
        }
    }

    /// The top-left corner of a glyph's (or image's) quad about the anchor (shaping units, before
    /// `text-rotate`), kept to 1/32 unit. An upright glyph of vertical text is turned a quarter back about
    /// the middle of its em box (MapLibre's `rotateVerticalGlyph`), so that it stands upright once the
    /// label is turned a quarter clockwise; the corner returned is where that leaves it on the page.
    func quadCorner(_ positioned: MapLibreShaping.Glyph, left: Double, top: Double, buffer: Double) -> (x: Double, y: Double) {
        let scale = positioned.scale, half = positioned.advance * scale / 2, em = MapLibreShaper.oneEm
        var lineOffset = 0.0
        if shaping.verticalizable {
            // Scaled glyphs and images centred on their vertical line.
            lineOffset = positioned.lineOffset / 2
                - (positioned.image != nil ? -(em - (positioned.image?.width ?? 0) * scale) / 2 : (scale - 1) * em)
        }
        let builtIn = (x: positioned.x + half + offset.x, y: positioned.y + offset.y - lineOffset)
        let x1 = (left - buffer) * scale - half, y1 = (-top - buffer) * scale
        guard positioned.vertical && shaping.isVertical else {
            return (((x1 + builtIn.x) * 32).rounded() / 32, ((y1 + builtIn.y) * 32).rounded() / 32)
        }
        let center = (x: -half, y: half - MapLibreShaper.defaultOffset)
        let halfWidthCorrection = em / 2 - half
        var q = (x: center.x + (y1 - center.y), y: center.y - (x1 - center.x))
        q.x += 5 - MapLibreShaper.defaultOffset - halfWidthCorrection + builtIn.x
        q.y += -(positioned.image != nil ? halfWidthCorrection : 0) + builtIn.y
        q = ((q.x * 32).rounded() / 32, (q.y * 32).rounded() / 32)
        // The label's quarter turn clockwise (y down).
        return (-q.y, q.x)
    }

    /// The images set in the text at `anchor`, as `getGlyphQuads` lays an image: its padded quad from the
    /// pen position, one image pixel of padding in, the image at its display size times its scale.
    func inlineImages(at anchor: (x: Double, y: Double)) -> [PlacedIcon] {
        shaping.glyphs.compactMap { positioned in
            guard let shown = positioned.image, let image = images[shown.name] else { return nil }
            // The metrics MapLibre gives an image: left 1 (IMAGE_PADDING), top -3 (the glyph border), and a
            // quad buffer of one image pixel.
            let buffer = 1 / image.pixelRatio, scale = positioned.scale
            let corner = quadCorner(positioned, left: 1, top: -Double(SDFGlyph.border), buffer: buffer)
            return inlineImage(shown, image, left: (corner.x + buffer * scale) * drawScale, top: (corner.y + buffer * scale) * drawScale,
                               scale: scale, anchor: anchor, angle: rotate + mapAngle)
        }
    }

    /// One inline image whose top-left corner is (`left`, `top`) device pixels from `anchor`.
    func inlineImage(_ shown: TextImage, _ image: SpriteSheet.Image, left: Double, top: Double, scale: Double,
                     anchor: (x: Double, y: Double), angle: Double) -> PlacedIcon {
        let box = PixelRect(minX: left, minY: top, maxX: left + shown.width * scale * drawScale, maxY: top + shown.height * scale * drawScale)
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        let style = IconStyle(image: image, name: shown.name, size: 1, pixelRatio: paint.pixelRatio, anchor: "center", offset: (0, 0), rotate: 0,
                              padding: 0, overlap: .always, ignorePlacement: true, optional: true, textFit: "none", textFitPadding: [],
                              alignedToMap: false, keepUpright: false, opacity: imageOpacity, color: clear, haloColor: clear,
                              haloWidth: 0, haloBlur: 0, linear: imagesLinear)
        return PlacedIcon(style: style, anchor: anchor, box: box, angle: angle)
    }
}

/// One SDF glyph on the page: its bitmap's top-left corner `offset` from `anchor` (device pixels,
/// before turning by `angle` about the anchor), each bitmap texel `scale` device pixels wide.
struct PlacedSDFGlyph: Sendable {
    var glyph: SDFGlyph
    var anchor: (x: Double, y: Double)
    var offset: (x: Double, y: Double)
    var scale: Double
    var angle: Double
    /// The fill colour of the glyph's `format` section when it sets one, else the text's.
    var color: RGBAColor? = nil
}

/// The SDF text of one placed label and how it is shaded.
struct PlacedSDFText: Sendable {
    var glyphs: [PlacedSDFGlyph]
    /// Images set inline in the text, drawn with its glyphs (in each of its passes, as MapLibre's
    /// text-and-icon program does).
    var images: [PlacedIcon] = []
    var paint: SDFTextPaint
    var tile = TileID(z: 0, x: 0, y: 0)
    var sortedByKey = false
    /// The glyphs lie on a pitched view's ground, in the flat layout, for the painter to project.
    var onGround = false
    /// Placed for a pitched view already (in screen space, or on its ground): nothing more to project.
    var projected = false
}
