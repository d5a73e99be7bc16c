/// Why a request got no usable response, with a stable code.
public struct HTTPTransportError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case invalidURL = "invalid_url"
        /// The address policy refused every address the host resolved to (SSRF guard).
        case blockedAddress = "blocked_address"
        case timeout
        /// DNS, refused or reset connections, TLS failures.
        case connection
        /// The response was larger than the transport allows.
        case responseTooLarge = "response_too_large"
        case other
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Timeouts and connection failures may succeed on another attempt; the others will not.
    public var isRetryable: Bool { code == .timeout || code == .connection }

    public var description: String { "\(code.rawValue): \(message)" }
}
