import Foundation
import Geo
import PosterPipeline
import TestSupport
import Testing
import TileFetch
@testable import PosterRenderer

/// The demo poster drawn from tiles over HTTP (a loopback server the test starts) is the same poster,
/// byte for byte, as from the local archive; and a server that fails a poster's tiles fails the render
/// with the tiles named instead of drawing a blank map.
@Suite(.serialized, .tags(.slow)) struct RemoteTilesPipelineTests {
    /// The bundled archive unpacked into z/x/y.pbf, with a copy of the archive.
    static let root: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-remote-\(UUID().uuidString)")
        let archive = PipelineTests.repo.appendingPathComponent("Data/helsinki.pmtiles").path
        do {
            let source = try PMTilesTileSource(path: archive)
            // The extract is a few tiles a zoom around Helsinki: scan a block around its centre at each zoom.
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
            try FileManager.default.copyItem(atPath: archive, toPath: directory.appendingPathComponent("archive.pmtiles").path)
        } catch {
            fatalError("cannot unpack the bundled tiles: \(error)")
        }
        return directory.path
    }()

    func job(_ tiles: String) -> PosterRequest {
        var job = PipelineTests.job(.png)
        job.tilesPath = tiles
        return job
    }

    @Test func remoteTilesDrawTheSamePoster() throws {
        let server = try TestTileServer(root: Self.root)
        defer { server.stop() }
        let pipeline = try PipelineTests.pipeline()
        let local = try pipeline.run(job(PipelineTests.repo.appendingPathComponent("Data/helsinki.pmtiles").path))
        let xyz = try pipeline.run(job("\(server.base)/tiles/{z}/{x}/{y}.pbf"))
        #expect(xyz.bytes == local.bytes)
        let ranged = try pipeline.run(job("\(server.base)/archive.pmtiles"))
        #expect(ranged.bytes == local.bytes)
        let tilejson = try pipeline.run(job("\(server.base)/tiles.json"))
        #expect(tilejson.bytes == local.bytes)
    }

    @Test func failingTilesFailTheRenderNamingThem() throws {
        let server = try TestTileServer(root: Self.root)
        defer { server.stop() }
        let error = try #require(throws: PipelineError.self) { try PipelineTests.pipeline().run(job("\(server.base)/html/{z}/{x}/{y}.pbf")) }
        // HTML pages served as tiles: retrying reads the same pages, so this is no outage to wait out.
        #expect(error.code == .tileInvalid)
        #expect(error.message.contains("tiles failed, so the poster is not drawn") && error.message.contains("14/"))
    }

    @Test func aRemoteDEMDrawsTheSameTopographicPoster() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-remote-dem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: PipelineTests.repo.appendingPathComponent("Data/jacksboro-dem.pmtiles").path,
                                         toPath: directory.appendingPathComponent("archive.pmtiles").path)
        let server = try TestTileServer(root: directory.path)
        defer { server.stop() }
        let styleFile = PipelineTests.repo.appendingPathComponent("Styles/topographic.json")
        let remoteStyle = directory.appendingPathComponent("topographic-remote.json")
        try String(contentsOf: styleFile, encoding: .utf8)
            .replacingOccurrences(of: "pmtiles://Data/jacksboro-dem.pmtiles", with: "pmtiles://\(server.base)/archive.pmtiles")
            .write(to: remoteStyle, atomically: true, encoding: .utf8)
        var job = ContourTests.topographicJob()
        job.style = styleFile.path
        let pipeline = try PipelineTests.pipeline()
        let local = try pipeline.run(job)
        job.style = remoteStyle.path
        let remote = try pipeline.run(job)
        #expect(remote.warnings == local.warnings && local.warnings.count == 1)
        #expect(remote.bytes == local.bytes)
    }
}
