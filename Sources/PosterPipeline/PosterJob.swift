import Canvas
import Foundation
import Geo
import PosterRenderer
import StyleKit
import TileFetch
import VectorTile

/// One poster request, resolved: the style, the tiles, the poster spec and the format.
public struct PosterJob: Sendable {
    public var spec: PosterSpec
    public var stylePath: String
    public var tilesPath: String
    public var format: PosterFormat

    public init(spec: PosterSpec, stylePath: String, tilesPath: String, format: PosterFormat) {
        self.spec = spec
        self.stylePath = stylePath
        self.tilesPath = tilesPath
        self.format = format
    }
}

/// Runs poster jobs end to end: load the style, read and decode the tiles the map needs, render.
/// Styles, fonts and archives are loaded once and reused across jobs.
public final class PosterPipeline: Sendable {
    public let resources: ResourceLocator
    public let fonts: FontCatalog

    public init(resources: ResourceLocator) throws(PipelineError) {
        self.resources = resources
        do {
            fonts = try FontCatalog(directory: resources.fontsDirectory)
        } catch {
            throw PipelineError(.resourcesNotFound, "\(error)")
        }
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
    public func run(_ job: PosterJob, progress: (Double, String) -> Void = { _, _ in }) throws(PipelineError) -> RenderedPoster {
        progress(0, "loading style")
        let style = try loadStyle(job.stylePath)
        let source: PMTilesTileSource
        do {
            source = try PMTilesTileSource(path: job.tilesPath)
        } catch {
            throw PipelineError(.tilesUnavailable, "\(error)")
        }
        guard source.tileType == .mvt else {
            throw PipelineError(.tilesUnavailable, "\(job.tilesPath) holds \(source.tileType) tiles; a vector style needs Mapbox Vector Tiles")
        }
        let renderer = PosterRenderer(style: style, fonts: fonts)
        let layout: PosterLayout
        do {
            layout = try renderer.layout(for: job.spec)
        } catch {
            throw PipelineError(.render, "\(error)")
        }
        let camera = layout.mapCamera(for: job.spec)
        // Wide lines just outside a tile's frame still reach into the poster: take a margin of tiles.
        let tileIDs = camera.coveringTiles(minZoom: source.minZoom, maxZoom: source.maxZoom, bufferPixels: 16)

        progress(0.1, "reading \(tileIDs.count) tiles")
        var stopwatch = Stopwatch()
        var raw: [(TileID, [UInt8])] = []
        for id in tileIDs {
            do {
                if let bytes = try source.tile(id) { raw.append((id, bytes)) }
            } catch {
                throw PipelineError(.tilesUnavailable, "reading tile \(id): \(error)")
            }
        }
        let readTime = stopwatch.lap()

        progress(0.3, "decoding")
        var tiles: [TileID: VectorTile] = [:]
        for (id, bytes) in raw {
            do {
                tiles[id] = try VectorTile(bytes: bytes)
            } catch {
                throw PipelineError(.tileInvalid, "tile \(id) of \(job.tilesPath): \(error)")
            }
        }
        let indexTime = stopwatch.lap()

        progress(0.4, "drawing")
        do {
            var poster = try renderer.render(job.spec, tiles: tiles, format: job.format)
            poster.timings.tileRead = readTime
            poster.timings.decode += indexTime
            progress(1, "done")
            return poster
        } catch {
            throw PipelineError(.render, "\(error)")
        }
    }
}
