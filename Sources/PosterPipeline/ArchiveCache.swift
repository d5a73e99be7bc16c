import Canvas
import Foundation
import Geo
import PosterRenderer
import StyleKit
import HTTPTransport
import TileFetch
import VectorTile

/// Open tile sources by path or URL, so that an archive's header and root directory are read once, not per
/// poster: a local PMTiles file, or over the network (behind the pipeline's tile cache) an XYZ template
/// (`https://host/{z}/{x}/{y}.pbf`), a TileJSON document (`….json`) or a PMTiles archive over ranges.
final class ArchiveCache: @unchecked Sendable {
    // @unchecked: `sources` is only touched under `lock`.
    private let lock = NSLock()
    private var sources: [String: any SyncTileSource] = [:]
    private let cache: TileCache
    private let transport: CurlTransport

    init(_ settings: TileFetchSettings) throws {
        cache = try TileCache(settings.cache)
        transport = CurlTransport(configuration: settings.transport)
    }

    func cleanUp() -> Int { cache.cleanUp() }

    func source(_ location: String) throws -> any SyncTileSource {
        if let cached = lock.withLock({ sources[location] }) { return cached }
        let opened: any SyncTileSource
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            let remote: any SyncTileSource
            if location.contains("{z}") {
                remote = try XYZTileSource(templates: [location], transport: transport)
            } else if location.lowercased().hasSuffix(".json") || location.contains(".json?") {
                remote = try TileJSON.source(url: location, transport: transport)
            } else {
                remote = try RemotePMTilesSource(url: location, transport: transport)
            }
            opened = CachedTileSource(remote, cache: cache)
        } else {
            opened = try PMTilesTileSource(path: location)
        }
        lock.withLock { sources[location] = opened }
        return opened
    }
}
