public import Canvas
import Foundation
public import Geo
public import PosterRenderer
public import StyleKit
import HTTPTransport
import TileFetch
import VectorTile

/// Runs poster jobs end to end: load the style, read and decode the tiles the map needs, render.
/// Styles, fonts and tile archives are loaded once and reused across jobs.
public final class PosterPipeline: Sendable {
    public let resources: ResourceLocator
    public let fonts: FontCatalog
    let archives: TileSourceFactory
    /// The styles and palettes of `Styles/`, each parsed and checked when first used: a render reads only its
    /// own style. `catalog` checks them all.
    public let styles: StylePackage
    public let tileFetch: TileFetchSettings
    /// The vector tiles a request reads unless it names its own: a PMTiles path or a tile URL.
    public let defaultTiles: String
    /// Place names to coordinates: the bundled gazetteer and the places the default tiles name.
    public let places: PlaceSearch

    /// - Parameters:
    ///   - tiles: the vector tiles to read (a PMTiles path, an XYZ template, TileJSON or a remote PMTiles URL);
    ///     nil for the bundled Helsinki extract.
    ///   - terrain: the DEM the catalogue styles' `terrain` source reads instead of the bundled one.
    public init(resources: ResourceLocator, tileFetch: TileFetchSettings = TileFetchSettings(), tiles: String? = nil,
                terrain: TerrainSetting? = nil) throws(PipelineError) {
        self.resources = resources
        self.tileFetch = tileFetch
        defaultTiles = tiles ?? resources.demoTiles
        do {
            archives = try TileSourceFactory(cache: tileFetch.cache, transport: tileFetch.transport)
        } catch {
            throw PipelineError(.tilesUnavailable, "the tile cache cannot be opened: \(error)", cause: error)
        }
        do {
            fonts = try FontCatalog(directory: resources.fontsDirectory)
        } catch {
            throw PipelineError(.resourcesNotFound, "\(error)", cause: error)
        }
        let archives = self.archives, tilesPath = defaultTiles
        places = PlaceSearch(file: resources.dataDirectory + "/gazetteer/cities15000.tsv", tiles: { try? archives.source(tilesPath) })
        let directory = resources.stylesDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        styles = StylePackage(fileNames: names, read: { name in FileManager.default.contents(atPath: "\(directory)/\(name)").map { [UInt8]($0) } },
                              adjust: { entry in
                                  terrain.map { entry.replacingTerrain(url: $0.location, encoding: $0.encoding, maxZoom: $0.maxZoom,
                                                                       attribution: $0.attribution) } ?? entry
                              })
    }

    /// Every style and palette of `Styles/`, checked together (parsed on first use, then kept): for listings,
    /// and for the service, which reads it at start so that a broken package stops `serve` at once.
    public var catalog: StyleCatalog {
        get throws(PipelineError) {
            do {
                return try styles.catalog()
            } catch {
                throw packageError(error)
            }
        }
    }

    /// The bundled style `id` with its palettes, parsed and checked alone; nil if `Styles/` has no such style.
    public func bundledStyle(_ id: String) throws(PipelineError) -> StyleCatalog.Entry? {
        do {
            return try styles.entry(id)
        } catch {
            throw packageError(error)
        }
    }

    private func packageError(_ error: StyleErrors) -> PipelineError {
        PipelineError(.styleInvalid, "the style package in \(resources.stylesDirectory) has errors:\n\(error)", cause: error)
    }

    /// What a poster outside its tiles is told: where it is, what the tiles cover, what to do.
    /// - Parameter outside: whether the poster is outside the area the tiles state; else they are empty there.
    static func outsideMessage(_ request: PosterRequest, tiles: String, coverage: GeoBounds?, zooms: ClosedRange<Int>, outside: Bool,
                               zoom: Double) -> String {
        func f(_ value: Double) -> String { String(format: "%.4f", value) }
        let place = request.bounds.map { "the box \(f($0.west)),\(f($0.south)) to \(f($0.east)),\(f($0.north))" }
            ?? "lat \(f(request.spec.center.lat)), lng \(f(request.spec.center.lng))"
        let covered = coverage.map { "they cover lng \(f($0.west)) to \(f($0.east)), lat \(f($0.south)) to \(f($0.north)) at zooms \(zooms.lowerBound)-\(zooms.upperBound)" }
        let what = outside ? "have no map at \(place): \(covered ?? "")"
            : "hold no features under the poster at \(place), zoom \(String(format: "%.1f", zoom))" + (covered.map { " (\($0))" } ?? "")
        return "the tiles (\(tiles)) \(what). Move the poster where they have data, or set CARTOPRESS_TILES (--tiles on the CLI) to tiles of this place, such as OpenFreeMap's planet (the README's \"Tiles for the whole planet\")"
    }

