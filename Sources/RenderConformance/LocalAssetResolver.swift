import Foundation
import Geo
import PosterPipeline
import StyleKit
import TileFetch

/// A render test's inputs from its suite's assets (``LocalAssets``): tiles from the templates a source or
/// its TileJSON names, files from the assets directory. Nothing is fetched.
struct LocalAssetResolver: MapInputResolver {
    let assets: LocalAssets

    func tileSource(id: String, source: StyleSource) throws(PipelineError) -> (any SyncTileSource)? {
        let resolved = assets.tileTemplates(tiles: source.tiles, url: source.url)
        guard let template = resolved.templates.first else { return nil }
        return LocalTemplateSource(assets: assets, template: template, scheme: resolved.scheme ?? source.scheme,
                                   minZoom: resolved.minZoom ?? source.minZoom, maxZoom: resolved.maxZoom ?? source.maxZoom)
    }

    func resource(_ url: String) throws(PipelineError) -> [UInt8]? {
        guard let file = assets.file(for: url), let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return [UInt8](data)
    }
}

/// Tiles as files named by a URL template under the assets; an empty file is a tile served empty (204),
/// a missing one a tile that does not exist (404). Gzipped tiles are unpacked.
struct LocalTemplateSource: LocalTileSource {
    let assets: LocalAssets
    let template: String
    let scheme: String
    let minZoom: Int
    let maxZoom: Int
    var tileType: TileType { .unknown }
    var identifier: String { template }

    func tileNow(_ id: TileID) throws -> [UInt8]? {
        guard var bytes = assets.tile(template: template, z: id.z, x: id.x, y: id.y, scheme: scheme) else { return nil }
        if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes) }
        return bytes
    }
}
