import Foundation

/// A job's place in its lifecycle: queued → processing → completed, with retrying, failed (the dead
/// letter list) and cancelled.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued, processing, completed, retrying, failed, cancelled

    public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }
}

/// Strict priority levels; FIFO within a level.
public enum JobPriority: String, Sendable, Codable, CaseIterable {
    case high, normal, low

    /// Lower ranks are claimed first.
    var rank: Int {
        switch self {
        case .high: 0
        case .normal: 1
        case .low: 2
        }
    }
}

/// Why a job failed, as the API reports it.
public struct JobError: Sendable, Equatable, Codable {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// A job record.
public struct Job: Sendable, Equatable {
    public var id: String
    /// The canonical request, opaque to the queue.
    public var payload: String
    public var priority: JobPriority
    public var status: JobStatus
    public var attempts: Int
    public var maxAttempts: Int
    public var progress: Int
    public var stalls: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The result (for example a JSON document with the download URL), once completed.
    public var result: String?
    public var error: JobError?
}

/// A job handed to a worker, with the lease that lets it report back.
public struct ClaimedJob: Sendable, Equatable {
    public var job: Job
    /// The fencing token: only the worker holding the current lease may complete or fail the job.
    public var leaseToken: String
}

/// Numbers of jobs in each state.
public struct JobCounts: Sendable, Equatable {
    public var counts: [JobStatus: Int]
    public var total: Int { counts.values.reduce(0, +) }
    public subscript(_ status: JobStatus) -> Int { counts[status] ?? 0 }
}

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

/// Errors of queue operations.
public struct JobQueueError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case notFound = "queue.not_found"
        case leaseLost = "queue.lease_lost"
        case invalidState = "queue.invalid_state"
        case backend = "queue.backend"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
