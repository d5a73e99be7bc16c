public import Geo

/// A tile source that answers on the calling thread, for the pipeline's worker threads: a local archive,
/// an archive over HTTP ranges, XYZ endpoints, or a cache in front of one of them.
public protocol SyncTileSource: Sendable {
    var minZoom: Int { get }
    var maxZoom: Int { get }
    var tileType: TileType { get }
    /// A name for errors and logs: a path, a URL or a template.
    var identifier: String { get }
    /// The tile's decompressed bytes, or nil where the source has none (a 404 or 204 from a server).
    func tileNow(_ id: TileID) throws -> [UInt8]?
    /// ``tileNow(_:)`` with how long the answer may be cached: nil for the cache's default, 0 for not at
    /// all (a server's `Cache-Control`).
    func fetchNow(_ id: TileID) throws -> (bytes: [UInt8]?, maxAge: Double?)
    /// Where the source says it has tiles (a PMTiles header's bounds, a TileJSON `bounds`); nil when it
    /// does not say (an XYZ template), so that only a probe of its tiles can tell.
    var coverage: GeoBounds? { get }
}

extension SyncTileSource {
    /// Sources that do not say where they have tiles.
    public var coverage: GeoBounds? { nil }

    /// Sources that say nothing about freshness: the cache's default.
    public func fetchNow(_ id: TileID) throws -> (bytes: [UInt8]?, maxAge: Double?) { (try tileNow(id), nil) }
}

extension PMTilesTileSource: SyncTileSource {
    public var identifier: String { archive.identifier }
    public func tileNow(_ id: TileID) throws -> [UInt8]? { try tile(id) as [UInt8]? }
    public var coverage: GeoBounds? { archive.header.coverage }
}
