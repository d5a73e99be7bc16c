public import Geo
public import HTTPTransport

/// Tiles from a PMTiles archive served over HTTP (object storage, a CDN): the same reader as for a local
/// file over range requests, the root directory read once and leaf directories cached.
public struct RemotePMTilesSource: SyncTileSource {
    public let archive: PMTilesArchive
    private let reader: HTTPRangeReader

    /// Opens the archive at `url` (reads its header, root directory and metadata).
    public init(url: String, transport: any HTTPTransport, leafCacheCapacity: Int = 256) throws(PMTilesError) {
        reader = HTTPRangeReader(url: url, transport: transport)
        archive = try PMTilesArchive.openNow(reader, leafCacheCapacity: leafCacheCapacity)
    }

    public var minZoom: Int { archive.header.minZoom }
    public var maxZoom: Int { archive.header.maxZoom }
    public var tileType: TileType { archive.header.tileType }
    public var identifier: String { reader.identifier }
    public var coverage: GeoBounds? { archive.header.coverage }

    public func tileNow(_ id: TileID) throws -> [UInt8]? {
        try archive.tileNow(id, file: reader)
    }
}
