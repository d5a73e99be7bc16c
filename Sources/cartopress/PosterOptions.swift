public import ArgumentParser
import Foundation
import Geo
import PosterPipeline
public import PosterRenderer
import Canvas
import StyleKit

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
    @Option(help: "Degrees the camera tilts back from looking straight down (0-60, as carto-art offers; PNG only). The poster's frame stays level.")
    var pitch: Double = 0
    @Option(help: "Style id from Styles/ (see 'cartopress styles') or a path to a style JSON.")
    var style: String = "minimal"
    @Option(help: "Palette id of the style (default: the style's own colours).")
    var palette: String?
    @Option(help: "Language of the map's labels: a language tag (ja, zh-Hans, pt-BR) shows name:xx, else name:latin, else name; local shows the names as mapped. Default: the style's own choice.")
    var labelLanguage: String?
    @Option(name: .customLong("hide"), help: "Switch off a layer group that is on by default: streets, water, parks, buildings, labels (place names; roads widen as in carto-art), railroads, background. Repeatable.")
    var hidden: [String] = []
    @Option(name: .customLong("show"), help: "Switch on a layer group that is off by default: terrain (hillshading), contours, terrain_under_water, boundaries, buildings_3d, landcover_wood, landcover_grass, landcover_farmland, landcover_ice, landuse_forest, landuse_orchard, landuse_vineyard, landuse_cemetery, landuse_grass ('cartopress styles' lists each style's). Repeatable.")
    var shown: [String] = []
    @Option(help: "PMTiles archive of OpenMapTiles-schema vector tiles (default: Data/helsinki.pmtiles).")
    var tiles: String?
    @Option(help: "A DEM for terrain, contours and bathymetry instead of the bundled one (which covers a corner of Tennessee): a PMTiles file or a URL (PMTiles, TileJSON, or an XYZ template of PNG tiles).")
    var terrain: String?
    @Option(help: "How --terrain's pixels encode heights: terrarium or mapbox (terrain-RGB).")
    var terrainEncoding: String = "terrarium"
    @Option(help: "The highest zoom --terrain has tiles for.")
    var terrainMaxzoom: Int = 15
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
    @Option(help: "Where the title block goes: top, bottom or center.")
    var textPosition: PosterDesign.TextPosition = .bottom
    @Option(help: "Behind the text: none (a band of paper of its own), subtle, strong or gradient (over the map).")
    var backdrop: PosterDesign.Backdrop = .none
    @Option(help: "Around the map: none, thin, thick, double or inset.")
    var border: PosterDesign.Border = .none
    @Option(help: "The map's shape: rectangle or circle.")
    var mask: PosterDesign.Mask = .rectangle
    @Option(help: "Margin around the map as a percentage of the poster's shorter side (default: the theme's 6).")
    var margin: Double?
    @Option(help: "Title font family from Fonts/ (Inter, Noto Serif, EB Garamond, Lato, Open Sans, Roboto, ...).")
    var titleFont: String?
    @Option(help: "Title weight: 100 to 900 in hundreds, or a name (thin, light, regular, medium, semibold, bold, extrabold, black); a family without it takes its nearest.")
    var titleWeight: PosterDesign.TitleWeight?
    @Option(help: "Title size as a multiple of the default.")
    var titleScale: Double = 1
    @Flag(help: "Set the title as written instead of in capitals.")
    var noCaps = false
    @Option(help: "A GPX file whose tracks and routes are drawn over the map; without --lat/--lng the map fits them. Repeatable.")
    var gpx: [String] = []
    @Option(help: "Route colour as #rrggbb (default red-orange).")
    var routeColor: String?
    @Flag(help: "Label the route every kilometre (2, 5, 10 km on long ones).")
    var distanceLabels = false
    @Option(help: "A marker: LAT,LNG[,SHAPE[,LABEL]] with SHAPE pin, dot, ring, crosshair, heart or home. Repeatable.")
    var marker: [String] = []

    /// The bundled Helsinki extract's centre (bbox 24.93518,60.16416,24.95341,60.17911).
    static let demoCenter = LngLat(lng: 24.944295, lat: 60.171634)
    /// Zoom at which the extract fills the demo poster's map frame.
    static let demoZoom = 15.75

    /// Checks every value against ``PosterLimits``, the table the HTTP API checks against too.
    func validate() throws {
        let limits = PosterLimits.standard
        if let problem = limits.sizeProblem(width: width, height: height) { throw ValidationError("--width and --height: \(problem)") }
        try check(pixelRatio, in: PosterLimits.pixelRatio, "--pixel-ratio")
        if let lat { try check(lat, in: PosterLimits.latitude, "--lat") }
        if let lng { try check(lng, in: PosterLimits.longitude, "--lng") }
        if let zoom { try check(zoom, in: PosterLimits.zoom, "--zoom") }
        try check(bearing, in: PosterLimits.bearing, "--bearing")
        try check(pitch, in: PosterLimits.pitch, "--pitch")
        try check(dpi, in: PosterLimits.dpi, "--dpi")
        if let margin { try check(margin, in: PosterLimits.marginPercent, "--margin") }
        guard TerrainSetting.encodings.contains(terrainEncoding) else {
            throw ValidationError("--terrain-encoding must be \(TerrainSetting.encodings.joined(separator: " or ")), not \"\(terrainEncoding)\"")
        }
        try check(titleScale, in: PosterLimits.titleScale, "--title-scale")
        if let labelLanguage, LabelLanguage(labelLanguage) == nil {
            throw ValidationError("--label-language must be \(LabelLanguage.expected), not \"\(labelLanguage)\"")
        }
        if title.unicodeScalars.count > PosterLimits.titleLength { throw ValidationError("--title is longer than \(PosterLimits.titleLength) characters") }
        if subtitle.unicodeScalars.count > PosterLimits.subtitleLength {
            throw ValidationError("--subtitle is longer than \(PosterLimits.subtitleLength) characters")
        }
        if let titleFont, !PosterLimits.titleFamilies.contains(where: { $0.lowercased() == titleFont.lowercased() }) {
            throw ValidationError("--title-font \"\(titleFont)\" is not a bundled family; use one of \(PosterLimits.titleFamilies.joined(separator: ", "))")
        }
        _ = try markers()
        _ = try routes()
        if let routeColor, RGBAColor(hexString: routeColor) == nil {
            throw ValidationError("--route-color must be #rrggbb or #rgb")
        }
    }

    private func check(_ value: Double, in range: ClosedRange<Double>, _ name: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(name) is \(value); it must be from \(range.lowerBound) to \(range.upperBound)")
        }
    }

    /// `--marker` values as markers, or an error naming the one that does not parse.
    func markers() throws -> [PosterDesign.Marker] {
        try marker.map { text in
            let parts = text.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, let lat = Double(parts[0]), let lng = Double(parts[1]), PosterLimits.latitude.contains(lat),
                  PosterLimits.longitude.contains(lng) else {
                throw ValidationError("--marker \"\(text)\": expected LAT,LNG[,SHAPE[,LABEL]] with latitude within ±85.0511° and longitude within ±180°")
            }
            var shape = PosterDesign.Marker.Shape.pin
            if parts.count > 2, !parts[2].isEmpty {
                guard let parsed = PosterDesign.Marker.Shape(rawValue: parts[2]) else {
                    throw ValidationError("--marker \"\(text)\": shape must be one of \(PosterDesign.Marker.Shape.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                shape = parsed
            }
            return PosterDesign.Marker(position: LngLat(lng: lng, lat: lat), shape: shape, label: parts.count > 3 ? parts[3] : "")
        }
    }

    /// The GPX files' tracks and routes, or an error naming the file that does not read.
    func routes() throws -> [GPXDocument] {
        try gpx.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--gpx \(path): cannot read the file") }
            do {
                let document = try GPXDocument.parse(data)
                guard document.lines.contains(where: { $0.count >= 2 }) else { throw ValidationError("--gpx \(path): has no track or route of two points or more") }
                return document
            } catch let error as GPXError {
                throw ValidationError("--gpx \(path): \(error.reason)")
            }
        }
    }

    var design: PosterDesign {
        let family = titleFont.flatMap { name in PosterLimits.titleFamilies.first { $0.lowercased() == name.lowercased() } }
        var design = PosterDesign(textPosition: textPosition, backdrop: backdrop, border: border, mask: mask, margin: margin.map { $0 / 100 },
                                  titleScale: titleScale, titleWeight: titleWeight, titleFamily: family, titleAllCaps: !noCaps,
                                  markers: (try? markers()) ?? [])
        let color = routeColor.flatMap(RGBAColor.init(hexString:))
        design.routes = ((try? routes()) ?? []).map {
            PosterDesign.Route(lines: $0.lines.map { $0.map(\.position) }, color: color, distanceLabels: distanceLabels)
        }
        return design
    }

    /// The DEM --terrain names, a relative path taken from the working directory.
    var terrainSetting: TerrainSetting? {
        guard let terrain else { return nil }
        let remote = terrain.hasPrefix("http://") || terrain.hasPrefix("https://")
        let location = remote || terrain.hasPrefix("/") ? terrain : FileManager.default.currentDirectoryPath + "/" + terrain
        return TerrainSetting(location: location, encoding: terrainEncoding, maxZoom: terrainMaxzoom)
    }

    /// The validated request these options describe.
    func request(format: PosterFormat) -> PosterRequest {
        let center = LngLat(lng: lng ?? Self.demoCenter.lng, lat: lat ?? Self.demoCenter.lat)
        var spec = PosterSpec(center: center, zoom: zoom ?? Self.demoZoom, bearing: bearing, width: width, height: height, pixelRatio: pixelRatio,
                              dpi: dpi, title: title, subtitle: subtitle, showCoordinates: !noCoordinates, design: design)
        spec.pitch = pitch
        var request = PosterRequest(spec: spec, style: style, palette: palette,
                                    toggles: Dictionary(shown.map { ($0, true) } + hidden.map { ($0, false) }, uniquingKeysWith: { $1 }),
                                    tilesPath: tiles, format: format)
        request.labelLanguage = labelLanguage.flatMap(LabelLanguage.init)
        // Without a place to look at, the map frames the routes, with a margin around them.
        if lat == nil, lng == nil, zoom == nil,
           let bounds = GeoBounds(covering: ((try? routes()) ?? []).flatMap { $0.lines.flatMap { $0.map(\.position) } }) {
            request.bounds = bounds.padded(by: 0.08)
        }
        return request
    }
}

extension PosterDesign.TextPosition: ExpressibleByArgument {}
extension PosterDesign.Backdrop: ExpressibleByArgument {}
extension PosterDesign.Border: ExpressibleByArgument {}
extension PosterDesign.Mask: ExpressibleByArgument {}
extension PosterDesign.TitleWeight: ExpressibleByArgument {
    /// `--title-weight bold` or `--title-weight 800`.
    public init?(argument: String) {
        if let number = Int(argument) { self.init(number) } else { self.init(name: argument) }
    }
}
