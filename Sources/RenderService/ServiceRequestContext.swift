public import Hummingbird
import Logging
import NIOCore

/// The per-request context: Hummingbird's core storage plus who is calling.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The prefix of the caller's API key once authenticated (safe to log; the key itself never is).
    public var keyPrefix: String?
    /// The caller's key record once authenticated: its scopes and settings.
    public var key: APIKeyRecord?
    /// The caller's rate-limit state, echoed in `X-RateLimit-*` headers.
    public var rate: RateDecision?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
