import Foundation
import Geo
import Testing
@testable import TileFetch

/// The real Helsinki tiles in Data/: what the posters are made of.
@Suite struct BundledTilesTests {
    static func open(_ name: String) async throws -> PMTilesArchive {
        try await PMTilesArchive.open(try FileRangeReader(path: TestPaths.dataFile(name)))
    }

    /// Every addressed tile of an archive, runs expanded.
    static func allTiles(_ archive: PMTilesArchive) async throws -> [TileID] {
        try await archive.tileEntries().flatMap { entry in
            try (0..<UInt64(entry.runLength)).map { try TileIDEncoding.decode(entry.tileID + $0) }
        }
    }

    @Test func helsinkiDescribesItself() async throws {
        let archive = try await Self.open("helsinki.pmtiles")
        let header = archive.header
        #expect(header.minZoom == 0 && header.maxZoom == 14)
        #expect(header.tileType == .mvt && header.tileCompression == .gzip && header.internalCompression == .gzip)
        let bounds = archive.bounds
        #expect(abs(bounds.west - 24.935) < 1e-3 && abs(bounds.south - 60.164) < 1e-3)
        #expect(abs(bounds.east - 24.953) < 1e-3 && abs(bounds.north - 60.179) < 1e-3)
        #expect(header.minLonE7 == 249_351_759 && header.maxLatE7 == 601_791_130)
        #expect(abs(header.center.lng - 24.944295) < 1e-6 && header.centerZoom == 7)
        #expect(archive.metadata.json.contains("vector_layers"))
        #expect(Set(["transportation", "building", "water", "place"]).isSubset(of: archive.metadata.vectorLayerIDs))
    }

    @Test func everyHelsinkiTileIsAVectorTile() async throws {
        let archive = try await Self.open("helsinki.pmtiles")
        let tiles = try await Self.allTiles(archive)
        #expect(tiles.count == 19)
        var empty = 0
        for tile in tiles {
            let bytes = try #require(try await archive.tile(tile), "\(tile)")
            // The low zooms hold empty tiles (a gzip of nothing): no features to draw there.
            if bytes.isEmpty { empty += 1 } else { #expect(bytes[0] == 0x1a, "tile \(tile) starts with a layer (field 3, bytes)") }
        }
        #expect(empty == 5)
        #expect(tiles.filter { $0.z == 14 }.count >= 4)
        #expect(try await archive.tile(TileID(z: 14, x: 0, y: 0)) == nil)
    }

    @Test func cityMosaicHasMoreTilesAndReadsFast() async throws {
        let small = try await Self.allTiles(try await Self.open("helsinki.pmtiles")).filter { $0.z == 14 }
        let city = try await Self.open("helsinki-x6.pmtiles")
        let cityTiles = try await Self.allTiles(city).filter { $0.z == 14 }
        #expect(cityTiles.count > small.count)

        let clock = ContinuousClock()
        var bytes = 0
        let sequential = try await clock.measure {
            for tile in cityTiles { bytes += try await city.tile(tile)?.count ?? 0 }
        }
        let concurrent = try await clock.measure {
            _ = try await withThrowingTaskGroup(of: Int.self) { group in
                for tile in cityTiles { group.addTask { try await city.tile(tile)?.count ?? 0 } }
                return try await group.reduce(0, +)
            }
        }
        print("helsinki-x6: \(cityTiles.count) z14 tiles (helsinki: \(small.count)), \(bytes) bytes inflated; sequential \(sequential), concurrent \(concurrent)")
        #expect(sequential < .seconds(5))
    }

    @Test func tileSourceReadsTheSameBytesBothWays() async throws {
        let source = try PMTilesTileSource(path: TestPaths.dataFile("helsinki.pmtiles"))
        #expect(source.minZoom == 0 && source.maxZoom == 14 && source.tileType == .mvt)
        let any: any TileSource = source
        // In a synchronous closure the synchronous overload is the one chosen, as in a synchronous caller.
        let readNow: (TileID) throws -> [UInt8]? = { try source.tile($0) }
        for tile in try await Self.allTiles(source.archive) {
            let synchronous = try readNow(tile)
            let asynchronous = try await any.tile(tile)
            #expect(synchronous == asynchronous && synchronous != nil, "\(tile)")
        }
        let missing = #expect(throws: PMTilesError.self) { try PMTilesTileSource(path: "/nonexistent/x.pmtiles") }
        #expect(missing?.code == .io)
        #expect(missing?.description.hasPrefix("/nonexistent/x.pmtiles: cannot open the file") == true)
    }
}
