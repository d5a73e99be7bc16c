import Foundation

/// When and how soon to try again: timeouts, connection failures, 429 and 5xx are retried with
/// exponential backoff and full jitter, honouring `Retry-After`; other 4xx never are.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all (1 means no retry).
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.2, maxDelay: Double = 10) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    public static func shouldRetry(status: Int) -> Bool { status == 429 || status >= 500 }

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(after attempt: Int, retryAfter: String? = nil) -> Double {
        if let retryAfter, let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return min(seconds, maxDelay)
        }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...ceiling)
    }
}
