/// The format of a source's tiles, numbered as in the PMTiles v3 header (spec §3.2, Tile Type). A struct
/// rather than an enum so that a value this code does not know yet survives a round trip.
public struct TileType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    /// The type with PMTiles number `rawValue`, known or not.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Unknown or other formats.
    public static let unknown = TileType(rawValue: 0)
    /// Mapbox Vector Tile (protobuf).
    public static let mvt = TileType(rawValue: 1)
    /// PNG images.
    public static let png = TileType(rawValue: 2)
    /// JPEG images.
    public static let jpeg = TileType(rawValue: 3)
    /// WebP images.
    public static let webp = TileType(rawValue: 4)
    /// AVIF images.
    public static let avif = TileType(rawValue: 5)
    /// MapLibre Tile, the columnar successor of MVT.
    public static let mlt = TileType(rawValue: 6)

    /// Whether tiles hold vector features rather than pixels.
    public var isVector: Bool { self == .mvt || self == .mlt }

    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .mvt: "MVT"
        case .png: "PNG"
        case .jpeg: "JPEG"
        case .webp: "WebP"
        case .avif: "AVIF"
        case .mlt: "MLT"
        default: "tile type \(rawValue)"
        }
    }
}
