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
    /// Seconds a job keeps being retried while a dependency is unavailable, without using its attempts
    /// (``FailureKind/dependencyUnavailable``), counted from the first such failure.
    public var outageWindow: Double
    /// The longest delay between retries during an outage: they back off from `backoffBase` by
    /// `backoffFactor` up to this.
    public var outageRetryCap: Double

    public init(lease: Double = 30, maxAttempts: Int = 4, backoffBase: Double = 60, backoffFactor: Double = 5,
                backoffJitter: Double = 0.1, stallLimit: Int = 2, terminalTTL: Double = 7 * 86_400, idempotencyTTL: Double = 86_400,
                outageWindow: Double = 3_600, outageRetryCap: Double = 60) {
        self.lease = lease
        self.maxAttempts = maxAttempts
        self.backoffBase = backoffBase
        self.backoffFactor = backoffFactor
        self.backoffJitter = backoffJitter
        self.stallLimit = stallLimit
        self.terminalTTL = terminalTTL
        self.idempotencyTTL = idempotencyTTL
        self.outageWindow = outageWindow
        self.outageRetryCap = outageRetryCap
    }

    /// The delay before retry number `outage` (1 for the first) of an outage: base × factor^(outage-1),
    /// at most `outageRetryCap`, ± jitter.
    public func outageRetryDelay(outage: Int, random: Double = Double.random(in: -1...1)) -> Double {
        let nominal = min(outageRetryCap, backoffBase * pow(backoffFactor, Double(max(outage - 1, 0))))
        return nominal * (1 + backoffJitter * random)
    }

    /// The delay before retry number `attempt` (1 for the first retry): base × factor^(attempt-1) ± jitter.
    public func retryDelay(afterAttempt attempt: Int, random: Double = Double.random(in: -1...1)) -> Double {
        let nominal = backoffBase * pow(backoffFactor, Double(max(attempt - 1, 0)))
        return nominal * (1 + backoffJitter * random)
    }
}
