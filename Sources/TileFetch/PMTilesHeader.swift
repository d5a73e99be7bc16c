public import Geo

/// The fixed 127-byte header at the start of every PMTiles v3 archive (spec §3), field by field.
/// Positions are kept as the stored integers (degrees × 10⁷) so nothing is lost; ``bounds`` and ``center``
/// give degrees.
public struct PMTilesHeader: Sendable, Equatable {
    /// The header's size in bytes.
    public static let length = 127
    /// The magic number, `PMTiles` in UTF-8 (spec §3.2).
    static let magic: [UInt8] = Array("PMTiles".utf8)

    /// The spec version; this reader accepts only 3.
    public var specVersion: UInt8
    /// Where the root directory starts, from the start of the archive.
    public var rootDirectoryOffset: UInt64
    /// The root directory's size in bytes, compressed.
    public var rootDirectoryLength: UInt64
    /// Where the JSON metadata starts, from the start of the archive.
    public var metadataOffset: UInt64
    /// The metadata's size in bytes, compressed.
    public var metadataLength: UInt64
    /// Where the leaf directories start; leaf entries' offsets count from here.
    public var leafDirectoriesOffset: UInt64
    /// The leaf directories' total size; 0 when there are none.
    public var leafDirectoriesLength: UInt64
    /// Where the tile data starts; tile entries' offsets count from here.
    public var tileDataOffset: UInt64
    /// The tile data's total size.
    public var tileDataLength: UInt64
    /// Tiles in the archive before run-length encoding; 0 if unknown.
    public var addressedTilesCount: UInt64
    /// Directory entries with a run length above 0; 0 if unknown.
    public var tileEntriesCount: UInt64
    /// Distinct tile blobs in the tile data; 0 if unknown.
    public var tileContentsCount: UInt64
    /// Whether tile data is ordered by tile id.
    public var clustered: Bool
    /// Compression of the root directory, the metadata and every leaf directory.
    public var internalCompression: PMTilesCompression
    /// Compression of every tile.
    public var tileCompression: PMTilesCompression
    /// The format of the tiles.
    public var tileType: TileType
    /// The lowest zoom with tiles.
    public var minZoom: Int
    /// The highest zoom with tiles.
    public var maxZoom: Int
    /// The bounds' west edge, degrees × 10⁷.
    public var minLonE7: Int32
    /// The bounds' south edge, degrees × 10⁷.
    public var minLatE7: Int32
    /// The bounds' east edge, degrees × 10⁷.
    public var maxLonE7: Int32
    /// The bounds' north edge, degrees × 10⁷.
    public var maxLatE7: Int32
    /// The zoom a viewer may start at.
    public var centerZoom: Int
    /// The start position's longitude, degrees × 10⁷.
    public var centerLonE7: Int32
    /// The start position's latitude, degrees × 10⁷.
    public var centerLatE7: Int32

    /// The bounds as degrees, or nil where the header gives none that make sense (all zero, west not west of
    /// east, beyond the world): such an archive is probed instead.
    public var coverage: GeoBounds? {
        let west = Double(minLonE7) / 1e7, south = Double(minLatE7) / 1e7, east = Double(maxLonE7) / 1e7, north = Double(maxLatE7) / 1e7
        guard west < east, south < north, west >= -180.0001, east <= 180.0001, south >= -90.0001, north <= 90.0001 else { return nil }
        return GeoBounds(west: west, south: south, east: east, north: north)
    }

    /// Parses the first 127 bytes of an archive.
    /// - Parameter archive: the archive's identifier, for errors.
    /// - Throws: ``PMTilesError`` when the bytes are not a PMTiles v3 header.
    public init(_ bytes: [UInt8], archive: String) throws(PMTilesError) {
        func fail(_ code: PMTilesError.Code, _ reason: String, _ section: String) -> PMTilesError {
            PMTilesError(code, archive: archive, location: "header", reason, spec: section)
        }
        if bytes.isEmpty {
            throw fail(.notPMTiles, "the archive is empty; a PMTiles archive starts with a 127-byte header", "3")
        }
        guard bytes.starts(with: Self.magic) else {
            // Versions 1 and 2 start with a two-byte "PM" magic and a little-endian version number.
            if bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4d, bytes[3] == 0, bytes[2] == 1 || bytes[2] == 2 {
                throw fail(.unsupportedVersion, "this is a PMTiles v\(bytes[2]) archive; convert it to v3 with `pmtiles convert`", "3.2")
            }
            throw fail(.notPMTiles, "magic number is not \"PMTiles\"", "3.2")
        }
        guard bytes.count <= 7 || bytes[7] == 3 else {
            throw fail(.unsupportedVersion, "unsupported spec version \(bytes[7]); this reader reads version 3", "3.2")
        }
        guard bytes.count >= Self.length else {
            throw fail(.truncated, "the archive ends after \(bytes.count) bytes, inside the 127-byte header", "3")
        }
        func u64(_ at: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[at + i]) << (8 * i) }
            return value
        }
        func i32(_ at: Int) -> Int32 {
            var value: UInt32 = 0
            for i in 0..<4 { value |= UInt32(bytes[at + i]) << (8 * i) }
            return Int32(bitPattern: value)
        }
        specVersion = bytes[7]
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
        internalCompression = PMTilesCompression(rawValue: bytes[97])
        tileCompression = PMTilesCompression(rawValue: bytes[98])
        tileType = TileType(rawValue: bytes[99])
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

    /// The area the tiles cover, in degrees.
    public var bounds: GeoBounds {
        GeoBounds(west: Double(minLonE7) / 1e7, south: Double(minLatE7) / 1e7,
                  east: Double(maxLonE7) / 1e7, north: Double(maxLatE7) / 1e7)
    }

    /// The position a viewer may start at, in degrees.
    public var center: LngLat {
        LngLat(lng: Double(centerLonE7) / 1e7, lat: Double(centerLatE7) / 1e7)
    }
}
