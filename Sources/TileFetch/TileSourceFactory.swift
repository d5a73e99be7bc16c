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
            let lower = location.lowercased()
            if location.contains("{z}") {
                remote = try XYZTileSource(templates: [location], tileType: Self.tileType(ofTemplate: lower), transport: transport)
            } else if lower.hasSuffix(".json") || lower.contains(".json?") {
                remote = try TileJSON.source(url: location, transport: transport)
            } else if lower.hasSuffix(".pmtiles") || lower.contains(".pmtiles?") {
                remote = try RemotePMTilesSource(url: location, transport: transport)
            } else {
                remote = try sniffed(location)
            }
            opened = CachedTileSource(remote, cache: cache)
        } else {
            opened = try PMTilesTileSource(path: location)
        }
        lock.withLock { sources[location] = opened }
        return opened
    }

    /// What a template's file extension says its tiles are (`.png` for a Terrarium DEM); unknown without one.
    static func tileType(ofTemplate template: String) -> TileType {
        let path = template.split(separator: "?").first.map(String.init) ?? template
        if path.hasSuffix(".pbf") || path.hasSuffix(".mvt") { return .mvt }
        if path.hasSuffix(".png") { return .png }
        if path.hasSuffix(".jpg") || path.hasSuffix(".jpeg") { return .jpeg }
        if path.hasSuffix(".webp") { return .webp }
        return .unknown
    }

    /// A URL whose name does not say what it is (OpenFreeMap's `https://tiles.openfreemap.org/planet` is a
    /// TileJSON document): a PMTiles archive starts with the bytes "PMTiles" (spec § 3.1), anything else is
    /// read as TileJSON.
    private func sniffed(_ url: String) throws -> any SyncTileSource {
        let head = try transport.send(HTTPRequest(url: url, headers: [(name: "Range", value: "bytes=0-6")], timeout: 20))
        if (200...299).contains(head.status), head.body.starts(with: Array("PMTiles".utf8)) {
            return try RemotePMTilesSource(url: url, transport: transport)
        }
        return try TileJSON.source(url: url, transport: transport)
    }
}
