import Foundation
import Geo
import TileFetch

/// The bundled archive unpacked into z/x/y.pbf, for `scripts/tile_test_server.py`: its `/world` tiles stand
/// in for planet-wide tiles (every place gets one of these), its `/planet` is their TileJSON.
enum RemoteTilesFixture {
    static let root: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-world-\(UUID().uuidString)")
        let archive = ServiceHarness.repository.appendingPathComponent("Data/helsinki.pmtiles").path
        do {
            let source = try PMTilesTileSource(path: archive)
            let centre = WebMercator.project(LngLat(lng: 24.944, lat: 60.1716))
            for z in source.minZoom...source.maxZoom {
                let middle = WebMercator.tile(containing: centre, zoom: z)
                for x in max(0, middle.x - 4)...min((1 << z) - 1, middle.x + 4) {
                    for y in max(0, middle.y - 4)...min((1 << z) - 1, middle.y + 4) {
                        guard let bytes = try source.tileNow(TileID(z: z, x: x, y: y)) else { continue }
                        let folder = directory.appendingPathComponent("\(z)/\(x)")
                        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                        try Data(bytes).write(to: folder.appendingPathComponent("\(y).pbf"))
                    }
                }
            }
        } catch {
            fatalError("cannot unpack the bundled tiles: \(error)")
        }
        return directory.path
    }()
}
