import Foundation
import Geo
import Testing
@testable import TileFetch

/// The PMTiles conformance fixtures against EXPECTED.json: rejections, every header field, the metadata and
/// every tile (entry, length, SHA-256 of the decompressed bytes), over the subset bundled in the repository.
@Suite struct PMTilesConformanceTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        /// The key in EXPECTED.json: the path in the upstream repository.
        let key: String
        let path: String
        let copy: String
        var testDescription: String { "\(copy): \(key)" }
    }

    // nonisolated(unsafe): written once, then only read.
    nonisolated(unsafe) static let expected: [String: [String: Any]] = {
        let url = TestPaths.bundledPMTiles.appendingPathComponent("EXPECTED.json")
        guard let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return json["archives"] as? [String: [String: Any]] ?? [:]
    }()

    /// The bundled copy is flat: upstream's paths lose their folders.
    static let fixtures: [Fixture] = expected.keys.sorted().compactMap { key in
        let path = TestPaths.bundledPMTiles.appendingPathComponent(URL(fileURLWithPath: key).lastPathComponent).path
        return FileManager.default.fileExists(atPath: path) ? Fixture(key: key, path: path, copy: "bundled") : nil
    }

    @Test func bundledSubsetIsComplete() {
        let bundled = Self.fixtures.filter { $0.copy == "bundled" }.map(\.key)
        #expect(Self.expected.count == 8)
        #expect(bundled.count == 7, "\(bundled)")
        #expect(!bundled.contains { $0.contains("usgs") })
    }

    @Test(arguments: fixtures)
    func archiveMatchesExpected(_ fixture: Fixture) throws {
        let expected = try #require(Self.expected[fixture.key])
        let reader = try FileRangeReader(path: fixture.path)
        #expect(reader.size == UInt64(number(expected["size"]) ?? -1))

        if let rejection = expected["expect"] as? String {
            let error = #expect(throws: PMTilesError.self) { try PMTilesArchive.openNow(reader) }
            #expect(error?.code == (rejection.contains("version") ? .unsupportedVersion : .notPMTiles), "\(String(describing: error))")
            #expect(error?.location == "header")
            return
        }

        let archive = try PMTilesArchive.openNow(reader)
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
            ("minZoom", Int64(h.minZoom)), ("maxZoom", Int64(h.maxZoom)),
            ("minLonE7", Int64(h.minLonE7)), ("minLatE7", Int64(h.minLatE7)),
            ("maxLonE7", Int64(h.maxLonE7)), ("maxLatE7", Int64(h.maxLatE7)),
            ("centerZoom", Int64(h.centerZoom)), ("centerLonE7", Int64(h.centerLonE7)), ("centerLatE7", Int64(h.centerLatE7)),
        ]
        for (name, value) in fields {
            #expect(number(expected[name]) == value, "\(fixture.key): header field \(name)")
        }

        if let metadata = expected["metadata"] as? [String: Any] {
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(archive.metadata.bytes)) as? [String: Any])
            #expect(NSDictionary(dictionary: decoded).isEqual(to: metadata), "\(fixture.key): metadata")
            #expect(archive.metadata.name == metadata["name"] as? String)
        }

        // The directory, runs expanded, lists exactly the expected tiles with their places in the tile data.
        let tiles = expected["tiles"] as? [[String: Any]] ?? []
        #expect(number(expected["numTiles"]) == Int64(tiles.count))
        let entries = try archive.entries(file: reader)
        let listed = entries.flatMap { entry in (0..<UInt64(entry.runLength)).map { (entry.tileID + $0, entry) } }
        #expect(listed.count == tiles.count, "\(fixture.key): tile count")
        #expect(entries.count == Int(h.tileEntriesCount) || h.tileEntriesCount == 0)

        for (index, tile) in tiles.enumerated() {
            let zxy = (tile["zxy"] as? [Any] ?? []).compactMap { number($0) }.map(Int.init)
            let id = TileID(z: zxy[0], x: zxy[1], y: zxy[2])
            let tileID = try TileIDEncoding.encode(id)
            #expect(Int64(tileID) == number(tile["tileId"]), "\(id)")
            #expect(try TileIDEncoding.decode(tileID) == id)
            if index < listed.count {
                let (listedID, entry) = listed[index]
                #expect(listedID == tileID, "\(id): entry order")
                #expect(Int64(entry.offset) == number(tile["offset"]), "\(id): offset")
                #expect(Int64(entry.length) == number(tile["length"]), "\(id): length")
            }
            let bytes = try #require(try archive.tileNow(id, file: reader), "\(fixture.key): tile \(id) is missing")
            #expect(String(SHA256.hex(bytes).prefix(16)) == tile["sha256_decoded"] as? String, "\(fixture.key): tile \(id) digest")
            #expect(hex(bytes.prefix(4)) == tile["head"] as? String, "\(fixture.key): tile \(id) head")
        }

        // A tile the archive lacks reads as nil, in range or out of it.
        let present = Set(listed.map(\.0))
        let maxZoomIDs = (0..<(1 << min(h.maxZoom, 10))).lazy.map { TileID(z: h.maxZoom, x: $0, y: 0) }
        if let absent = maxZoomIDs.first(where: { (try? TileIDEncoding.encode($0)).map { !present.contains($0) } ?? false }) {
            #expect(try archive.tileNow(absent, file: reader) == nil)
        }
        #expect(try archive.tileNow(TileID(z: h.maxZoom + 1, x: 0, y: 0), file: reader) == nil)
    }

    @Test func badMagicNamesTheFileAndTheSpec() throws {
        let path = TestPaths.bundledPMTiles.appendingPathComponent("invalid.pmtiles").path
        let error = #expect(throws: PMTilesError.self) { try PMTilesArchive.openNow(try FileRangeReader(path: path)) }
        #expect(error?.description == "\(path): header: magic number is not \"PMTiles\" (PMTiles v3 spec §3.2)")
        let v4 = TestPaths.bundledPMTiles.appendingPathComponent("invalid_v4.pmtiles").path
        let versionError = #expect(throws: PMTilesError.self) { try PMTilesArchive.openNow(try FileRangeReader(path: v4)) }
        #expect(versionError?.description == "\(v4): header: unsupported spec version 4; this reader reads version 3 (PMTiles v3 spec §3.2)")
    }

    @Test func upstreamAssertionsForFixtureOne() throws {
        let path = TestPaths.bundledPMTiles.appendingPathComponent("test_fixture_1.pmtiles").path
        let reader = try FileRangeReader(path: path)
        let archive = try PMTilesArchive.openNow(reader)
        #expect(try archive.entries(file: reader) == [PMTilesEntry(tileID: 0, offset: 0, length: 69, runLength: 1)])
        #expect(archive.header.bounds.east > 0.999 && archive.header.bounds.north == 1)
        #expect(archive.metadata.name == "test_fixture_1.pmtiles")
        #expect(archive.metadata.vectorLayerIDs == ["test_fixture_1pmtiles"])
    }
}

/// A JSON number as an integer.
private func number(_ value: Any?) -> Int64? {
    (value as? NSNumber)?.int64Value
}