    /// The loader of a poster's inputs: the main vector source from `tilesPath`, the rest as the style says.
    func loader(tilesPath: String, vectorSourceID: String?) -> MapInputLoader {
        MapInputLoader(resolver: PosterInputResolver(factory: archives, resources: resources, vectorSourceID: vectorSourceID, tilesPath: tilesPath),
                       policy: .poster, concurrency: tileFetch.concurrency, deadline: tileFetch.deadline)
    }

    /// The decoded raster-dem tiles a poster of `style` needs under `camera`, by source id (the contour
    /// benchmark reads them alone).
    public func loadTerrain(for style: Style, camera: Camera, warnings: inout [String]) throws(PipelineError) -> [String: DEMTiles] {
        try loader(tilesPath: defaultTiles, vectorSourceID: nil).load(style, camera: camera, vectorSourceID: nil, only: ["raster-dem"],
                                                                       warnings: &warnings).demSources
    }

    /// Removes expired and over-budget tiles from the remote tile cache's disk; returns the bytes kept.
    @discardableResult
    public func cleanUpTileCache() -> Int { archives.cleanUp() }

    /// The style and theme for a request: a catalogue style recoloured by its palette, or a style file.
    func resolveStyle(_ job: PosterRequest) throws(PipelineError) -> (Style, PosterTheme) {
        var theme = PosterTheme.minimal
        let style: Style
        if let entry = try bundledStyle(job.style) {
            guard let palette = entry.palette(job.palette) else {
                throw PipelineError(.invalidRequest, "style \"\(entry.id)\" has no palette \"\(job.palette ?? "")\"; its palettes are \(entry.palettes.map(\.id).joined(separator: ", "))")
            }
            style = entry.style.applying(palette)
            if let paper = palette.colors["background"] { theme.paperColor = RGBAColor(red: paper.r, green: paper.g, blue: paper.b) }
            if let text = palette.colors["text"] { theme.textColor = RGBAColor(red: text.r, green: text.g, blue: text.b, alpha: text.a) }
            if let font = entry.style.titleFont {
                theme.titleFamily = font.family
                // carto-art asks for 800; a family without it sets in its nearest weight.
                theme.titleWeight = PosterDesign.TitleWeight(font.weight)
            }
            theme.subtitleFamily = entry.style.subtitleFont?.family
        } else if job.style.hasSuffix(".json") || job.style.contains("/") {
            style = try loadStyle(job.style)
        } else {
            // Listed in the catalogue's order when it parses; this is the error path, so reading it all is fine.
            let available = (try? catalog)?.entries.map(\.id) ?? styles.ids
            throw PipelineError(.invalidRequest, "unknown style \"\(job.style)\"; available: \(available.joined(separator: ", "))")
        }
        return (try Self.applyingChoices(to: style, styleID: job.style, toggles: job.toggles, labelLanguage: job.labelLanguage), theme)
    }

    /// A style with a request's toggles and label language applied, as the renderer draws it.
    static func applyingChoices(to style: Style, styleID: String, toggles: [String: Bool],
                                labelLanguage: LabelLanguage?) throws(PipelineError) -> Style {
        // Nothing is accepted and ignored: a toggle the style does not have is refused by name.
        let known = Set(style.toggles.keys)
        for (key, value) in toggles.sorted(by: { $0.key < $1.key }) {
            switch LayerToggles.verdict(key, value, style: styleID, styleToggles: known) {
            case .toggle, .nothingToHide: continue
            case .request:
                throw PipelineError(.invalidRequest, "option \(key) belongs to the request, not the style; give a marker (--marker) or a pixel ratio (--pixel-ratio) instead")
            case .unsupported(let reason), .unknown(let reason): throw PipelineError(.invalidRequest, "option \(key): \(reason)")
            }
        }
        let toggled = style.applying(toggles: toggles)
        return labelLanguage.map { toggled.applying(labelLanguage: $0) } ?? toggled
    }

