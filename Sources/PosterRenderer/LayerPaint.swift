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
}

/// A sprite image repeated over the map, anchored as MapLibre anchors patterns: to the world's pixel grid
/// at the tile zoom, one image (at its own pixel ratio) per repeat.
struct PatternPaint: Hashable, Sendable {
    /// Compared and hashed by name: one render has one image per name.
    let name: String
    let image: ImageSurface
    /// Image pixels per CSS pixel.
    let pixelRatio: Double
    /// Poster pixels (before turning) to the image's pixels.
    let transform: DeviceTransform

    static func == (a: PatternPaint, b: PatternPaint) -> Bool { a.name == b.name }
    func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// A layer's `*-translate` in device pixels, and whether it stays fixed to the screen when the map turns.
struct Translation: Hashable, Sendable {
    var x: Double
    var y: Double
    var viewport: Bool

    static let none = Translation(x: 0, y: 0, viewport: false)
    var isNone: Bool { x == 0 && y == 0 }

    init(x: Double, y: Double, viewport: Bool) {
        self.x = x
        self.y = y
        self.viewport = viewport
    }

    /// The offset in the unturned map's pixels when the map is turned by `bearing`: a viewport-anchored
    /// translation is the screen offset turned back; a map-anchored one turns with the map.
    func mapOffset(bearing: Double) -> (x: Double, y: Double) {
        guard viewport && bearing.truncatingRemainder(dividingBy: 360) != 0 else { return (x, y) }
        let angle = bearing * .pi / 180
        return (x * cos(angle) - y * sin(angle), x * sin(angle) + y * cos(angle))
    }

    init(_ values: [Double], anchor: String, pixelRatio: Double) {
        self.init(x: (values.first ?? 0) * pixelRatio, y: (values.count > 1 ? values[1] : 0) * pixelRatio, viewport: anchor == "viewport")
    }
}

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
    /// Raster tiles, each with the device-pixel rectangle it covers, colour-adjusted already.
    case raster(id: String, tiles: [RasterTile], opacity: Double, nearest: Bool)
    /// An image source's picture on its four corners (device pixels: top left, top right, bottom right,
    /// bottom left), colour-adjusted already.
    case image(id: String, corners: [(x: Double, y: Double)], image: ImageSurface, opacity: Double, nearest: Bool)
}

/// A raster tile placed on the map (device pixels), colour-adjusted already; `holes` are where tiles of
/// higher zooms are drawn instead of it.
struct RasterTile: Sendable {
    var rect: PixelRect
    var image: ImageSurface
    var holes: [PixelRect] = []
}

/// Features that share one paint.
struct PaintGroup<Paint: Hashable & Sendable>: Sendable {
    var paint: Paint
    var pieces: [PathPiece]
    /// Each piece is a whole feature (all from one tile), so pieces may be drawn one by one.
    var wholeFeatures = false
}
