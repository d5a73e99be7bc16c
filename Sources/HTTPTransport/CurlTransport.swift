import Foundation

/// ``HTTPTransport`` over libcurl: a pool of easy handles (each keeps its connection open for the next
/// request) over one share handle (DNS answers and TLS sessions shared; HTTP/2 over TLS), per-request
/// timeouts, a response size cap, no redirects, the address policy checked at connect time, and retries
/// with backoff for timeouts, connection failures, 429 and 5xx.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `idle` is only touched under `lock`; a handle is used by one request at a time.
    public let configuration: TransportConfiguration
    private let lock = NSLock()
    private var idle: [CurlEasyHandle] = []
    /// Made with the first handle, so that a transport nothing sends on never opens libcurl; nil inside
    /// when libcurl refuses one (handles then go without).
    private var sharedState: CurlShare?? = nil

    public init(configuration: TransportConfiguration = TransportConfiguration()) {
        self.configuration = configuration
    }

    public func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        var attempt = 1
        while true {
            let outcome = Result { () throws(HTTPTransportError) in try sendOnce(request) }
            switch outcome {
            case .success(let response):
                guard RetryPolicy.shouldRetry(status: response.status), attempt < configuration.retry.maxAttempts else { return response }
                Thread.sleep(forTimeInterval: configuration.retry.delay(after: attempt, retryAfter: response.header("Retry-After")))
            case .failure(let error):
                guard error.isRetryable, attempt < configuration.retry.maxAttempts else { throw error }
                Thread.sleep(forTimeInterval: configuration.retry.delay(after: attempt))
            }
            attempt += 1
        }
    }

    /// One attempt, no retry.
    public func sendOnce(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let (reused, pooledShare) = lock.withLock { () -> (CurlEasyHandle?, CurlShare?) in
            if let handle = idle.popLast() { return (handle, nil) }
            if sharedState == nil { sharedState = .some(CurlShare()) }
            return (nil, sharedState ?? nil)
        }
        let handle: CurlEasyHandle
        if let reused { handle = reused } else { handle = try CurlEasyHandle(share: pooledShare) }
        defer { lock.withLock { if idle.count < 16 { idle.append(handle) } } }
        return try handle.perform(request, configuration)
    }
}
