public import Foundation

/// The queue contract shared by the Redis engine and the in-process one (docs/ARCHITECTURE.md): every job
/// is in exactly one state; claims are leased and fenced by a token; expired leases are reaped. Ending an
/// attempt (complete, fail, release) a second time with the same lease token answers what the first call
/// answered and changes nothing, so that a call resent after a broken connection is harmless.
public protocol JobQueue: Sendable {
    var configuration: JobQueueConfiguration { get }

    /// Adds a job. With an idempotency key, the same key returns the first job's id until it expires.
    /// - Parameter notify: put the job into the outbox (``pendingNotifications(limit:)``) in the same atomic
    ///   step that ends it (completed, failed for good, cancelled), so that its end is reported even if the
    ///   process dies right after.
    func enqueue(payload: String, priority: JobPriority, idempotencyKey: String?, notify: Bool, now: Date) throws(JobQueueError) -> String
    /// Takes the next due job, highest priority first, FIFO within a priority, with a fresh lease.
    func claim(worker: String, now: Date) throws(JobQueueError) -> ClaimedJob?
    /// Extends a lease; false if the lease was lost (expired and reaped, or the job was cancelled).
    func heartbeat(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool
    /// Records how far the attempt is: a percentage and the name of the stage it is in (opaque to the
    /// queue, served with the job). False if the lease was lost.
    func reportProgress(_ claim: ClaimedJob, progress: Int, stage: String?, now: Date) throws(JobQueueError) -> Bool
    /// Finishes a job; throws `leaseLost` if this worker no longer holds it.
    func complete(_ claim: ClaimedJob, result: String, now: Date) throws(JobQueueError)
    /// Fails an attempt as ``FailureKind`` says: retried with backoff (shown as `retrying` with the error),
    /// or moved to the dead letter list.
    func fail(_ claim: ClaimedJob, error: JobError, kind: FailureKind, now: Date) throws(JobQueueError) -> JobStatus
    /// Gives a claimed job back unfinished: it is queued again at its old place and the attempt is not
    /// counted. False if the lease was already lost.
    func release(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool
    /// Blocks until work may be available or `timeout` seconds pass.
    func waitForWork(timeout: Double) throws(JobQueueError)
    /// Cancels a queued, retrying or running job; false if it had already finished.
    func cancel(id: String, now: Date) throws(JobQueueError) -> Bool
    /// Moves a dead-lettered job back to the queue with its attempts reset.
    func requeue(id: String, now: Date) throws(JobQueueError) -> Bool
    /// Returns jobs whose lease expired to the queue (or, past the stall limit, to the dead letter list),
    /// moves due retries to the queue and forgets expired terminal jobs. Returns how many leases it reaped.
    func reap(now: Date) throws(JobQueueError) -> Int
    /// Completes a job and claims the next due one in one step (one round trip for the Redis engine).
    func completeAndClaimNext(_ claim: ClaimedJob, result: String, worker: String, now: Date) throws(JobQueueError) -> ClaimedJob?
    func job(id: String) throws(JobQueueError) -> Job?
    /// Jobs in `status`, `limit` from position `offset`: queued jobs in the order they will be claimed,
    /// the others most recently changed first. For operators and for a key's own listing.
    func jobs(status: JobStatus, offset: Int, limit: Int) throws(JobQueueError) -> [Job]
    /// Deletes an ended job (completed, failed or cancelled) and its record at once, before its time to
    /// live; false if it does not exist or has not ended.
    func purge(id: String) throws(JobQueueError) -> Bool
    func counts() throws(JobQueueError) -> JobCounts
    /// Jobs waiting to be claimed, by priority.
    func queuedByPriority() throws(JobQueueError) -> [JobPriority: Int]
    /// Ids of ended jobs whose end is still to be reported (the outbox), oldest first.
    func pendingNotifications(limit: Int) throws(JobQueueError) -> [String]
    /// Takes a reported job out of the outbox.
    func acknowledgeNotification(id: String) throws(JobQueueError)
}

extension JobQueue {
    public func completeAndClaimNext(_ claim: ClaimedJob, result: String, worker: String, now: Date) throws(JobQueueError) -> ClaimedJob? {
        try complete(claim, result: result, now: now)
        return try self.claim(worker: worker, now: now)
    }

    public func enqueue(payload: String, priority: JobPriority = .normal, idempotencyKey: String? = nil) throws(JobQueueError) -> String {
        try enqueue(payload: payload, priority: priority, idempotencyKey: idempotencyKey, notify: false, now: Date())
    }

    /// Adds a job that is not reported when it ends.
    public func enqueue(payload: String, priority: JobPriority, idempotencyKey: String?, now: Date) throws(JobQueueError) -> String {
        try enqueue(payload: payload, priority: priority, idempotencyKey: idempotencyKey, notify: false, now: now)
    }

    /// Records a percentage without a stage.
    public func reportProgress(_ claim: ClaimedJob, progress: Int, now: Date) throws(JobQueueError) -> Bool {
        try reportProgress(claim, progress: progress, stage: nil, now: now)
    }

    /// Fails an attempt: ``FailureKind/retryable`` or ``FailureKind/permanent``.
    public func fail(_ claim: ClaimedJob, error: JobError, retryable: Bool, now: Date) throws(JobQueueError) -> JobStatus {
        try fail(claim, error: error, kind: retryable ? .retryable : .permanent, now: now)
    }
    public func claim(worker: String) throws(JobQueueError) -> ClaimedJob? { try claim(worker: worker, now: Date()) }
}

/// Job ids: random, URL-safe, sortable by nothing.
enum JobIdentifier {
    static func make() -> String {
        "job_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
