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
    var localCollisionBox: PixelRect { Self.turned(layoutBox.insetBy(-padding), by: rotate) }

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
            guard glyph.bitmapWidth > 0 else { return nil }
            // The atlas pads every bitmap by one texel; the quad starts at that padding.
            let padding = 1.0, border = Double(SDFGlyph.border)
            let quadX = positioned.x + offset.x + Double(glyph.left) - border - padding
            let quadY = positioned.y + offset.y - Double(glyph.top) - border - padding
            let x = ((quadX * 32).rounded() / 32 + padding) * drawScale
            let y = ((quadY * 32).rounded() / 32 + padding) * drawScale
            return PlacedSDFGlyph(glyph: glyph, anchor: anchor, offset: (x, y), scale: drawScale, angle: rotate + mapAngle)
        }
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
}

/// The SDF text of one placed label and how it is shaded.
struct PlacedSDFText: Sendable {
    var glyphs: [PlacedSDFGlyph]
    var paint: SDFTextPaint
    var tile = TileID(z: 0, x: 0, y: 0)
    var sortedByKey = false
    /// The glyphs lie on a pitched view's ground, in the flat layout, for the painter to project.
    var onGround = false
    /// Placed for a pitched view already (in screen space, or on its ground): nothing more to project.
    var projected = false
}
