/// Errors reading tiles: what went wrong, in which archive or tile, and the spec section where it applies.
public struct TileFetchError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case io = "tiles.io"
        case badMagic = "pmtiles.magic"
        case unsupportedVersion = "pmtiles.version"
        case truncated = "pmtiles.truncated"
        case badDirectory = "pmtiles.directory"
        case unsupportedCompression = "pmtiles.compression"
        case tileID = "pmtiles.tile_id"
        case decompression = "tiles.decompression"
        case tooLarge = "tiles.too_large"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
