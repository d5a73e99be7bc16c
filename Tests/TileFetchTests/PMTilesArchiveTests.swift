import Foundation
import Geo
import Testing
@testable import TileFetch

/// Synthetic archives for what the fixtures do not exercise: leaf directories, runs, shared blobs, the leaf
/// cache and the errors for damaged archives.
@Suite struct PMTilesArchiveTests {
    /// Zooms 0-4 complete (ids 0 ..< 341): every third id starts a run of 3 tiles sharing one blob, and
    /// blobs repeat every 50 runs so that later entries point back into the tile data.
    static let tiles: [TestArchive.Tile] = stride(from: UInt64(0), to: 341, by: 3).map { id in
        TestArchive.Tile(id: id, bytes: Array("tile-\(id % 150)".utf8), runLength: UInt32(min(3, 341 - id)))
    }

    static func expectedBytes(_ tile: TileID) throws -> [UInt8] {
        let id = try TileIDEncoding.encode(tile)
        return Array("tile-\(id / 3 * 3 % 150)".utf8)
    }

    static var everyTile: [TileID] {
        (0...4).flatMap { z in (0..<(1 << z)).flatMap { x in (0..<(1 << z)).map { TileID(z: z, x: x, y: $0) } } }
    }

    @Test(arguments: [0, 1, 2, 3])
    func readsEveryTileThroughLeafLevels(_ levels: Int) throws {
        let archive = TestArchive(tiles: Self.tiles, fanout: 6, leafLevels: levels)
        let reader = MemoryRangeReader(archive.build().bytes)
        let pmtiles = try PMTilesArchive.openNow(reader, leafCacheCapacity: 4)
        #expect(reader.readCount == 1, "header, root and metadata come in one read")
        #expect(pmtiles.header.leafDirectoriesLength > 0 || levels == 0)
        for tile in Self.everyTile {
            #expect(try pmtiles.tileNow(tile, file: reader) == (try Self.expectedBytes(tile)), "\(tile)")
        }
        #expect(pmtiles.cachedLeafCount <= 4)
        #expect(try pmtiles.tileNow(TileID(z: 5, x: 0, y: 0), file: reader) == nil)
        let entries = try pmtiles.entries(file: reader)
        #expect(entries.map(\.tileID) == Self.tiles.map(\.id))
        #expect(entries.reduce(0) { $0 + Int($1.runLength) } == 341)
        #expect(pmtiles.metadata.name == "synthetic" && pmtiles.metadata.attribution == "© test")
        #expect(pmtiles.metadata.vectorLayerIDs == ["water", "roads"])
    }

    @Test func cachedLeavesSaveReads() throws {
        let reader = MemoryRangeReader(TestArchive(tiles: Self.tiles, fanout: 6, leafLevels: 1).build().bytes)
        let archive = try PMTilesArchive.openNow(reader)
        let tile = TileID(z: 4, x: 3, y: 5)
        _ = try archive.tileNow(tile, file: reader)
        #expect(reader.readCount == 3, "prefix, leaf, tile")
        _ = try archive.tileNow(tile, file: reader)
        #expect(reader.readCount == 4, "the leaf comes from the cache")
    }

