/// Sends HTTP requests. Synchronous: callers run it on their own threads (workers, a thread pool).
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse
}

/// How a transport behaves, with defaults for calling an object store.
public struct TransportConfiguration: Sendable, Hashable {
    public var connectTimeout: Double = 10
    /// Responses larger than this fail with `responseTooLarge` instead of filling memory.
    public var maxResponseBytes: Int = 64 << 20
    /// Keep only the first `maxResponseBytes` of a larger body and answer with the status anyway, for callers
    /// that read a response for its status alone (webhook deliveries), instead of failing it.
    public var truncatesLargeBodies = false
    public var addressPolicy: AddressPolicy = .open
    public var retry: RetryPolicy = RetryPolicy()
    public var userAgent: String = "CartoPress/1.0"

    public init() {}
}
