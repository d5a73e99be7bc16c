import Foundation

/// How retries and leases behave.
public struct JobQueueConfiguration: Sendable, Hashable {
    /// How long a claim lasts without a heartbeat.
    public var lease: Double
    /// Attempts before a job goes to the dead letter list.
    public var maxAttempts: Int
    /// First retry delay in seconds; each further retry multiplies it by `backoffFactor`.
    public var backoffBase: Double
    public var backoffFactor: Double
    /// ± fraction of random jitter on each delay, so that retries of many jobs spread out.
    public var backoffJitter: Double
    /// A job whose lease expires more often than this goes to the dead letter list (reason `stalled`).
    public var stallLimit: Int
    /// Seconds a terminal job record is kept (7 days by default).
    public var terminalTTL: Double
    /// Seconds an idempotency key keeps returning its job.
    public var idempotencyTTL: Double

    public init(lease: Double = 30, maxAttempts: Int = 4, backoffBase: Double = 60, backoffFactor: Double = 5,
                backoffJitter: Double = 0.1, stallLimit: Int = 2, terminalTTL: Double = 7 * 86_400, idempotencyTTL: Double = 86_400) {
        self.lease = lease
        self.maxAttempts = maxAttempts
        self.backoffBase = backoffBase
        self.backoffFactor = backoffFactor
        self.backoffJitter = backoffJitter
        self.stallLimit = stallLimit
        self.terminalTTL = terminalTTL
        self.idempotencyTTL = idempotencyTTL
    }

    /// The delay before retry number `attempt` (1 for the first retry): base × factor^(attempt-1) ± jitter.
    public func retryDelay(afterAttempt attempt: Int, random: Double = Double.random(in: -1...1)) -> Double {
        let nominal = backoffBase * pow(backoffFactor, Double(max(attempt - 1, 0)))
        return nominal * (1 + backoffJitter * random)
    }
}