    @Test func concurrentReadsAgree() async throws {
        let reader = MemoryRangeReader(TestArchive(tiles: Self.tiles, fanout: 5, leafLevels: 2).build().bytes)
        let archive = try PMTilesArchive.openNow(reader, leafCacheCapacity: 3)
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for tile in Self.everyTile {
                group.addTask { try archive.tileNow(tile, file: reader) == Self.expectedBytes(tile) ? 0 : 1 }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func gzipTilesAreInflated() throws {
        var archive = TestArchive(tiles: [TestArchive.Tile(id: 0, bytes: GzipTests.gzipped)], tileCompression: 2)
        archive.maxZoom = 0
        let reader = MemoryRangeReader(archive.build().bytes)
        let pmtiles = try PMTilesArchive.openNow(reader)
        #expect(try pmtiles.tileNow(TileID(z: 0, x: 0, y: 0), file: reader) == GzipTests.payload)

        archive.tiles = [TestArchive.Tile(id: 0, bytes: Array(GzipTests.gzipped.prefix(20)))]
        let damagedReader = MemoryRangeReader(archive.build().bytes)
        let damaged = try PMTilesArchive.openNow(damagedReader)
        let error = #expect(throws: PMTilesError.self) { try damaged.tileNow(TileID(z: 0, x: 0, y: 0), file: damagedReader) }
        #expect(error?.code == .decompression)
        #expect(error?.location == "tile 0/0/0")
    }

    @Test func tooDeepLeavesFail() throws {
        let reader = MemoryRangeReader(TestArchive(tiles: Self.tiles, fanout: 2, leafLevels: 4).build().bytes)
        let archive = try PMTilesArchive.openNow(reader)
        let error = #expect(throws: PMTilesError.self) { try archive.tileNow(TileID(z: 0, x: 0, y: 0), file: reader) }
        #expect(error?.code == .invalidDirectory)
        #expect(throws: PMTilesError.self) { try archive.entries(file: reader) }
    }

    @Test func invalidTileIDsThrowInsideTheZoomRange() throws {
        let reader = MemoryRangeReader(TestArchive(tiles: Self.tiles).build().bytes)
        let archive = try PMTilesArchive.openNow(reader)
        let error = #expect(throws: PMTilesError.self) { try archive.tileNow(TileID(z: 2, x: 4, y: 0), file: reader) }
        #expect(error?.code == .invalidTileID)
        #expect(error?.archive == "memory.pmtiles")
        #expect(try archive.tileNow(TileID(z: 27, x: 0, y: 0), file: reader) == nil)
    }

    // MARK: Damaged archives

    static func openError(_ bytes: [UInt8]) -> PMTilesError? {
        #expect(throws: PMTilesError.self) { try PMTilesArchive.openNow(MemoryRangeReader(bytes)) }
    }

    @Test func headerDamage() throws {
        let good = TestArchive(tiles: Self.tiles).build().bytes
        #expect(Self.openError([])?.code == .notPMTiles)
        #expect(Self.openError(Array("PMTi".utf8))?.code == .notPMTiles)
        let short = Self.openError(Array(good.prefix(100)))
        #expect(short?.code == .truncated)
        #expect(short?.description == "memory.pmtiles: header: the archive ends after 100 bytes, inside the 127-byte header (PMTiles v3 spec §3)")
        // PMTiles v2 starts with "PM" and a two-byte version.
        #expect(Self.openError([0x50, 0x4d, 0x02, 0x00] + [UInt8](repeating: 0, count: 200))?.code == .unsupportedVersion)

        var brotli = good
        brotli[97] = 3
        let compression = Self.openError(brotli)
        #expect(compression?.code == .unsupportedCompression)
        #expect(compression?.description.contains("internal compression is brotli") == true)
        var zstdTiles = good
        zstdTiles[98] = 4
        #expect(Self.openError(zstdTiles)?.code == .unsupportedCompression)
    }

    @Test func sectionsOutsideTheArchive() throws {
        let good = TestArchive(tiles: Self.tiles).build().bytes
        var moved = good
        moved.replaceSubrange(8..<16, with: withUnsafeBytes(of: UInt64(1_000_000).littleEndian, Array.init))
        let outside = Self.openError(moved)
        #expect(outside?.code == .outOfBounds)
        #expect(outside?.location == "root directory")
        #expect(outside?.specSection == "3.2")

        var huge = good
        huge.replaceSubrange(16..<24, with: withUnsafeBytes(of: UInt64.max.littleEndian, Array.init))
        #expect(Self.openError(huge)?.code == .outOfBounds)
        huge.replaceSubrange(16..<24, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init))
        #expect(Self.openError(huge)?.code == .tooLarge)

        var garbage = good
        garbage.replaceSubrange(127..<130, with: [0xff, 0xff, 0x7f])  // An entry count far beyond the bytes.
        #expect(Self.openError(garbage)?.code == .invalidDirectory)

        // A file cut inside the tile data opens, and fails on the tiles it lost.
        let built = TestArchive(tiles: Self.tiles, fanout: 6, leafLevels: 1).build()
        let cutReader = MemoryRangeReader(Array(built.bytes.prefix(built.tileDataOffset + 40)))
        let cut = try PMTilesArchive.openNow(cutReader)
        #expect(try cut.tileNow(TileID(z: 0, x: 0, y: 0), file: cutReader) == Array("tile-0".utf8))
        // Id 140 shares the blob "tile-138", stored 47th: well past the 40 bytes kept.
        let farTile = try TileIDEncoding.decode(140)
        let lost = #expect(throws: PMTilesError.self) { try cut.tileNow(farTile, file: cutReader) }
        #expect(lost?.code == .outOfBounds)
        #expect(lost?.specSection == "4.1")
        let leafCutReader = MemoryRangeReader(Array(built.bytes.prefix(built.leafOffset + 3)))
        let leafCut = try PMTilesArchive.openNow(leafCutReader)
        let partial = #expect(throws: PMTilesError.self) { try leafCut.tileNow(TileID(z: 0, x: 0, y: 0), file: leafCutReader) }
        #expect(partial?.code == .truncated)
        #expect(partial?.location.hasPrefix("leaf directory at byte") == true)
    }
}
