/// The one table of what a poster may ask for. The HTTP parser, the CLI and the OpenAPI document all read
/// it, so the three accept the same ranges. A service lowers (or raises) the size limits by configuration
/// (`MAX_SIDE`, `MAX_PIXELS`, `MAX_OVERLAY_VERTICES`); everything else is fixed.
public struct PosterLimits: Sendable, Hashable {
    /// Latitudes Web Mercator can show (to eight places, as documented).
    public static let latitude: ClosedRange<Double> = -85.05112878...85.05112878
    /// Latitudes a request may give: beyond ``latitude`` they are clamped to it (as MapLibre clamps them).
    public static let acceptedLatitude: ClosedRange<Double> = -90...90
    public static let longitude: ClosedRange<Double> = -180...180
    /// MapLibre zoom (512 px tiles, CSS pixels), as carto-art's API documents it.
    public static let zoom: ClosedRange<Double> = 1...24
    /// Degrees clockwise from north.
    public static let bearing: ClosedRange<Double> = 0...360
    /// Degrees of tilt carto-art offers; posters are drawn flat, so only 0 is rendered today.
    public static let pitch: ClosedRange<Double> = 0...60
    /// The smallest side of a poster in device pixels.
    public static let minSide = 64
    /// Device pixels per CSS pixel.
    public static let pixelRatio: ClosedRange<Double> = 0.5...16
    /// Print resolution, dots per inch.
    public static let dpi: ClosedRange<Double> = 72...1200
    /// The margin around the map, in percent of the poster's shorter side.
    public static let marginPercent: ClosedRange<Double> = 0...25
    /// The title's size as a multiple of the style's.
    public static let titleScale: ClosedRange<Double> = 0.25...4
    /// Extra space between title letters, as a fraction of the title size.
    public static let titleLetterSpacing: ClosedRange<Double> = 0...1
    /// Characters of title, subtitle and marker labels.
    /// Titles longer than fit the poster are set smaller until they fit.
    public static let titleLength = 1000
    public static let subtitleLength = 500
    public static let markerLabelLength = 200
    /// Markers on one poster.
    public static let markerCount = 1000
    /// A marker's height in percent of the poster's shorter side.
    public static let markerSizePercent: ClosedRange<Double> = 0.5...20
    /// A route's line width in permille of the poster's shorter side.
    public static let routeWidthPermille: ClosedRange<Double> = 0.5...50
    /// The aspect ratio's longer side at most this many times the shorter.
    public static let maxAspectRatio = 10.0
    /// The title families the bundled fonts provide (`Fonts/README.md`): CartoPress's own, then those
    /// carto-art's web app offers and titles with.
    public static let titleFamilies = [
        "Inter", "Noto Sans", "Noto Serif", "Open Sans", "Lato", "Roboto", "Roboto Condensed", "EB Garamond",
        "Montserrat", "Poppins", "Bebas Neue", "Oswald", "Outfit", "DM Sans", "JetBrains Mono", "IBM Plex Mono", "Space Mono",
        "Playfair Display", "Crimson Text", "Cormorant Garamond", "Quicksand", "Spectral",
    ]

    /// The longest side of a poster in device pixels.
    public var maxSide: Int
    /// The most device pixels a poster may have.
    public var maxPixels: Int
    /// The most vertices the overlays (GPX, GeoJSON, markers) of one poster may have.
    public var maxOverlayVertices: Int

    public init(maxSide: Int = 16384, maxPixels: Int = 10800 * 16200, maxOverlayVertices: Int = 100_000) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.maxOverlayVertices = maxOverlayVertices
    }

    /// The limits of a service that configures nothing, and of the CLI.
    public static let standard = PosterLimits()

    /// The sides a poster may have.
    public var side: ClosedRange<Int> { Self.minSide...max(Self.minSide, maxSide) }

    /// Why a poster of `width` x `height` cannot be made, or nil.
    public func sizeProblem(width: Int, height: Int) -> String? {
        if !side.contains(width) || !side.contains(height) {
            return "\(width)x\(height) has a side outside \(side.lowerBound)-\(side.upperBound) px"
        }
        if width * height > maxPixels {
            return "\(width)x\(height) is \(width * height) pixels; the limit is \(maxPixels)"
        }
        return nil
    }
}
