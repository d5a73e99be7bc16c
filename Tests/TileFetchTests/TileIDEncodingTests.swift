import Geo
import Testing
@testable import TileFetch

/// Vectors from EXPECTED.json's note (upstream js/test/v3.test.ts) and the spec's table (§4.1).
@Suite struct TileIDEncodingTests {
    static let vectors: [(TileID, UInt64)] = [
        (TileID(z: 0, x: 0, y: 0), 0), (TileID(z: 1, x: 0, y: 0), 1), (TileID(z: 1, x: 0, y: 1), 2),
        (TileID(z: 1, x: 1, y: 1), 3), (TileID(z: 1, x: 1, y: 0), 4), (TileID(z: 2, x: 0, y: 0), 5),
        (TileID(z: 12, x: 3423, y: 1763), 19_078_479),
    ]

    @Test func knownIDs() throws {
        for (tile, id) in Self.vectors {
            #expect(try TileIDEncoding.encode(tile) == id, "\(tile)")
            #expect(try TileIDEncoding.decode(id) == tile, "\(id)")
        }
    }

    @Test func roundTripsEveryTileOfALevelAndTheExtremes() throws {
        var seen = Set<UInt64>()
        for x in 0..<16 { for y in 0..<16 {
            let tile = TileID(z: 4, x: x, y: y)
            let id = try TileIDEncoding.encode(tile)
            #expect(try TileIDEncoding.decode(id) == tile)
            seen.insert(id)
        } }
        #expect(seen == Set(85..<341))  // Zoom 4 holds ids 85 ..< 85 + 256.
        let n = 1 << 26
        for tile in [TileID(z: 26, x: 0, y: 0), TileID(z: 26, x: n - 1, y: n - 1), TileID(z: 26, x: 12_345_678, y: 54_321)] {
            #expect(try TileIDEncoding.decode(try TileIDEncoding.encode(tile)) == tile)
        }
    }

    @Test func rejectsUnaddressableTiles() throws {
        for tile in [TileID(z: 27, x: 0, y: 0), TileID(z: -1, x: 0, y: 0), TileID(z: 2, x: 4, y: 0),
                     TileID(z: 2, x: 0, y: 4), TileID(z: 2, x: -1, y: 0), TileID(z: 0, x: 0, y: 1)] {
            let error = #expect(throws: PMTilesError.self) { try TileIDEncoding.encode(tile) }
            #expect(error?.code == .invalidTileID, "\(tile)")
        }
        let firstBeyond: UInt64 = ((1 << 54) - 1) / 3  // Tiles in zooms 0...26.
        #expect(try TileIDEncoding.decode(firstBeyond - 1).z == 26)
        #expect(throws: PMTilesError.self) { try TileIDEncoding.decode(firstBeyond) }
        #expect(throws: PMTilesError.self) { try TileIDEncoding.decode(.max) }
    }

    @Test func varintVectors() throws {
        var reader = VarintReader([0x00, 0x01, 0x7f, 0xe5, 0x8e, 0x26])
        #expect(try [reader.next(), reader.next(), reader.next(), reader.next()] == [0, 1, 127, 624_485])
        var big = VarintReader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f])
        #expect(try big.next() == 9_007_199_254_740_991)
        var max = VarintReader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
        #expect(try max.next() == .max)
        var tooLong = VarintReader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02])
        #expect(throws: VarintReader.Failure.overflow) { try tooLong.next() }
        var cut = VarintReader([0xe5, 0x8e])
        #expect(throws: VarintReader.Failure.endOfData) { try cut.next() }
    }

    @Test func directoryDecoding() throws {
        // Two entries, ids 5 and 42 (deltas 5, 37), runs 1 and 3, lengths 10 and 20, offsets 0 (as 0 + 1)
        // and "contiguous" (0).
        let directory = try PMTilesDirectory(decoding: [2, 5, 37, 1, 3, 10, 20, 1, 0], archive: "t", location: "root directory")
        #expect(directory.entries == [
            PMTilesEntry(tileID: 5, offset: 0, length: 10, runLength: 1),
            PMTilesEntry(tileID: 42, offset: 10, length: 20, runLength: 3),
        ])
        #expect(directory.find(4) == nil)
        #expect(directory.find(5)?.tileID == 5)
        #expect(directory.find(6) == nil)
        #expect(directory.find(44)?.tileID == 42)
        #expect(directory.find(45) == nil)

        let error = #expect(throws: PMTilesError.self) {
            try PMTilesDirectory(decoding: [1, 5, 1, 10, 0], archive: "a.pmtiles", location: "root directory")
        }
        #expect(error?.description == "a.pmtiles: root directory: the first entry's offset is encoded as 0, which only a later entry may use (PMTiles v3 spec §4.2)")
        #expect(throws: PMTilesError.self) { try PMTilesDirectory(decoding: [0xff, 0xff, 0x03, 1, 1], archive: "", location: "") }
        #expect(throws: PMTilesError.self) { try PMTilesDirectory(decoding: [2, 5, 37, 1, 3, 10], archive: "", location: "") }
    }
}
