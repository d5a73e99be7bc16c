public import Geo

/// Tiles from a local PMTiles archive.
public struct PMTilesTileSource: TileSource {
    /// The archive, for its header and metadata.
    public let archive: PMTilesArchive
    private let file: FileRangeReader

    /// Opens the archive at `path`. Opening reads the header, root directory and metadata; a local read
    /// blocks only briefly, so this stays synchronous.
    /// - Throws: ``PMTilesError`` when the file cannot be read or is not a PMTiles v3 archive this reader
    ///   supports.
    public init(path: String, leafCacheCapacity: Int = 64) throws(PMTilesError) {
        file = try FileRangeReader(path: path)
        archive = try PMTilesArchive.openNow(file, leafCacheCapacity: leafCacheCapacity)
    }

    public var minZoom: Int { archive.header.minZoom }
    public var maxZoom: Int { archive.header.maxZoom }
    public var tileType: TileType { archive.header.tileType }

    /// The tile's decompressed bytes, or nil if the archive has none. Synchronous, as a local read is; it
    /// also serves ``TileSource``'s asynchronous requirement.
    public func tile(_ id: TileID) throws(PMTilesError) -> [UInt8]? {
        try archive.tileNow(id, file: file)
    }
}
