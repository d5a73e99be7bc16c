import Foundation
import Geo
import Testing
@testable import TileFetch

/// The real Helsinki tiles in Data/: what the posters are made of.
@Suite struct BundledTilesTests {
    /// An archive and the file it is read from, opened as the pipeline opens local archives.
    static func open(_ name: String) throws -> (PMTilesArchive, FileRangeReader) {
        let file = try FileRangeReader(path: TestPaths.dataFile(name))
        return (try PMTilesArchive.openNow(file), file)
    }

    /// Every addressed tile of an archive, runs expanded.
    static func allTiles(_ archive: PMTilesArchive, file: FileRangeReader) throws -> [TileID] {
        try archive.entries(file: file).flatMap { entry in
            try (0..<UInt64(entry.runLength)).map { try TileIDEncoding.decode(entry.tileID + $0) }
        }
    }

    @Test func helsinkiDescribesItself() throws {
        let (archive, _) = try Self.open("helsinki.pmtiles")
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

    @Test func everyHelsinkiTileIsAVectorTile() throws {
        let (archive, file) = try Self.open("helsinki.pmtiles")
        let tiles = try Self.allTiles(archive, file: file)
        #expect(tiles.count == 19)
        var empty = 0
        for tile in tiles {
            let bytes = try #require(try archive.tileNow(tile, file: file), "\(tile)")
            // The low zooms hold empty tiles (a gzip of nothing): no features to draw there.
            if bytes.isEmpty { empty += 1 } else { #expect(bytes[0] == 0x1a, "tile \(tile) starts with a layer (field 3, bytes)") }
        }
        #expect(empty == 5)
        #expect(tiles.filter { $0.z == 14 }.count >= 4)
        #expect(try archive.tileNow(TileID(z: 14, x: 0, y: 0), file: file) == nil)
    }

    @Test func cityMosaicHasMoreTilesAndReadsFast() async throws {
        let (helsinki, helsinkiFile) = try Self.open("helsinki.pmtiles")
        let small = try Self.allTiles(helsinki, file: helsinkiFile).filter { $0.z == 14 }
        let (city, cityFile) = try Self.open("helsinki-x6.pmtiles")
        let cityTiles = try Self.allTiles(city, file: cityFile).filter { $0.z == 14 }
        #expect(cityTiles.count > small.count)

        let clock = ContinuousClock()
        var bytes = 0
        let sequential = try clock.measure {
            for tile in cityTiles { bytes += try city.tileNow(tile, file: cityFile)?.count ?? 0 }
        }
        let concurrent = try await clock.measure {
            _ = try await withThrowingTaskGroup(of: Int.self) { group in
                for tile in cityTiles { group.addTask { try city.tileNow(tile, file: cityFile)?.count ?? 0 } }
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
        // Directly and through the protocol's asynchronous requirement, which the synchronous read serves.
        let readNow: (TileID) throws -> [UInt8]? = { try source.tile($0) }
        let file = try FileRangeReader(path: TestPaths.dataFile("helsinki.pmtiles"))
        for tile in try Self.allTiles(source.archive, file: file) {
            let synchronous = try readNow(tile)
            let asynchronous = try await any.tile(tile)
            #expect(synchronous == asynchronous && synchronous != nil, "\(tile)")
        }
        let missing = #expect(throws: PMTilesError.self) { try PMTilesTileSource(path: "/nonexistent/x.pmtiles") }
        #expect(missing?.code == .io)
        #expect(missing?.description.hasPrefix("/nonexistent/x.pmtiles: cannot open the file") == true)
    }
}
