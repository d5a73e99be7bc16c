import Foundation

/// The zoom level MapLibre reads a tiled raster or raster-dem source at, one rule for posters and for the
/// conformance runner.
public enum SourceZoom {
    /// For a map at `mapZoom` (MapLibre's zoom, in 512 px tiles): the map's zoom in units of the source's
    /// tile size, rounded; overzoomed from `maxZoom` above it; nil below `minZoom`, where MapLibre draws
    /// nothing of the source.
    public static func level(mapZoom: Double, tileSize: Int, minZoom: Int, maxZoom: Int) -> Int? {
        let size = Double(tileSize > 0 ? tileSize : 512)
        let ideal = Int((mapZoom + log2(512 / size)).rounded())
        guard ideal >= minZoom else { return nil }
        return min(ideal, maxZoom)
    }
}
