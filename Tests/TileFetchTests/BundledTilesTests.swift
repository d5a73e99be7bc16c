import Foundation
import Geo
import Testing
@testable import TileFetch

@Suite struct BundledTilesTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data")

    @Test func helsinkiArchiveDescribesItself() throws {
        let archive = try PMTilesArchive(path: Self.data.appendingPathComponent("helsinki.pmtiles").path)
        #expect(archive.header.minZoom == 0 && archive.header.maxZoom == 14)
        #expect(archive.header.tileType == .mvt && archive.header.tileCompression == .gzip)
        let b = archive.bounds
        #expect(abs(b.west - 24.935176) < 1e-6 && abs(b.south - 60.164155) < 1e-6)
        #expect(abs(b.east - 24.953415) < 1e-6 && abs(b.north - 60.179113) < 1e-6)
        let metadata = String(decoding: archive.metadata, as: UTF8.self)
        #expect(metadata.contains("vector_layers"))
    }

    @Test func everyHelsinkiTileIsAVectorTile() throws {
        let archive = try PMTilesArchive(path: Self.data.appendingPathComponent("helsinki.pmtiles").path)
        let entries = try archive.entries()
        #expect(entries.count == 19)
        for entry in entries {
            let bytes = try #require(try archive.tile(entry.tile))
            // Low zooms hold empty tiles (one shared 20-byte gzip of nothing); the rest start with a layer field.
            #expect(bytes.isEmpty ? entry.length == 20 : bytes.first == 0x1a, "tile \(entry.tile)")
        }
        #expect(try archive.tile(TileID(z: 14, x: 0, y: 0)) == nil)
    }

    @Test func cityMosaicHasManyMoreTiles() throws {
        let small = try PMTilesArchive(path: Self.data.appendingPathComponent("helsinki.pmtiles").path)
        let city = try PMTilesArchive(path: Self.data.appendingPathComponent("helsinki-x6.pmtiles").path)
        let smallZ14 = try small.entries().filter { $0.tile.z == 14 }.count
        let cityZ14 = try city.entries().filter { $0.tile.z == 14 }.count
        #expect(cityZ14 > 10 * smallZ14)
    }

    @Test func gzipRoundTripAndLimits() throws {
        // python3 -c "import gzip,sys; sys.stdout.buffer.write(gzip.compress(b'CartoPress '*20, mtime=0))"
        let payload = Array(String(repeating: "CartoPress ", count: 20).utf8)
        let compressed: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x73, 0x4e, 0x2c, 0x2a, 0xc9, 0x0f, 0x28, 0x4a, 0x2d, 0x2e, 0x56, 0x70, 0x1e, 0x6e, 0x4c, 0x00, 0x42, 0x3a, 0x98, 0xb8, 0xdc, 0x00, 0x00, 0x00]
        #expect(try Gzip.decompress(compressed) == payload)
        #expect(throws: TileFetchError(.tooLarge, "data: expands beyond the 100-byte limit")) {
            try Gzip.decompress(compressed, limit: 100)
        }
        var corrupt = compressed
        corrupt[14] ^= 0xff
        #expect(throws: TileFetchError.self) { try Gzip.decompress(corrupt) }
        #expect(throws: TileFetchError.self) { try Gzip.decompress(Array(compressed.prefix(20))) }
    }
}
