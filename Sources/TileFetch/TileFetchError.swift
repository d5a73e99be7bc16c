/// Why a tile could not be had, naming the tile and where it was asked for. Stable codes, as the service
/// reports them.
public struct TileFetchError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        /// The server answered with a status that is neither a tile nor "no tile" (404, 204).
        case status = "tiles.status"
        /// The request did not get a response (timeout, refused connection, blocked address, ...).
        case transport = "tiles.transport"
        /// A response that is not a tile: wrong content type, corrupt or oversized compression.
        case invalid = "tiles.invalid"
        /// A TileJSON document or tile URL template that cannot be used.
        case configuration = "tiles.configuration"
        /// Some of a poster's tiles failed after their retries (the message lists them).
        case failed = "tiles.failed"
        /// The poster's tiles did not all arrive before the render's deadline.
        case deadline = "tiles.deadline"
    }

    public let code: Code
    public let message: String
    /// The lower-level error (a transport failure, a decompression error), when there is one.
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// Equal when code and message are; the message already describes the cause.
    public static func == (lhs: TileFetchError, rhs: TileFetchError) -> Bool { lhs.code == rhs.code && lhs.message == rhs.message }

    public var description: String { "\(code.rawValue): \(message)" }
}
