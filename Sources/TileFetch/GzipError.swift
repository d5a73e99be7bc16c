/// Why a gzip or zlib payload could not be inflated.
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifiers for callers and logs; the raw values never change.
    public enum Code: String, Sendable {
        /// The bytes are not a valid gzip or zlib stream (bad header, bad block, bad checksum).
        case corrupt = "gzip.corrupt"
        /// The stream stops before its end marker.
        case truncated = "gzip.truncated"
        /// The output would exceed the caller's limit: a decompression bomb or a limit set too low.
        case tooLarge = "gzip.too_large"
        /// zlib itself failed (out of memory, version mismatch).
        case zlib = "gzip.zlib"
    }

    public let code: Code
    /// What went wrong, in words, without the payload's name: callers add where it came from.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
