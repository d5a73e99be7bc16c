public import Geo

/// Everything a poster shows besides the style: where, how large, and the words on it.
public struct PosterSpec: Sendable, Hashable, Codable {
    /// The map's centre.
    public var center: LngLat
    /// MapLibre zoom of the map (512 px tiles, in CSS pixels; multiplied by `pixelRatio` on the poster).
    public var zoom: Double
    /// Degrees clockwise from north that point up on the map (MapLibre's bearing); the map turns inside its
    /// frame, the text block stays level.
    public var bearing: Double
    /// Degrees the camera tilts back from looking straight down (MapLibre's pitch); the map's frame stays
    /// level. Stored as an optional so that specs written before pitch existed still decode.
    public var pitch: Double {
        get { pitchDegrees ?? 0 }
        set { pitchDegrees = newValue == 0 ? nil : newValue }
    }
    private var pitchDegrees: Double?
    /// Poster width in device pixels.
    public var width: Int
    /// Poster height in device pixels.
    public var height: Int
    /// Device pixels per CSS pixel: line widths and text in the style are multiplied by it.
    public var pixelRatio: Double
    /// Print resolution, written to the PNG and used to size the PDF page.
    public var dpi: Double
    public var title: String
    public var subtitle: String
    public var showTitle: Bool
    public var showSubtitle: Bool
    public var showCoordinates: Bool
    /// Data attribution printed on every poster; OpenStreetMap data requires it.
    public var attribution: String
    /// The composition around the map: text position, backdrop, border, mask, title type, markers.
    public var design: PosterDesign
    /// The attribution OpenStreetMap's licence (ODbL) asks of everything drawn from its data.
    public static let defaultAttribution = "© OpenStreetMap contributors"

    public init(center: LngLat, zoom: Double, bearing: Double = 0, width: Int = 2400, height: Int = 3600, pixelRatio: Double = 2,
                dpi: Double = 300, title: String = "", subtitle: String = "", showTitle: Bool = true,
                showSubtitle: Bool = true, showCoordinates: Bool = true,
                attribution: String = PosterSpec.defaultAttribution, design: PosterDesign = .standard) {
        self.center = center
        self.zoom = zoom
        self.bearing = bearing
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
        self.dpi = dpi
        self.title = title
        self.subtitle = subtitle
        self.showTitle = showTitle
        self.showSubtitle = showSubtitle
        self.showCoordinates = showCoordinates
        self.attribution = attribution
        self.design = design
    }
}
