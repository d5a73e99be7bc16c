public import Foundation
public import JobQueue

/// The answer to one request against a key's budget.
public struct RateDecision: Sendable, Equatable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    /// Whole seconds until the window resets.
    public var retryAfter: Int
}

/// A per-key request budget in fixed one-minute windows.
public protocol RateLimiter: Sendable {
    /// Counts one request of `subject` against `limit` (its key's own), or the limiter's default when nil.
    func hit(_ subject: String, limit: Int?, now: Date) throws(APIError) -> RateDecision
}

/// Counts in Redis (`INCR` + `PEXPIRE` on `<prefix>rate:<subject>:<window>`), shared by every instance.
public final class RedisRateLimiter: RateLimiter {
    private let redis: RedisConnection
    private let prefix: String
    public let limit: Int

    public init(redis: RedisConnection, prefix: String, limit: Int) {
        self.redis = redis
        self.prefix = prefix
        self.limit = limit
    }

    public func hit(_ subject: String, limit override: Int?, now: Date) throws(APIError) -> RateDecision {
        let ms = Int64(now.timeIntervalSince1970 * 1000)
        let window = ms / 60_000
        let limit = override ?? self.limit
        let key = "\(prefix)rate:\(subject):\(window)"
        let replies: [RedisValue]
        do {
            // Sent again after a break in flight, INCR may count one request twice: a limit that errs by one
            // towards refusing is better than failing the request.
            replies = try redis.pipeline([["INCR", key], ["PEXPIRE", key, "61000"]], resend: .safe)
        } catch {
            throw APIError.unavailable("the rate limiter (Redis) is unavailable: \(error.message)")
        }
        let count = replies.first?.int ?? 0
        return RateDecision.fixedWindow(count: Int(count), limit: limit, millisecondsIntoWindow: ms % 60_000)
    }
}

/// Counts in this process, for a service without Redis.
public final class LocalRateLimiter: RateLimiter, @unchecked Sendable {
    // @unchecked: `counts` is only touched under `lock`.
    private let lock = NSLock()
    private var counts: [String: (window: Int64, count: Int)] = [:]
    public let limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    public func hit(_ subject: String, limit override: Int?, now: Date) throws(APIError) -> RateDecision {
        let ms = Int64(now.timeIntervalSince1970 * 1000)
        let window = ms / 60_000
        let limit = override ?? self.limit
        let count: Int = lock.withLock {
            var entry = counts[subject] ?? (window, 0)
            if entry.window != window { entry = (window, 0) }
            entry.count += 1
            counts[subject] = entry
            return entry.count
        }
        return RateDecision.fixedWindow(count: count, limit: limit, millisecondsIntoWindow: ms % 60_000)
    }
}

extension RateDecision {
    static func fixedWindow(count: Int, limit: Int, millisecondsIntoWindow: Int64) -> RateDecision {
        let retry = Int((60_000 - millisecondsIntoWindow + 999) / 1000)
        return RateDecision(allowed: count <= limit, limit: limit, remaining: max(0, limit - count), retryAfter: max(1, retry))
    }
}
