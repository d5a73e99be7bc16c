import ArgumentParser
import Geo
import PosterPipeline
import PosterRenderer

/// The style, tiles, camera and size options shared by `render` and `bench`.
struct PosterOptions: ParsableArguments {
    @Option(help: "Map centre latitude in degrees (default: the bundled Helsinki extract's centre).")
    var lat: Double?
    @Option(help: "Map centre longitude in degrees.")
    var lng: Double?
    @Option(help: "MapLibre zoom (512 px tiles, CSS pixels). Default: fits the bundled extract.")
    var zoom: Double?
    @Option(help: "Degrees clockwise from north that point up on the map (0-360).")
    var bearing: Double = 0
    @Option(help: "Style id from Styles/ (see 'cartopress styles') or a path to a style JSON.")
    var style: String = "minimal"
    @Option(help: "Palette id of the style (default: the style's own colours).")
    var palette: String?
    @Option(name: .customLong("hide"), help: "Switch off a layer group: streets, water, parks, buildings, railways, boundaries, landuse, landcover_wood, landcover_grass, background. Repeatable.")
    var hidden: [String] = []
    @Option(help: "PMTiles archive of OpenMapTiles-schema vector tiles (default: Data/helsinki.pmtiles).")
    var tiles: String?
    @Option(help: "Poster title, set in letter-spaced capitals.")
    var title: String = "Helsinki"
    @Option(help: "Poster subtitle.")
    var subtitle: String = "Finland"
    @Flag(help: "Leave out the coordinates line.")
    var noCoordinates = false
    @Option(help: "Poster width in device pixels.")
    var width: Int = 2400
    @Option(help: "Poster height in device pixels.")
    var height: Int = 3600
    @Option(help: "Device pixels per CSS pixel.")
    var pixelRatio: Double = 2
    @Option(help: "Print resolution in dots per inch.")
    var dpi: Double = 300

    /// The bundled Helsinki extract's centre (bbox 24.93518,60.16416,24.95341,60.17911).
    static let demoCenter = LngLat(lng: 24.944295, lat: 60.171634)
    /// Zoom at which the extract fills the demo poster's map frame.
    static let demoZoom = 15.75

    func validate() throws {
        guard (100...30000).contains(width), (100...30000).contains(height) else {
            throw ValidationError("--width and --height must be between 100 and 30000 pixels")
        }
        guard pixelRatio > 0 && pixelRatio <= 16 else { throw ValidationError("--pixel-ratio must be in (0, 16]") }
        if let lat { guard (-85.05...85.05).contains(lat) else { throw ValidationError("--lat must be within ±85.05°") } }
        if let lng { guard (-180...180).contains(lng) else { throw ValidationError("--lng must be within ±180°") } }
        if let zoom { guard (0...24).contains(zoom) else { throw ValidationError("--zoom must be between 0 and 24") } }
        guard (0...360).contains(bearing) else { throw ValidationError("--bearing must be between 0 and 360 degrees") }
        guard dpi >= 36 && dpi <= 2400 else { throw ValidationError("--dpi must be between 36 and 2400") }
    }

    func job(resources: ResourceLocator, format: PosterFormat, defaultTiles: String? = nil) -> PosterJob {
        let center = LngLat(lng: lng ?? Self.demoCenter.lng, lat: lat ?? Self.demoCenter.lat)
        let spec = PosterSpec(center: center, zoom: zoom ?? Self.demoZoom, bearing: bearing, width: width, height: height, pixelRatio: pixelRatio,
                              dpi: dpi, title: title, subtitle: subtitle, showCoordinates: !noCoordinates)
        return PosterJob(spec: spec, style: style, palette: palette, toggles: Dictionary(uniqueKeysWithValues: hidden.map { ($0, false) }),
                         tilesPath: tiles ?? defaultTiles ?? resources.demoTiles, format: format)
    }
}
