import Foundation
import Geo
import PosterPipeline
import StyleKit
import Testing
import TileFetch

/// A source's `bounds` limits the tiles requested, as MapLibre's TileBounds do: tiles wholly outside are
/// never asked for.
@Suite struct SourceBoundsTests {
    /// A tile source that records every tile asked of it and has none.
    final class RecordingSource: SyncTileSource, @unchecked Sendable {
        // @unchecked: `asked` is guarded by `lock`.
        private let lock = NSLock()
        private var asked: [TileID] = []
        var requested: [TileID] { lock.withLock { asked } }
        let minZoom = 0, maxZoom = 14
        let tileType = TileType.mvt
        let identifier = "recording"
        func tileNow(_ id: TileID) throws -> [UInt8]? {
            lock.withLock { asked.append(id) }
            return nil
        }
    }

    struct Resolver: MapInputResolver {
        let source: RecordingSource
        func tileSource(id: String, source _: StyleSource) throws(PipelineError) -> (any SyncTileSource)? { source }
        func resource(_ url: String) throws(PipelineError) -> [UInt8]? { nil }
    }

    func requested(bounds: String?) throws -> [TileID] {
        let boundsJSON = bounds.map { #", "bounds": \#($0)"# } ?? ""
        let style = try Style.parse(Array(#"{"version": 8, "sources": {"s": {"type": "vector", "tiles": ["http://127.0.0.1/{z}/{x}/{y}.pbf"]\#(boundsJSON)}}, "layers": [{"id": "roads", "type": "line", "source": "s", "source-layer": "road"}]}"#.utf8), fileName: "bounds.json")
        let recorder = RecordingSource()
        // Helsinki at zoom 12 on a 1024 px view: a block of tiles around it.
        let camera = Camera(center: LngLat(lng: 24.94, lat: 60.17), zoom: 12, width: 1024, height: 1024)
        var warnings: [String] = []
        _ = try MapInputLoader(resolver: Resolver(source: recorder), policy: .mapView).load(style, camera: camera, vectorSourceID: "s", warnings: &warnings)
        return recorder.requested
    }

    @Test func tilesOutsideTheSourcesBoundsAreNotRequested() throws {
        let all = try requested(bounds: nil)
        #expect(all.count > 4)
        // Bounds around one point: only the tile holding it (and neighbours it touches) are asked for.
        let tight = try requested(bounds: "[24.94, 60.17, 24.941, 60.171]")
        #expect(!tight.isEmpty && tight.count < all.count, "\(tight.count) of \(all.count)")
        let point = WebMercator.tile(containing: WebMercator.project(LngLat(lng: 24.9405, lat: 60.1705)), zoom: all[0].z)
        #expect(tight.contains(point))
        // Bounds elsewhere on the planet: nothing at all.
        #expect(try requested(bounds: "[-120, 30, -110, 40]").isEmpty)
    }
}
