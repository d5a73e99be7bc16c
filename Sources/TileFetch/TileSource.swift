public import Geo

/// Where a poster's tiles come from: a PMTiles archive now, XYZ or TileJSON endpoints later. The pipeline
/// asks for the tiles a camera covers and gets their bytes, decompressed.
public protocol TileSource: Sendable {
    /// The lowest zoom with tiles.
    var minZoom: Int { get }
    /// The highest zoom with tiles; deeper views overzoom these.
    var maxZoom: Int { get }
    /// The tiles' format.
    var tileType: TileType { get }
    /// The tile's bytes with any transport or storage compression undone, or nil where the source has no tile.
    func tile(_ id: TileID) async throws -> [UInt8]?
}
