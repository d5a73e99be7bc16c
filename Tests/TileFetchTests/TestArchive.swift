import Foundation
@testable import TileFetch

/// Writes small PMTiles v3 archives in memory, with leaf directories, runs and shared blobs that the real
/// fixtures lack. Directories and metadata are stored uncompressed (internal compression "none").
struct TestArchive {
    struct Tile {
        var id: UInt64
        var bytes: [UInt8]
        var runLength: UInt32 = 1
    }

    var tiles: [Tile]
    /// Entries per leaf directory; with `leafLevels` above 0 the root points at leaves.
    var fanout = 8
    var leafLevels = 0
    var tileCompression: UInt8 = 1
    var internalCompression: UInt8 = 1
    var tileType: UInt8 = 1
    var minZoom: UInt8 = 0
    var maxZoom: UInt8 = 4
    var metadata = #"{"name":"synthetic","attribution":"© test","vector_layers":[{"id":"water"},{"id":"roads"}]}"#

    /// The archive's bytes and where its sections start.
    func build() -> (bytes: [UInt8], leafOffset: Int, tileDataOffset: Int) {
        // Tile data, storing identical blobs once so that later entries point back (a non-contiguous offset).
        var data: [UInt8] = []
        var blobs: [[UInt8]: Int] = [:]
        var entries: [PMTilesEntry] = []
        for tile in tiles {
            let offset = blobs[tile.bytes] ?? data.count
            if blobs[tile.bytes] == nil {
                blobs[tile.bytes] = offset
                data += tile.bytes
            }
            entries.append(PMTilesEntry(tileID: tile.id, offset: UInt64(offset), length: UInt32(tile.bytes.count), runLength: tile.runLength))
        }
        var leaves: [UInt8] = []
        for _ in 0..<leafLevels {
            var parents: [PMTilesEntry] = []
            for start in stride(from: 0, to: entries.count, by: fanout) {
                let chunk = Array(entries[start..<min(start + fanout, entries.count)])
                let encoded = Self.encode(chunk)
                parents.append(PMTilesEntry(tileID: chunk[0].tileID, offset: UInt64(leaves.count), length: UInt32(encoded.count), runLength: 0))
                leaves += encoded
            }
            entries = parents
        }
        let root = Self.encode(entries)
        let meta = Array(metadata.utf8)
        let rootOffset = 127, metadataOffset = rootOffset + root.count
        let leafOffset = metadataOffset + meta.count, dataOffset = leafOffset + leaves.count
        var header: [UInt8] = Array("PMTiles".utf8) + [3]
        for field in [rootOffset, root.count, metadataOffset, meta.count, leafOffset, leaves.count, dataOffset, data.count,
                      tiles.reduce(0) { $0 + Int($1.runLength) }, tiles.count, blobs.count] {
            header += withUnsafeBytes(of: UInt64(field).littleEndian, Array.init)
        }
        header += [1, internalCompression, tileCompression, tileType, minZoom, maxZoom]
        for e7: Int32 in [-1_800_000_000, -850_000_000, 1_800_000_000, 850_000_000] {
            header += withUnsafeBytes(of: e7.littleEndian, Array.init)
        }
        header += [2] + withUnsafeBytes(of: Int32(0).littleEndian, Array.init) + withUnsafeBytes(of: Int32(0).littleEndian, Array.init)
        precondition(header.count == 127)
        return (header + root + meta + leaves + data, leafOffset, dataOffset)
    }

    /// A directory as spec §4.2 and Appendix A.1 write it.
    static func encode(_ entries: [PMTilesEntry]) -> [UInt8] {
        var out = varint(UInt64(entries.count))
        var last: UInt64 = 0
        for entry in entries {
            out += varint(entry.tileID - last)
            last = entry.tileID
        }
        for entry in entries { out += varint(UInt64(entry.runLength)) }
        for entry in entries { out += varint(UInt64(entry.length)) }
        var next: UInt64 = 0
        for (index, entry) in entries.enumerated() {
            out += varint(index > 0 && entry.offset == next ? 0 : entry.offset + 1)
            next = entry.offset + UInt64(entry.length)
        }
        return out
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return out + [UInt8(value)]
    }
}

/// An archive held in memory that counts its reads, to check the transport abstraction and the cache.
final class MemoryRangeReader: SyncRangeReader, @unchecked Sendable {
    // @unchecked: `reads` is only touched under `lock`.
    let identifier: String
    let bytes: [UInt8]
    private let lock = NSLock()
    private var reads = 0

    init(_ bytes: [UInt8], identifier: String = "memory.pmtiles") {
        self.bytes = bytes
        self.identifier = identifier
    }

    var readCount: Int { lock.withLock { reads } }

    func read(offset: UInt64, length: Int) async throws(PMTilesError) -> [UInt8] {
        try readNow(offset: offset, length: length)
    }

    func readNow(offset: UInt64, length: Int) throws(PMTilesError) -> [UInt8] {
        lock.withLock { reads += 1 }
        guard offset < UInt64(bytes.count) else { return [] }
        let start = Int(offset)
        return Array(bytes[start..<min(start + length, bytes.count)])
    }
}
