import Canvas

/// Where a symbol layer puts its labels.
enum SymbolPlacement: Sendable {
    case point, line, lineCenter
}

/// How one label is set and tested for collisions, sizes in device pixels.
struct LabelStyle: Sendable {
    var shaper: TextShaper
    var size: Double
    var letterSpacing: Double
    var lineHeight: Double
    /// Point labels wrap at this width (0: never).
    var maxWidth: Double
    var anchor: String
    var justify: String
    var offset: (x: Double, y: Double)
    var padding: Double
    var allowOverlap: Bool
    var ignorePlacement: Bool
    var placement: SymbolPlacement
    var spacing: Double
    /// Radians a line label may bend between neighbouring glyphs.
    var maxAngle: Double
    var keepUpright: Bool
    var color: RGBAColor
    var haloColor: RGBAColor
    var haloWidth: Double
    /// How far the halo fades out beyond its width.
    var haloBlur: Double = 0
    /// `text-overlap` when the style sets it (it overrides `allowOverlap`).
    var overlapMode: OverlapMode? = nil
    /// `text-optional`: the icon may be placed without the text.
    var optional = false
    /// `text-translate` on the page, device pixels.
    var translate: (x: Double, y: Double) = (0, 0)
    /// `text-pitch-alignment` resolved (`auto` follows the rotation: `map` along lines): on a pitched view
    /// the text lies on the ground rather than facing the viewer.
    var pitchWithMap = false

    var overlap: OverlapMode { overlapMode ?? (allowOverlap ? .always : .never) }
}

/// A label that may be placed: its text and icon, their styles, and the point or line (on the poster as
/// printed, turned by the bearing) it belongs to. A symbol without text has an empty `text` and no style.
struct LabelCandidate: Sendable {
    enum Geometry: Sendable {
        case point(x: Double, y: Double)
        /// x, y interleaved.
        case line([Double])
    }

    var text: String
    var style: LabelStyle?
    /// `text` set in `style` (``LabelShapes/lines(_:_:)``), when it was shaped as it was gathered.
    var lines: [ShapedText]? = nil
    /// `symbol-sort-key`: lower keys are placed first.
    var sortKey: Double
    /// The feature's place in its layer (tile order, then feature order), which breaks ties.
    var order: Int
    var geometry: Geometry
    var icon: IconStyle? = nil
    /// Point text set with the style's SDF glyphs, as MapLibre sets it (instead of `text` and `style`).
    var sdfText: SDFTextLabel? {
        get { boxedSDFText?.value }
        set { boxedSDFText = newValue.map(Boxed.init) }
    }
    /// Text along a line set with the style's SDF glyphs, at one anchor (`geometry` is that anchor).
    var sdfLine: SDFLineLabel? {
        get { boxedSDFLine?.value }
        set { boxedSDFLine = newValue.map(Boxed.init) }
    }
    // Held by reference: a poster's labels (FreeType text) have neither, and the 850 bytes they would take
    // inline were copied with every candidate as it was gathered, sorted and placed.
    private var boxedSDFText: Boxed<SDFTextLabel>?
    private var boxedSDFLine: Boxed<SDFLineLabel>?

    init(text: String, style: LabelStyle?, lines: [ShapedText]? = nil, sortKey: Double, order: Int, geometry: Geometry,
         icon: IconStyle? = nil, sdfText: SDFTextLabel? = nil, sdfLine: SDFLineLabel? = nil) {
        self.text = text
        self.style = style
        self.lines = lines
        self.sortKey = sortKey
        self.order = order
        self.geometry = geometry
        self.icon = icon
        self.sdfText = sdfText
        self.sdfLine = sdfLine
    }
}

/// A label that found room: glyphs and icon ready to draw and the area they cover.
struct PlacedLabel: Sendable {
    var glyphs: [PlacedGlyph]
    var size: Double
    var color: RGBAColor
    var haloColor: RGBAColor
    var haloWidth: Double
    var haloBlur: Double = 0
    var bounds: PixelRect
    var icon: PlacedIcon? = nil
    /// Text set with the style's SDF glyphs, drawn by MapLibre's SDF program.
    var sdfText: PlacedSDFText? = nil
    /// Where `glyphs` are on a pitched view.
    var glyphSpace = GlyphSpace.flat

    /// Where a label's FreeType glyphs are laid out, which says how a pitched view shows them.
    enum GlyphSpace: Sendable {
        /// In the flat layout, facing the viewer: moved whole to the projected anchor and scaled there
        /// (any map, flat or pitched, starts here).
        case flat
        /// In the flat layout, lying on the ground: each glyph projected where it stands.
        case ground
        /// On the output already, along a projected line (text along lines facing the viewer).
        case screen
    }
}
