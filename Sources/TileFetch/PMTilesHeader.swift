/// The fixed 127-byte header of a PMTiles v3 archive (spec §3).
public struct PMTilesHeader: Sendable, Equatable {
    /// Compression of directories, metadata or tiles (spec §3.3).
    public enum Compression: UInt8, Sendable {
        case unknown = 0, none = 1, gzip = 2, brotli = 3, zstd = 4
    }

    /// The format of the tiles (spec §3.2, Tile Type).
    public enum TileType: UInt8, Sendable {
        case unknown = 0, mvt = 1, png = 2, jpeg = 3, webp = 4, avif = 5, mlt = 6
    }

    public static let size = 127

    public var specVersion: Int
    public var rootDirectoryOffset: UInt64
    public var rootDirectoryLength: UInt64
    public var metadataOffset: UInt64
    public var metadataLength: UInt64
    public var leafDirectoriesOffset: UInt64
    public var leafDirectoriesLength: UInt64
    public var tileDataOffset: UInt64
    public var tileDataLength: UInt64
    public var addressedTilesCount: UInt64
    public var tileEntriesCount: UInt64
    public var tileContentsCount: UInt64
    public var clustered: Bool
    public var internalCompression: Compression
    public var tileCompression: Compression
    public var tileType: TileType
    public var minZoom: Int
    public var maxZoom: Int
    /// Degrees × 10^7.
    public var minLonE7: Int32
    public var minLatE7: Int32
    public var maxLonE7: Int32
    public var maxLatE7: Int32
    public var centerZoom: Int
    public var centerLonE7: Int32
    public var centerLatE7: Int32

    /// Parses the header; `source` names the archive in errors.
    public init(_ bytes: [UInt8], source: String) throws(TileFetchError) {
        guard bytes.count >= Self.size else {
            throw TileFetchError(.badMagic, "\(source): \(bytes.count) bytes is too short for a PMTiles header (PMTiles v3 spec §3.1)")
        }
        guard Array(bytes[0..<7]) == Array("PMTiles".utf8) else {
            throw TileFetchError(.badMagic, "\(source): header: magic number is not \"PMTiles\" (PMTiles v3 spec §3.2)")
        }
        guard bytes[7] == 3 else {
            throw TileFetchError(.unsupportedVersion, "\(source): header: unsupported spec version \(bytes[7]); this reader reads version 3 (PMTiles v3 spec §3.2)")
        }
        func u64(_ at: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
            return value
        }
        func i32(_ at: Int) -> Int32 {
            var value: UInt32 = 0
            for i in 0..<4 { value |= UInt32(bytes[at + i]) << (8 * UInt32(i)) }
            return Int32(bitPattern: value)
        }
        specVersion = 3
        rootDirectoryOffset = u64(8)
        rootDirectoryLength = u64(16)
        metadataOffset = u64(24)
        metadataLength = u64(32)
        leafDirectoriesOffset = u64(40)
        leafDirectoriesLength = u64(48)
        tileDataOffset = u64(56)
        tileDataLength = u64(64)
        addressedTilesCount = u64(72)
        tileEntriesCount = u64(80)
        tileContentsCount = u64(88)
        clustered = bytes[96] == 1
        internalCompression = Compression(rawValue: bytes[97]) ?? .unknown
        tileCompression = Compression(rawValue: bytes[98]) ?? .unknown
        tileType = TileType(rawValue: bytes[99]) ?? .unknown
        minZoom = Int(bytes[100])
        maxZoom = Int(bytes[101])
        minLonE7 = i32(102)
        minLatE7 = i32(106)
        maxLonE7 = i32(110)
        maxLatE7 = i32(114)
        centerZoom = Int(bytes[118])
        centerLonE7 = i32(119)
        centerLatE7 = i32(123)
    }
}
