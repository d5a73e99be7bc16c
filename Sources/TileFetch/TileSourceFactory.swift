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
    /// Files a style names by URL (sprites, GeoJSON), kept once fetched: a service draws the same style's
    /// sprite poster after poster.
    private var resources: [String: [UInt8]] = [:]
    private var resourceBytes = 0
    /// The largest file fetched, and the most kept in memory.
    static let maxResourceBytes = 32 << 20
    static let maxKeptResourceBytes = 128 << 20

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

    /// The file at an `http://` or `https://` URL (a style's sprite or GeoJSON) through the same transport,
    /// address policy and retries as tiles; nil when the server says it has none (404). Kept in memory once
    /// fetched.
    public func resource(_ url: String) throws(TileFetchError) -> [UInt8]? {
        if let kept = lock.withLock({ resources[url] }) { return kept }
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(url: url, timeout: 30))
        } catch {
            throw TileFetchError(.transport, "\(url): \(error)", cause: error)
        }
        if response.status == 404 || response.status == 410 { return nil }
        guard response.status == 200 else { throw TileFetchError(.status, "\(url) answered HTTP \(response.status)") }
        guard response.body.count <= Self.maxResourceBytes else {
            throw TileFetchError(.configuration, "\(url) is \(response.body.count) bytes, more than the \(Self.maxResourceBytes >> 20) MiB a style's file may be")
        }
        lock.withLock {
            if resourceBytes + response.body.count > Self.maxKeptResourceBytes {
                resources.removeAll()
                resourceBytes = 0
            }
            resources[url] = response.body
            resourceBytes += response.body.count
        }
        return response.body
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
