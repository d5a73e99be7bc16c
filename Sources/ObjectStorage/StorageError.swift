/// A storage failure with a stable code, what was being done and what to check.
public struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        /// Settings that cannot work (a bad endpoint, bucket or credentials format).
        case configuration
        /// The server refused the request (wrong key, signature mismatch, no such bucket).
        case refused
        /// The server could not be reached or failed (timeouts, 5xx); worth retrying.
        case unavailable
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "storage \(code.rawValue): \(message)" }
}