    /// Reads and validates a style file; errors name the file and JSON path.
    public func loadStyle(_ path: String) throws(PipelineError) -> Style {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.styleUnreadable, "cannot read the style \(path); give a style id from \(resources.stylesDirectory) or a path to a style JSON")
        }
        do {
            return try Style.parse([UInt8](data), fileName: URL(fileURLWithPath: path).lastPathComponent)
        } catch {
            throw PipelineError(.styleInvalid, "the style has errors:\n\(error)", cause: error)
        }
    }

    /// Renders a request, reporting each stage as it starts.
    ///
    /// - Parameters:
    ///   - fonts: the fonts to typeset with; a render context passes its own warm catalogue, else the
    ///     pipeline's is used.
    ///   - bands: the pixel buffer a PNG is drawn into band by band; a render context passes its warm one,
    ///     else the render makes one.
    ///   - cores: how many cores the render's parallel parts use (``PosterRenderer/cores``); all by default.
    ///   - shouldContinue: asked between stages; returning false stops the job with `.cancelled`.
    public func run(_ request: PosterRequest, fonts: FontCatalog? = nil, bands: BandBuffer? = nil, cores: Int? = nil,
                    progress: (PosterStage) -> Void = { _ in },
                    shouldContinue: () -> Bool = { true }) throws(PipelineError) -> RenderedPoster {
        func checkpoint(_ stage: String) throws(PipelineError) {
            guard shouldContinue() else { throw PipelineError(.cancelled, "the job was stopped before \(stage)") }
        }
        progress(.starting)
        let tilesPath = request.tilesPath ?? defaultTiles
        let (style, theme) = try resolveStyle(request)
        let source: any SyncTileSource
        do {
            source = try archives.source(tilesPath)
        } catch {
            throw TileFailure.error(error, "\(error)")
        }
        guard source.tileType == .mvt || source.tileType == .unknown else {
            throw PipelineError(.tileInvalid, "\(tilesPath) holds \(source.tileType) tiles; a vector style needs Mapbox Vector Tiles")
        }
        let language = request.labelLanguage.flatMap { $0 == .local ? nil : $0.tag }
        let renderer = PosterRenderer(style: style, fonts: fonts ?? self.fonts, theme: theme, labelLanguage: language, cores: cores)
        let loader = loader(tilesPath: tilesPath, vectorSourceID: renderer.vectorSourceID)
        // Read on the other core while the poster is laid out and its tiles are read on this one.
        let sprite = loader.readSprite(of: style, pixelRatio: request.spec.pixelRatio)
        // Laid out once: the frame fixes the camera (fitted to the bounds, if any), and the camera the tiles.
        var layout: PosterLayout
        do {
            layout = try renderer.layout(for: request.spec, framing: request.bounds)
        } catch {
            throw PipelineError(.render, "\(error)", cause: error)
        }
        let camera = layout.camera
        let outsideCoverage = source.coverage.map { !$0.intersects(camera.visibleBounds) } ?? false

        try checkpoint("reading tiles")
        progress(.fetching)
        var stopwatch = Stopwatch()
        var warnings: [String] = []
        var readTime = 0.0
        let inputs = try loader
            .load(style, camera: camera, vectorSourceID: renderer.vectorSourceID, sprite: sprite, warnings: &warnings) { () throws(PipelineError) in
                readTime = stopwatch.lap()
                try checkpoint("decoding")
                progress(.decoding)
            }
        // A place the tiles do not cover, or tiles that are all empty under the poster, would come back as
        // paper with a title: refuse it, naming the area, unless the poster draws something else there (a
        // DEM's terrain, a raster, an overlay source), which it then says.
        let drawsMainTiles = style.layers.contains { $0.source == renderer.vectorSourceID && $0.isVisible(atZoom: camera.zoom) }
        if drawsMainTiles, outsideCoverage || inputs.tiles.values.allSatisfy({ $0.layers.allSatisfy { $0.featureCount == 0 } }) {
            let message = Self.outsideMessage(request, tiles: tilesPath, coverage: source.coverage, zooms: source.minZoom...source.maxZoom,
                                              outside: outsideCoverage, zoom: camera.zoom)
            let drawsOther = !inputs.demSources.isEmpty || !inputs.rasterSources.isEmpty || !inputs.imageSources.isEmpty
                || inputs.otherSources.values.contains { $0.values.contains { $0.layers.contains { $0.featureCount > 0 } } }
            guard drawsOther else { throw PipelineError(.locationOutsideTiles, message) }
            warnings.append(message)
        }
        // What the poster draws from other sources (terrain, rasters) is credited beside the map data.
        let attribution = request.spec.attribution
        let drawn = Set(inputs.demSources.keys).union(inputs.rasterSources.keys).union(inputs.imageSources.keys).union(inputs.otherSources.keys)
        let credits = drawn.sorted().compactMap { style.sources[$0]?.attribution }.filter { !attribution.contains($0) }
        if !credits.isEmpty {
            do {
                layout = try renderer.layout(layout, attributing: ([attribution] + credits).filter { !$0.isEmpty }.joined(separator: " · "))
            } catch {
                throw PipelineError(.render, "\(error)", cause: error)
            }
        }
        let indexTime = stopwatch.lap()

        try checkpoint("drawing")
        progress(.drawing)
        do {
            var poster = try renderer.render(request.spec, inputs: inputs, format: request.format, bands: bands, layout: layout)
            poster.warnings = warnings + poster.warnings
            poster.timings.tileRead = readTime
            poster.timings.decode += indexTime
            return poster
        } catch {
            throw PipelineError(.render, "\(error)", cause: error)
        }
    }
}
