public import Foundation

/// The embedded queue for one machine without Redis: the same contract, held in memory.
public final class InProcessJobQueue: JobQueue, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    public let configuration: JobQueueConfiguration
    private let lock = NSLock()
    private let wake = NSCondition()

    private struct Record {
        var job: Job
        var seq: Int
        var leaseToken: String?
        var leaseDeadline: Date?
        var retryAt: Date?
        var finishedAt: Date?
        var notify = false
        var outageSince: Date?
        var outages = 0
        /// The lease token that ended the last attempt and what that answered, so that ending it again
        /// with the same token answers the same (the Redis engine's resend contract).
        var finishedBy: String?
        var finishOutcome: JobStatus?
    }

    /// What ending the attempt of `claim` answered before, if this token already ended it.
    private func previousFinishLocked(_ claim: ClaimedJob) -> JobStatus? {
        guard let record = records[claim.job.id], record.finishedBy == claim.leaseToken else { return nil }
        return record.finishOutcome
    }

    private func recordFinishLocked(_ claim: ClaimedJob, _ outcome: JobStatus) {
        records[claim.job.id]?.finishedBy = claim.leaseToken
        records[claim.job.id]?.finishOutcome = outcome
    }

    private var records: [String: Record] = [:]
    private var idempotency: [String: (id: String, expires: Date)] = [:]
    private var sequence = 0
    /// Ended jobs still to be reported, in the order they ended.
    private var outbox: [String] = []

    public init(configuration: JobQueueConfiguration = JobQueueConfiguration()) {
        self.configuration = configuration
    }

    private func locked<R>(_ body: () throws(JobQueueError) -> R) throws(JobQueueError) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public func enqueue(payload: String, priority: JobPriority, idempotencyKey: String?, notify: Bool, now: Date) throws(JobQueueError) -> String {
        let id = try locked { () throws(JobQueueError) -> String in
            if let key = idempotencyKey, let existing = idempotency[key], existing.expires > now { return existing.id }
            let id = JobIdentifier.make()
            if let key = idempotencyKey { idempotency[key] = (id, now.addingTimeInterval(configuration.idempotencyTTL)) }
            sequence += 1
            records[id] = Record(job: Job(id: id, payload: payload, priority: priority, status: .queued, attempts: 0,
                                          maxAttempts: configuration.maxAttempts, progress: 0, stalls: 0, createdAt: now, updatedAt: now),
                                 seq: sequence, notify: notify)
            return id
        }
        wake.broadcast()
        return id
    }

    private func promoteLocked(_ now: Date) {
        for (id, record) in records where record.job.status == .retrying && (record.retryAt ?? .distantFuture) <= now {
            records[id]?.job.status = .queued
            records[id]?.retryAt = nil
            records[id]?.job.updatedAt = now
        }
    }

    public func claim(worker: String, now: Date) throws(JobQueueError) -> ClaimedJob? {
        try locked { () throws(JobQueueError) -> ClaimedJob? in
            promoteLocked(now)
            guard let next = records.values.filter({ $0.job.status == .queued })
                .min(by: { ($0.job.priority.rank, $0.seq) < ($1.job.priority.rank, $1.seq) }) else { return nil }
            let token = UUID().uuidString
            var record = next
            record.job.status = .processing
            record.job.attempts += 1
            record.job.updatedAt = now
            // A new attempt starts from nothing.
            record.job.progress = 0
            record.job.stage = nil
            record.leaseToken = token
            record.leaseDeadline = now.addingTimeInterval(configuration.lease)
            records[record.job.id] = record
            return ClaimedJob(job: record.job, leaseToken: token)
        }
    }

    private func holdsLeaseLocked(_ claim: ClaimedJob) -> Bool {
        guard let record = records[claim.job.id] else { return false }
        return record.job.status == .processing && record.leaseToken == claim.leaseToken
    }

    public func heartbeat(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool {
        try locked { () throws(JobQueueError) -> Bool in
            guard holdsLeaseLocked(claim) else { return false }
            records[claim.job.id]?.leaseDeadline = now.addingTimeInterval(configuration.lease)
            records[claim.job.id]?.job.updatedAt = now
            return true
        }
    }

    public func reportProgress(_ claim: ClaimedJob, progress: Int, stage: String?, now: Date) throws(JobQueueError) -> Bool {
        try locked { () throws(JobQueueError) -> Bool in
            guard holdsLeaseLocked(claim) else { return false }
            records[claim.job.id]?.job.progress = min(max(progress, 0), 100)
            if let stage { records[claim.job.id]?.job.stage = stage }
            records[claim.job.id]?.job.updatedAt = now
            return true
        }
    }

    public func complete(_ claim: ClaimedJob, result: String, now: Date) throws(JobQueueError) {
        try locked { () throws(JobQueueError) in
            guard holdsLeaseLocked(claim) else {
                if previousFinishLocked(claim) == .completed { return }
                throw JobQueueError(.leaseLost, "job \(claim.job.id): this worker's lease was lost; another worker owns the job now")
            }
            recordFinishLocked(claim, .completed)
            finishLocked(claim.job.id, .completed, now)
            records[claim.job.id]?.job.result = result
            records[claim.job.id]?.job.progress = 100
        }
    }

    private func finishLocked(_ id: String, _ status: JobStatus, _ now: Date) {
        records[id]?.job.status = status
        records[id]?.job.updatedAt = now
        records[id]?.leaseToken = nil
        records[id]?.leaseDeadline = nil
        records[id]?.retryAt = nil
        records[id]?.finishedAt = now
        if records[id]?.notify == true && !outbox.contains(id) { outbox.append(id) }
    }

    public func fail(_ claim: ClaimedJob, error: JobError, kind: FailureKind, now: Date) throws(JobQueueError) -> JobStatus {
        try locked { () throws(JobQueueError) -> JobStatus in
            if !holdsLeaseLocked(claim), let previous = previousFinishLocked(claim), previous != .queued { return previous }
            guard holdsLeaseLocked(claim), var record = records[claim.job.id] else {
                throw JobQueueError(.leaseLost, "job \(claim.job.id): this worker's lease was lost; another worker owns the job now")
            }
            record.job.error = error
            record.job.updatedAt = now
            var retryAt: Date?
            if kind == .dependencyUnavailable {
                let since = record.outageSince ?? now
                if now.timeIntervalSince(since) <= configuration.outageWindow {
                    record.outageSince = since
                    record.outages += 1
                    // An outage is nobody's attempt.
                    record.job.attempts -= 1
                    retryAt = now.addingTimeInterval(configuration.outageRetryDelay(outage: record.outages))
                }
            }
            if retryAt == nil && kind != .permanent && record.job.attempts < record.job.maxAttempts {
                retryAt = now.addingTimeInterval(configuration.retryDelay(afterAttempt: record.job.attempts))
            }
            record.finishedBy = claim.leaseToken
            if let retryAt {
                record.finishOutcome = .retrying
                record.job.status = .retrying
                record.leaseToken = nil
                record.leaseDeadline = nil
                record.retryAt = retryAt
                records[claim.job.id] = record
                return .retrying
            }
            record.finishOutcome = .failed
            records[claim.job.id] = record
            finishLocked(claim.job.id, .failed, now)
            return .failed
        }
    }

    public func cancel(id: String, now: Date) throws(JobQueueError) -> Bool {
        try locked { () throws(JobQueueError) -> Bool in
            guard let record = records[id] else { throw JobQueueError(.notFound, "no job \(id)") }
            guard !record.job.status.isTerminal else { return false }
            finishLocked(id, .cancelled, now)
            return true
        }
    }

    public func release(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool {
        let released = try locked { () throws(JobQueueError) -> Bool in
            guard holdsLeaseLocked(claim) else { return previousFinishLocked(claim) == .queued }
            recordFinishLocked(claim, .queued)
            records[claim.job.id]?.leaseToken = nil
            records[claim.job.id]?.leaseDeadline = nil
            records[claim.job.id]?.job.status = .queued
            records[claim.job.id]?.job.progress = 0
            records[claim.job.id]?.job.stage = nil
            records[claim.job.id]?.job.attempts -= 1
            records[claim.job.id]?.job.updatedAt = now
            return true
        }
        if released { wake.broadcast() }
        return released
    }

    public func requeue(id: String, now: Date) throws(JobQueueError) -> Bool {
        let moved = try locked { () throws(JobQueueError) -> Bool in
            guard let record = records[id], record.job.status == .failed else { return false }
            records[id]?.job.status = .queued
            records[id]?.job.attempts = 0
            records[id]?.job.stalls = 0
            records[id]?.job.error = nil
            records[id]?.job.updatedAt = now
            records[id]?.finishedAt = nil
            records[id]?.outageSince = nil
            records[id]?.outages = 0
            return true
        }
        if moved { wake.broadcast() }
        return moved
    }

    public func reap(now: Date) throws(JobQueueError) -> Int {
        try locked { () throws(JobQueueError) -> Int in
            var reaped = 0
            for (id, record) in records where record.job.status == .processing && (record.leaseDeadline ?? .distantFuture) <= now {
                reaped += 1
                let stalls = record.job.stalls + 1
                records[id]?.job.stalls = stalls
                records[id]?.leaseToken = nil
                records[id]?.leaseDeadline = nil
                if stalls > configuration.stallLimit {
                    finishLocked(id, .failed, now)
                    records[id]?.job.error = JobError(code: "stalled", message: "the worker stopped renewing its lease \(stalls) times")
                } else {
                    records[id]?.job.status = .queued
                    records[id]?.job.updatedAt = now
                }
            }
            promoteLocked(now)
            let cutoff = now.addingTimeInterval(-configuration.terminalTTL)
            records = records.filter { !($0.value.job.status.isTerminal && ($0.value.finishedAt ?? now) < cutoff) }
            idempotency = idempotency.filter { $0.value.expires > now }
            return reaped
        }
    }

    public func job(id: String) throws(JobQueueError) -> Job? {
        try locked { () throws(JobQueueError) -> Job? in records[id]?.job }
    }

    public func jobs(status: JobStatus, offset: Int, limit: Int) throws(JobQueueError) -> [Job] {
        try locked { () throws(JobQueueError) -> [Job] in
            let matching = records.values.filter { $0.job.status == status }
            let ordered = status == .queued
                ? matching.sorted { ($0.job.priority.rank, $0.seq) < ($1.job.priority.rank, $1.seq) }
                : matching.sorted { ($0.job.updatedAt, $0.seq) > ($1.job.updatedAt, $1.seq) }
            return Array(ordered.dropFirst(max(offset, 0)).prefix(max(limit, 0)).map(\.job))
        }
    }

    public func purge(id: String) throws(JobQueueError) -> Bool {
        try locked { () throws(JobQueueError) -> Bool in
            guard let record = records[id], record.job.status.isTerminal else { return false }
            records[id] = nil
            outbox.removeAll { $0 == id }
            return true
        }
    }

    public func counts() throws(JobQueueError) -> JobCounts {
        try locked { () throws(JobQueueError) -> JobCounts in
            var counts: [JobStatus: Int] = [:]
            for status in JobStatus.allCases { counts[status] = 0 }
            for record in records.values { counts[record.job.status, default: 0] += 1 }
            return JobCounts(counts: counts)
        }
    }

    public func queuedByPriority() throws(JobQueueError) -> [JobPriority: Int] {
        try locked { () throws(JobQueueError) -> [JobPriority: Int] in
            var depth: [JobPriority: Int] = [.high: 0, .normal: 0, .low: 0]
            for record in records.values where record.job.status == .queued { depth[record.job.priority, default: 0] += 1 }
            return depth
        }
    }

    public func pendingNotifications(limit: Int) throws(JobQueueError) -> [String] {
        try locked { () throws(JobQueueError) -> [String] in Array(outbox.prefix(max(limit, 1))) }
    }

    public func acknowledgeNotification(id: String) throws(JobQueueError) {
        try locked { () throws(JobQueueError) in outbox.removeAll { $0 == id } }
    }

    /// Blocks until a job is enqueued or `timeout` passes.
    public func waitForWork(timeout: Double) {
        wake.lock()
        _ = wake.wait(until: Date().addingTimeInterval(timeout))
        wake.unlock()
    }
}
