import Geo

/// Where a poster's tiles come from.
public protocol TileSource: Sendable {
    var minZoom: Int { get }
    var maxZoom: Int { get }
    var tileType: PMTilesHeader.TileType { get }
    /// A name for messages.
    var name: String { get }
    /// The tile's uncompressed bytes, or nil where the source has no tile.
    func tile(_ id: TileID) throws(TileFetchError) -> [UInt8]?
}

/// Tiles from a PMTiles archive.
public struct PMTilesTileSource: TileSource {
    public let archive: PMTilesArchive
    public let name: String

    public init(path: String) throws(TileFetchError) {
        archive = try PMTilesArchive(path: path)
        name = path
    }

    public var minZoom: Int { archive.header.minZoom }
    public var maxZoom: Int { archive.header.maxZoom }
    public var tileType: PMTilesHeader.TileType { archive.header.tileType }

    public func tile(_ id: TileID) throws(TileFetchError) -> [UInt8]? {
        try archive.tile(id)
    }
}
