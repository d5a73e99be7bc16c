/// How a PMTiles archive compresses its directories and metadata, or its tiles (spec §3.3). A struct rather
/// than an enum so that an undefined value can be reported as read.
public struct PMTilesCompression: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    /// The compression with PMTiles number `rawValue`, defined or not.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Not recorded by the writer.
    public static let unknown = PMTilesCompression(rawValue: 0)
    /// Stored as is.
    public static let none = PMTilesCompression(rawValue: 1)
    /// gzip (RFC 1952).
    public static let gzip = PMTilesCompression(rawValue: 2)
    /// Brotli (RFC 7932), not supported by this reader.
    public static let brotli = PMTilesCompression(rawValue: 3)
    /// Zstandard (RFC 8878), not supported by this reader.
    public static let zstd = PMTilesCompression(rawValue: 4)

    /// Whether this reader can undo it. `unknown` counts: such data is sniffed for a gzip header.
    public var isSupported: Bool { rawValue <= 2 }

    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .none: "none"
        case .gzip: "gzip"
        case .brotli: "brotli"
        case .zstd: "zstd"
        default: "undefined compression \(rawValue)"
        }
    }
}
