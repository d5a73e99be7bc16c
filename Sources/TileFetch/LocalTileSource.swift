/// A tile source that answers from local storage in microseconds (a PMTiles file, a directory of tiles):
/// read inline, one tile after another, without the tile loader's threads and deadline.
public protocol LocalTileSource: SyncTileSource {}

extension PMTilesTileSource: LocalTileSource {}
