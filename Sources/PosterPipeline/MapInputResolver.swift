public import StyleKit
public import TileFetch

/// Where a style's inputs come from: the tile source behind each of its tiled sources, and the bytes of
/// the other files it names (sprites, images, GeoJSON). A poster reads the service's tiles and the bundled
/// files; the conformance runner reads a test suite's assets. ``MapInputLoader`` does the rest alike.
public protocol MapInputResolver: Sendable {
    /// The tiles of the style's source `id` (vector, raster or raster-dem), or nil when it has none to read.
    func tileSource(id: String, source: StyleSource) throws(PipelineError) -> (any SyncTileSource)?
    /// The bytes `url` names, or nil when there is no such file.
    func resource(_ url: String) throws(PipelineError) -> [UInt8]?
}
