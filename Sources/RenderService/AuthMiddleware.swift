import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Checks `Authorization: Bearer <key>` against the key store and charges the key's rate limit. Keys are
/// looked up by their public prefix and compared by peppered hash in constant time; a key is never logged.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let authenticator: APIKeyAuthenticator
    let limiter: any RateLimiter
    let required: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let subject: String
        if required {
            guard let header = request.headers[.authorization] else {
                throw APIError(.unauthorized, "send your API key as Authorization: Bearer <key> (create one with cartopress keys create)",
                               headers: [.wwwAuthenticate: "Bearer"])
            }
            let record = try await authenticator.authenticate(header)
            context.keyPrefix = record.prefix
            context.key = record
            subject = record.prefix
        } else {
            subject = "anonymous"
        }
        let limiter = self.limiter
        let keyLimit = context.key?.rateLimitPerMinute
        let decision = try await Offload.api { () throws(APIError) in try limiter.hit(subject, limit: keyLimit, now: Date()) }
        context.rate = decision
        let rateHeaders: HTTPFields = [
            HTTPField.Name("X-RateLimit-Limit")!: String(decision.limit),
            HTTPField.Name("X-RateLimit-Remaining")!: String(decision.remaining),
        ]
        guard decision.allowed else {
            var headers = rateHeaders
            headers[.retryAfter] = String(decision.retryAfter)
            throw APIError(.rateLimited,
                           "this key has used its \(decision.limit) requests for this minute; retry after \(decision.retryAfter) s",
                           headers: headers)
        }
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: rateHeaders)
            return response
        } catch let error as APIError {
            // A refused request still tells the client what is left of its budget.
            throw error.adding(headers: rateHeaders)
        }
    }
}

/// Looks keys up by prefix (with a short cache, so a busy client does not hit the store on every call)
/// and verifies them by hash.
final class APIKeyAuthenticator: @unchecked Sendable {
    // @unchecked: `cache` is only touched under `lock`.
    let store: any APIKeyStore
    let hasher: APIKeyHasher
    private let lock = NSLock()
    private var cache: [String: (record: APIKeyRecord?, fetched: Date)] = [:]
    /// Seconds a lookup is reused: a revoked key stops working within this time.
    let cacheSeconds: Double = 5

    init(store: any APIKeyStore, hasher: APIKeyHasher) {
        self.store = store
        self.hasher = hasher
    }

    func authenticate(_ header: String) async throws(APIError) -> APIKeyRecord {
        let invalid = APIError(.unauthorized, "the API key is not valid; check it or create a new one with cartopress keys create",
                               headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""])
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(.unauthorized, "the Authorization header must read Bearer <key>",
                           headers: [.wwwAuthenticate: "Bearer"])
        }
        let key = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let prefix = APIKeyHasher.prefix(of: key) else { throw invalid }
        let now = Date()
        let cached: APIKeyRecord??
        cached = lock.withLock { () -> APIKeyRecord?? in
            guard let entry = cache[prefix], now.timeIntervalSince(entry.fetched) < cacheSeconds else { return nil }
            return .some(entry.record)
        }
        let record: APIKeyRecord?
        if let cached {
            record = cached
        } else {
            let store = self.store
            record = try await Offload.api { () throws(APIError) in try store.record(prefix: prefix) }
            lock.withLock { cache[prefix] = (record, now) }
        }
        guard let record, record.isActive, hasher.matches(key, record) else { throw invalid }
        return record
    }
}
