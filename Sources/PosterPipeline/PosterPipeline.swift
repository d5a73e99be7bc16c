public import Canvas
import Foundation
import Geo
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
    let archives: ArchiveCache
    /// Every style and palette of `Styles/`, validated at start-up.
    public let catalog: StyleCatalog
    public let tileFetch: TileFetchSettings

    public init(resources: ResourceLocator, tileFetch: TileFetchSettings = TileFetchSettings()) throws(PipelineError) {
        self.resources = resources
        self.tileFetch = tileFetch
        do {
            archives = try ArchiveCache(tileFetch)
        } catch {
            throw PipelineError(.tilesUnavailable, "\(error)")
        }
        do {
            fonts = try FontCatalog(directory: resources.fontsDirectory)
        } catch {
            throw PipelineError(.resourcesNotFound, "\(error)")
        }
        var files: [String: [UInt8]] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: resources.stylesDirectory)) ?? []
        for name in names where name.hasSuffix(".json") {
            if let data = FileManager.default.contents(atPath: "\(resources.stylesDirectory)/\(name)") { files[name] = [UInt8](data) }
        }
        do {
            catalog = try StyleCatalog(files: files)
        } catch {
            throw PipelineError(.styleInvalid, "the style package in \(resources.stylesDirectory) has errors:\n\(error)")
        }
    }

    /// Removes expired and over-budget tiles from the remote tile cache's disk; returns the bytes kept.
    @discardableResult
    public func cleanUpTileCache() -> Int { archives.cleanUp() }

    /// The style and theme for a job: a catalogue style recoloured by its palette, or a style file.
    func resolveStyle(_ job: PosterJob) throws(PipelineError) -> (Style, PosterTheme) {
        var theme = PosterTheme.minimal
        let style: Style
        if let entry = catalog.entry(job.style) {
            guard let palette = entry.palette(job.palette) else {
                throw PipelineError(.invalidRequest, "style \"\(entry.id)\" has no palette \"\(job.palette ?? "")\"; its palettes are \(entry.palettes.map(\.id).joined(separator: ", "))")
            }
            style = entry.style.applying(palette)
            if let paper = palette.colors["background"] { theme.paperColor = RGBAColor(red: paper.r, green: paper.g, blue: paper.b) }
            if let text = palette.colors["text"] { theme.textColor = RGBAColor(red: text.r, green: text.g, blue: text.b, alpha: text.a) }
        } else if job.style.hasSuffix(".json") || job.style.contains("/") {
            style = try loadStyle(job.style)
        } else {
            throw PipelineError(.invalidRequest, "unknown style \"\(job.style)\"; available: \(catalog.entries.map(\.id).joined(separator: ", "))")
        }
        if let margin = job.margin { theme.margin = margin }
        if let hex = job.textColor, hex.count == 7, hex.hasPrefix("#"), let value = UInt32(hex.dropFirst(), radix: 16) {
            theme.textColor = RGBAColor(hex: value)
        }
        return (style.applying(toggles: job.toggles), theme)
    }

    /// Reads and validates a style file; errors name the file and JSON path.
    public func loadStyle(_ path: String) throws(PipelineError) -> Style {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.styleUnreadable, "cannot read the style \(path); give a style id from \(resources.stylesDirectory) or a path to a style JSON")
        }
        do {
            return try Style.parse([UInt8](data), fileName: URL(fileURLWithPath: path).lastPathComponent)
        } catch {
            throw PipelineError(.styleInvalid, "the style has errors:\n\(error)")
        }
    }

    /// Renders a job, reporting progress (0...1) and phase names as it goes.
    ///
    /// - Parameters:
    ///   - fonts: the fonts to typeset with; a render context passes its own warm catalogue, else the
    ///     pipeline's is used.
    ///   - bands: the pixel buffer a PNG is drawn into band by band; a render context passes its warm one,
    ///     else the render makes one.
    ///   - shouldContinue: asked between stages; returning false stops the job with `.cancelled`.
    public func run(_ job: PosterJob, fonts: FontCatalog? = nil, bands: BandBuffer? = nil, progress: (PosterStage) -> Void = { _ in },
                    shouldContinue: () -> Bool = { true }) throws(PipelineError) -> RenderedPoster {
        func checkpoint(_ stage: String) throws(PipelineError) {
            guard shouldContinue() else { throw PipelineError(.cancelled, "the job was stopped before \(stage)") }
        }
        progress(.starting)
        var job = job
        let (style, theme) = try resolveStyle(job)
        let source: any SyncTileSource
        do {
            source = try archives.source(job.tilesPath)
        } catch {
            throw TileFailure.error(error, "\(error)")
        }
        guard source.tileType == .mvt else {
            throw PipelineError(.tileInvalid, "\(job.tilesPath) holds \(source.tileType) tiles; a vector style needs Mapbox Vector Tiles")
        }
        let renderer = PosterRenderer(style: style, fonts: fonts ?? self.fonts, theme: theme)
        var layout: PosterLayout
        do {
            layout = try renderer.layout(for: job.spec)
            if let bounds = job.bounds {
                let fitted = Camera.fitting(bounds, width: Int(layout.mapRect.width), height: Int(layout.mapRect.height),
                                            pixelRatio: job.spec.pixelRatio)
                job.spec.center = fitted.center
                job.spec.zoom = fitted.zoom
                // The coordinates line names the new centre.
                layout = try renderer.layout(for: job.spec)
            }
        } catch {
            throw PipelineError(.render, "\(error)")
        }
        let camera = layout.mapCamera(for: job.spec)
        // Wide lines just outside a tile's frame still reach into the poster: take a margin of tiles.
        let tileIDs = camera.coveringTiles(minZoom: source.minZoom, maxZoom: source.maxZoom, bufferPixels: 16)

        try checkpoint("reading tiles")
        progress(.fetching)
        var stopwatch = Stopwatch()
        let raw = try readTiles(tileIDs, from: source, describing: job.tilesPath)
        var warnings: [String] = []
        let dem = try loadTerrain(for: style, camera: camera, warnings: &warnings)
        // Terrain drawn on the poster is credited beside the map data.
        let credits = dem.keys.sorted().compactMap { style.sources[$0]?.attribution }.filter { !job.spec.attribution.contains($0) }
        if !credits.isEmpty {
            job.spec.attribution = ([job.spec.attribution] + credits).filter { !$0.isEmpty }.joined(separator: " · ")
            do {
                layout = try renderer.layout(for: job.spec)
            } catch {
                throw PipelineError(.render, "\(error)")
            }
        }
        let readTime = stopwatch.lap()

        try checkpoint("decoding")
        progress(.decoding)
        var tiles: [TileID: VectorTile] = [:]
        for (id, bytes) in raw {
            do {
                tiles[id] = try VectorTile(bytes: bytes)
            } catch {
                throw PipelineError(.tileInvalid, "tile \(id) of \(job.tilesPath): \(error)")
            }
        }
        let indexTime = stopwatch.lap()

        try checkpoint("drawing")
        progress(.drawing)
        do {
            var poster = try renderer.render(job.spec, tiles: tiles, format: job.format, bands: bands, layout: layout, dem: dem)
            poster.warnings = warnings + poster.warnings
            poster.timings.tileRead = readTime
            poster.timings.decode += indexTime
            return poster
        } catch {
            throw PipelineError(.render, "\(error)")
        }
    }
}
