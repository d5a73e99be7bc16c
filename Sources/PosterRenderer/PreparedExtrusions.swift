import Canvas
import StyleKit

/// A fill-extrusion layer made ready to paint: every extrusion's footprint with its heights and colours.
/// On a pixel target the prisms are drawn in perspective (``PrismRasterizer``); on a vector target the tops
/// alone as seen from straight above, in the order that leaves the nearest top of each
/// pixel drawn last.
struct PreparedExtrusions: Sendable {
    /// One feature's top in one tile, in poster pixels before turning and translating.
    struct Roof: Sendable {
        var piece: PathPiece
        /// Metres above the ground (at least 0): the higher top hides the lower where they overlap.
        var height: Double
        /// Metres above the ground of the bottom (at least 0).
        var base: Double = 0
        /// `fill-extrusion-color` before lighting, which the walls are lit from.
        var styleColor: StyleColor = .black
        /// Lit and opaque, as MapLibre's shader makes it.
        var color: RGBAColor
        /// `fill-extrusion-pattern`'s image, which replaces the colour: tinted by the light already where only
        /// the tops are drawn, lit face by face where the prisms are.
        var pattern: PatternPaint?
        /// The grid of MapLibre's tiles it is drawn in, which anchors a patterned wall's image.
        var tileGrid = ExtrusionTileGrid()
        /// Image pixels a metre up on a patterned wall: the shader's height factor, 2^tileZoom / 65536 display
        /// pixels a metre, times the image's pixel ratio.
        var patternPixelsPerMetre = 0.0
    }

    var roofs: [Roof]
    /// `fill-extrusion-opacity`, applied to the layer as a whole.
    var opacity: Double
    var translate: Translation
    /// Poster pixels per metre up, at the map's centre (MapLibre raises by the centre's scale everywhere).
    var pixelsPerMetre: Double = 0
    /// The style's light, as the walls are lit.
    var lighting: ExtrusionLighting? = nil
    /// `fill-extrusion-vertical-gradient`.
    var verticalGradient = true
    /// Whether the walls are drawn (a pixel target); otherwise only the tops.
    var drawsWalls: Bool { lighting != nil }

    /// Orders roofs from `features` (in the tiles' order) as MapLibre's depth test settles their overlaps:
    /// the higher is seen. Between tops at the same height, the single opaque pass keeps the last drawn;
    /// the two passes for a translucent or patterned layer keep the first.
    static func depthOrdered(_ roofs: [Roof], firstWins: Bool) -> [Roof] {
        roofs.enumerated().sorted { a, b in
            if a.element.height != b.element.height { return a.element.height < b.element.height }
            return firstWins ? a.offset > b.offset : a.offset < b.offset
        }.map(\.element)
    }
}
