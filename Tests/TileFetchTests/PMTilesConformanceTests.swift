import Foundation
import Geo
import Testing
@testable import TileFetch

/// The PMTiles fixtures: headers, every tile's bytes, rejections and the id encoding vectors.
@Suite struct PMTilesConformanceTests {
    static let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let bundled = testsRoot.appendingPathComponent("Fixtures/pmtiles")
    /// The team's full copy beside the checkout, when present.
    static let shared = testsRoot.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/pmtiles")

    struct Case: Sendable, CustomTestStringConvertible {
        let path: String
        let key: String
        var testDescription: String { key }
    }

    static func expected() -> [String: [String: Any]] {
        let data = (try? Data(contentsOf: bundled.appendingPathComponent("EXPECTED.json"))) ?? Data()
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return json?["archives"] as? [String: [String: Any]] ?? [:]
    }

    /// Every archive in EXPECTED.json that exists in the bundled subset or the shared copy.
    static let cases: [Case] = expected().keys.sorted().compactMap { key in
        let file = URL(fileURLWithPath: key).lastPathComponent
        for candidate in [bundled.appendingPathComponent(file).path, shared.appendingPathComponent(key).path]
        where FileManager.default.fileExists(atPath: candidate) {
            return Case(path: candidate, key: key)
        }
        return nil
    }

    @Test func fixturesArePresent() {
        #expect(Self.cases.count >= 6)
    }

    @Test(arguments: cases)
    func archiveMatchesExpected(_ fixture: Case) throws {
        let expected = try #require(Self.expected()[fixture.key])
        if let rejection = expected["expect"] as? String {
            let error = #expect(throws: TileFetchError.self) { try PMTilesArchive(path: fixture.path) }
            if rejection.contains("version") {
                #expect(error?.code == .unsupportedVersion)
            } else {
                #expect(error?.code == .badMagic)
            }
            return
        }
        let archive = try PMTilesArchive(path: fixture.path)
        let h = archive.header
        let fields: [(String, Int64)] = [
            ("version", Int64(h.specVersion)), ("rootDirectoryOffset", Int64(h.rootDirectoryOffset)),
            ("rootDirectoryLength", Int64(h.rootDirectoryLength)), ("jsonMetadataOffset", Int64(h.metadataOffset)),
            ("jsonMetadataLength", Int64(h.metadataLength)), ("leafDirectoryOffset", Int64(h.leafDirectoriesOffset)),
            ("leafDirectoryLength", Int64(h.leafDirectoriesLength)), ("tileDataOffset", Int64(h.tileDataOffset)),
            ("tileDataLength", Int64(h.tileDataLength)), ("numAddressedTiles", Int64(h.addressedTilesCount)),
            ("numTileEntries", Int64(h.tileEntriesCount)), ("numTileContents", Int64(h.tileContentsCount)),
            ("clustered", h.clustered ? 1 : 0), ("internalCompression", Int64(h.internalCompression.rawValue)),
            ("tileCompression", Int64(h.tileCompression.rawValue)), ("tileType", Int64(h.tileType.rawValue)),
            ("minZoom", Int64(h.minZoom)), ("maxZoom", Int64(h.maxZoom)), ("minLonE7", Int64(h.minLonE7)),
            ("minLatE7", Int64(h.minLatE7)), ("maxLonE7", Int64(h.maxLonE7)), ("maxLatE7", Int64(h.maxLatE7)),
            ("centerZoom", Int64(h.centerZoom)), ("centerLonE7", Int64(h.centerLonE7)), ("centerLatE7", Int64(h.centerLatE7)),
        ]
        for (name, value) in fields {
            #expect((expected[name] as? NSNumber)?.int64Value == value, "\(name)")
        }
        let tiles = expected["tiles"] as? [[String: Any]] ?? []
        #expect(try archive.entries().count == tiles.count)
        for tile in tiles {
            let zxy = tile["zxy"] as? [Int] ?? []
            let id = TileID(z: zxy[0], x: zxy[1], y: zxy[2])
            #expect(try TileIDEncoding.tileID(id) == (tile["tileId"] as? NSNumber)?.uint64Value)
            let bytes = try #require(try archive.tile(id), "tile \(id)")
            #expect(String(SHA256.hex(bytes).prefix(16)) == tile["sha256_decoded"] as? String, "tile \(id)")
            let head = bytes.prefix(4).map { String(format: "%02x", $0) }.joined()
            #expect(head == tile["head"] as? String, "tile \(id)")
        }
        #expect(try archive.tile(TileID(z: h.maxZoom, x: 0, y: 0)) == nil || tiles.contains { ($0["zxy"] as? [Int]) == [h.maxZoom, 0, 0] })
    }

    @Test func tileIDVectors() throws {
        let vectors: [(TileID, UInt64)] = [
            (TileID(z: 0, x: 0, y: 0), 0), (TileID(z: 1, x: 0, y: 0), 1), (TileID(z: 1, x: 0, y: 1), 2),
            (TileID(z: 1, x: 1, y: 1), 3), (TileID(z: 1, x: 1, y: 0), 4), (TileID(z: 2, x: 0, y: 0), 5),
        ]
        for (tile, id) in vectors {
            #expect(try TileIDEncoding.tileID(tile) == id)
            #expect(try TileIDEncoding.tile(forID: id) == tile)
        }
        // Round trip over a whole zoom level.
        for x in 0..<8 { for y in 0..<8 {
            let tile = TileID(z: 3, x: x, y: y)
            #expect(try TileIDEncoding.tile(forID: try TileIDEncoding.tileID(tile)) == tile)
        } }
        #expect(throws: TileFetchError.self) { try TileIDEncoding.tileID(TileID(z: 27, x: 0, y: 0)) }
        #expect(throws: TileFetchError.self) { try TileIDEncoding.tileID(TileID(z: 2, x: 4, y: 0)) }
        #expect(throws: TileFetchError.self) { try TileIDEncoding.tileID(TileID(z: 2, x: 0, y: -1)) }
    }

    @Test func directoryVarints() throws {
        // One entry: tile id 624485, run 1, length 127, offset encoded as 0+1.
        let directory = try PMTilesDirectory([0x01, 0xe5, 0x8e, 0x26, 0x01, 0x7f, 0x01], context: "test")
        #expect(directory.entries == [.init(tileID: 624_485, offset: 0, length: 127, runLength: 1)])
        let big = try PMTilesDirectory([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x01, 0x01], context: "test")
        #expect(big.entries[0].tileID == 9_007_199_254_740_991)
    }

    @Test func badMagicMessageNamesTheFileAndSection() throws {
        let path = Self.bundled.appendingPathComponent("invalid.pmtiles").path
        #expect(throws: TileFetchError(.badMagic, "\(path): header: magic number is not \"PMTiles\" (PMTiles v3 spec §3.2)")) {
            try PMTilesArchive(path: path)
        }
    }
}
