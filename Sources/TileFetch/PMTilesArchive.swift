import Foundation
import Geo

/// A PMTiles v3 archive read through any ``RangeReader``: the format is kept apart from the transport,
/// as in the reference reader.
public final class PMTilesArchive: Sendable {
    public let header: PMTilesHeader
    /// The JSON metadata, decompressed.
    public let metadata: [UInt8]
    private let reader: any RangeReader
    private let root: PMTilesDirectory
    private let leaves: LeafCache

    /// The deepest leaf chain the spec's reference readers follow; deeper is a corrupt archive.
    static let maxDirectoryDepth = 4

    public init(reader: any RangeReader) throws(TileFetchError) {
        let name = reader.identifier
        guard reader.size >= UInt64(PMTilesHeader.size) else {
            throw TileFetchError(.badMagic, "\(name): \(reader.size) bytes is too short for a PMTiles archive (PMTiles v3 spec §3.1)")
        }
        let header = try PMTilesHeader(try reader.read(offset: 0, length: PMTilesHeader.size), source: name)
        switch header.internalCompression {
        case .none, .gzip: break
        default:
            throw TileFetchError(.unsupportedCompression, "\(name): internal compression \(header.internalCompression) is not supported; re-encode the archive with gzip (PMTiles v3 spec §3.3)")
        }
        self.header = header
        self.reader = reader
        root = try PMTilesDirectory(try Self.section(reader, header, header.rootDirectoryOffset, header.rootDirectoryLength, "root directory"), context: "\(name): root directory")
        metadata = try Self.section(reader, header, header.metadataOffset, header.metadataLength, "metadata")
        leaves = LeafCache(capacity: 64)
    }

    /// Opens a local archive.
    public convenience init(path: String) throws(TileFetchError) {
        try self.init(reader: try FileRangeReader(path: path))
    }

    private static func section(_ reader: any RangeReader, _ header: PMTilesHeader, _ offset: UInt64, _ length: UInt64,
                                _ what: String) throws(TileFetchError) -> [UInt8] {
        guard length <= 64 << 20 else {
            throw TileFetchError(.badDirectory, "\(reader.identifier): \(what) of \(length) bytes is implausibly large (PMTiles v3 spec §3)")
        }
        let bytes = try reader.read(offset: offset, length: Int(length))
        return header.internalCompression == .gzip
            ? try Gzip.decompress(bytes, limit: 256 << 20, context: "\(reader.identifier): \(what)")
            : bytes
    }

    /// The tile's bytes with the archive's tile compression undone, or nil if the archive lacks it.
    public func tile(_ tile: TileID) throws(TileFetchError) -> [UInt8]? {
        guard tile.z >= header.minZoom, tile.z <= header.maxZoom else { return nil }
        let id = try TileIDEncoding.tileID(tile)
        var directory = root
        for _ in 0..<Self.maxDirectoryDepth {
            guard let entry = directory.find(id) else { return nil }
            if entry.runLength > 0 {
                let bytes = try reader.read(offset: header.tileDataOffset + entry.offset, length: Int(entry.length))
                switch header.tileCompression {
                case .gzip:
                    return try Gzip.decompress(bytes, limit: 64 << 20, context: "\(reader.identifier): tile \(tile)")
                case .none, .unknown:
                    return bytes
                default:
                    throw TileFetchError(.unsupportedCompression, "\(reader.identifier): tile compression \(header.tileCompression) is not supported (PMTiles v3 spec §3.3)")
                }
            }
            directory = try leaf(at: header.leafDirectoriesOffset + entry.offset, length: UInt64(entry.length))
        }
        throw TileFetchError(.badDirectory, "\(reader.identifier): leaf directories nest deeper than \(Self.maxDirectoryDepth) levels for tile \(tile) (PMTiles v3 spec §4)")
    }

    private func leaf(at offset: UInt64, length: UInt64) throws(TileFetchError) -> PMTilesDirectory {
        if let cached = leaves.get(offset) { return cached }
        let directory = try PMTilesDirectory(try Self.section(reader, header, offset, length, "leaf directory at \(offset)"),
                                             context: "\(reader.identifier): leaf directory at \(offset)")
        leaves.put(offset, directory)
        return directory
    }

    /// Every tile entry, leaves expanded, for tests and tools: (tile, byte offset in the tile data, length).
    public func entries() throws(TileFetchError) -> [(tile: TileID, offset: UInt64, length: Int)] {
        var result: [(TileID, UInt64, Int)] = []
        func walk(_ directory: PMTilesDirectory, depth: Int) throws(TileFetchError) {
            guard depth < Self.maxDirectoryDepth else {
                throw TileFetchError(.badDirectory, "\(reader.identifier): leaf directories nest too deep (PMTiles v3 spec §4)")
            }
            for entry in directory.entries {
                if entry.runLength == 0 {
                    try walk(try leaf(at: header.leafDirectoriesOffset + entry.offset, length: UInt64(entry.length)), depth: depth + 1)
                } else {
                    for i in 0..<UInt64(entry.runLength) {
                        result.append((try TileIDEncoding.tile(forID: entry.tileID + i), entry.offset, Int(entry.length)))
                    }
                }
            }
        }
        try walk(root, depth: 0)
        return result
    }

    /// Bounds from the header, in degrees.
    public var bounds: GeoBounds {
        GeoBounds(west: Double(header.minLonE7) / 1e7, south: Double(header.minLatE7) / 1e7,
                  east: Double(header.maxLonE7) / 1e7, north: Double(header.maxLatE7) / 1e7)
    }
}

/// A small bounded cache of leaf directories, by offset; thread-safe.
final class LeafCache: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var items: [UInt64: PMTilesDirectory] = [:]
    private var order: [UInt64] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func get(_ key: UInt64) -> PMTilesDirectory? {
        lock.withLock { items[key] }
    }

    func put(_ key: UInt64, _ value: PMTilesDirectory) {
        lock.withLock {
            if items.updateValue(value, forKey: key) == nil {
                order.append(key)
                if order.count > capacity { items[order.removeFirst()] = nil }
            }
        }
    }
}
