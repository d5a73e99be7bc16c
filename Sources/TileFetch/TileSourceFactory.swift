import Foundation
public import HTTPTransport

/// Opens tile sources by path or URL and keeps them open, so that an archive's header and root directory
/// are read once, not per poster: a local PMTiles file, or over the network (behind the tile cache) an XYZ
/// template (`https://host/{z}/{x}/{y}.pbf`), a TileJSON document (`….json`) or a PMTiles archive over
/// HTTP ranges.
public final class TileSourceFactory: @unchecked Sendable {
    // @unchecked: `sources` is only touched under `lock`.
    private let lock = NSLock()
    private var sources: [String: any SyncTileSource] = [:]
    private let cache: TileCache
    private let transport: CurlTransport

    /// - Parameters:
    ///   - cache: the cache in front of every remote source.
    ///   - transport: timeouts, retries and the address policy of remote requests.
    public init(cache: TileCache.Configuration, transport: TransportConfiguration) throws {
        self.cache = try TileCache(cache)
        self.transport = CurlTransport(configuration: transport)
    }

    /// Removes expired and over-budget tiles from the cache's disk; returns the bytes kept.
    public func cleanUp() -> Int { cache.cleanUp() }

    /// The source at `location`, opened on first use.
    public func source(_ location: String) throws -> any SyncTileSource {
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
