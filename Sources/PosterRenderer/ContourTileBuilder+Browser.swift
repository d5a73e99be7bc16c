public import Geo
public import StyleKit
import VectorTile

/// Contour tiles for a browser's MapLibre GL JS, which asks for them tile by tile at its own zooms: built as
/// for a poster at that zoom (its thresholds, a grid step of at most 3 pixels of a 512-pixel tile), from the
/// DEM tile at or above the one asked for.
extension ContourTileBuilder {
    /// A builder for the tile `target` drawn from DEM tiles of `demZoom` with `demTileSize` pixels a side.
    public init(options: ContourSourceOptions, target: TileID, demZoom: Int, demTileSize: Int) {
        let pixelsPerCell = WebMercator.tileSize * Double(1 << max(0, target.z - demZoom)) / Double(max(demTileSize, 1))
        var steps = 1
        while pixelsPerCell / Double(steps) > 3 && steps < 8 { steps *= 2 }
        self.init(options: options, zoom: target.z, subdivisions: steps, tolerance: 0.2 / max(pixelsPerCell / Double(steps), 1e-9))
    }

    /// The contour lines of `target` as Mapbox Vector Tile bytes (extent ``extent``), made from the DEM
    /// tile `source`, `target` itself or an ancestor. Lines are in `target`'s coordinates; only those that
    /// come within a tenth of a tile of it are kept. Nil when the tile has no lines or no heights.
    ///
    /// - Parameter dem: `source` and its neighbours, so that lines meet across tile edges; square tiles of
    ///   one size.
    public func encodedTile(_ target: TileID, from source: TileID, dem: DEMTiles) -> [UInt8]? {
        guard source.z <= target.z, target.z - source.z <= 12, let image = dem.tiles[source], image.width == image.height,
              image.width >= 2, dem.tiles.values.allSatisfy({ $0.width == image.width && $0.height == image.width }) else { return nil }
        let size = image.width
        let metres = dem.heights(around: [source])
        let levels = options.levels(atZoom: zoom)
        guard let interval = levels.first else { return nil }
        let k = Int64(1) << Int64(target.z - source.z)
        let extent = Int64(Self.extent)
        let offsetX = (Int64(target.x) - Int64(source.x) * k) * extent, offsetY = (Int64(target.y) - Int64(source.y) * k) * extent
        let buffer = extent / 10
        var kept: [VectorTileWriter.Feature] = []
        for feature in features(source, size: size, metres: metres, levels: levels, interval: interval) {
            var parts: [[(x: Int64, y: Int64)]] = []
            for part in feature.parts {
                let moved = part.map { (x: $0.x * k - offsetX, y: $0.y * k - offsetY) }
                guard let minX = moved.map(\.x).min(), let maxX = moved.map(\.x).max(),
                      let minY = moved.map(\.y).min(), let maxY = moved.map(\.y).max(),
                      maxX >= -buffer, minX <= extent + buffer, maxY >= -buffer, minY <= extent + buffer else { continue }
                parts.append(moved)
            }
            if !parts.isEmpty { kept.append(VectorTileWriter.Feature(type: .lineString, parts: parts, properties: feature.properties)) }
        }
        guard !kept.isEmpty else { return nil }
        return VectorTileWriter.encode(layer: options.layerName, extent: UInt32(Self.extent), features: kept)
    }
}
