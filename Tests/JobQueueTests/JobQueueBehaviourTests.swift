import Dispatch
import Foundation
import Testing
import TestSupport
@testable import JobQueue

/// The queue contract, checked against the Redis engine (a real redis-server per test) and the
/// in-process engine alike.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case redis, inProcess
    var testDescription: String { rawValue }

    /// A queue and whatever must stay alive with it.
    func make(_ configuration: JobQueueConfiguration = JobQueueConfiguration()) throws -> (any JobQueue, AnyObject?) {
        switch self {
        case .redis:
            let server = try LocalRedisServer()
            return (try RedisJobQueue(redis: server.configuration, prefix: "test:", configuration: configuration), server)
        case .inProcess:
            return (InProcessJobQueue(configuration: configuration), nil)
        }
    }
}

@Suite struct JobQueueBehaviourTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Every job is counted in exactly one state.
    func expectCounts(_ queue: any JobQueue, _ expected: [JobStatus: Int], total: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let counts = try queue.counts()
        for status in JobStatus.allCases { #expect(counts[status] == (expected[status] ?? 0), "\(status)", sourceLocation: sourceLocation) }
        #expect(counts.total == total, sourceLocation: sourceLocation)
    }

    @Test(arguments: Backend.allCases)
    func lifecycle(_ backend: Backend) throws {
        let (queue, keep) = try backend.make()
        defer { _ = keep }
        let id = try queue.enqueue(payload: #"{"location":"helsinki"}"#, priority: .normal, idempotencyKey: nil, now: t0)
        try expectCounts(queue, [.queued: 1], total: 1)
        let claim = try #require(try queue.claim(worker: "w1", now: t0))
        #expect(claim.job.id == id && claim.job.attempts == 1 && claim.job.payload == #"{"location":"helsinki"}"#)
        try expectCounts(queue, [.processing: 1], total: 1)
        #expect(try queue.reportProgress(claim, progress: 40, now: t0))
        #expect(try queue.job(id: id)?.progress == 40)
        try queue.complete(claim, result: "s3://posters/\(id).png", now: t0)
        try expectCounts(queue, [.completed: 1], total: 1)
        let job = try #require(try queue.job(id: id))
        #expect(job.status == .completed && job.result == "s3://posters/\(id).png" && job.progress == 100)
        #expect(try queue.claim(worker: "w1", now: t0) == nil)
    }

    @Test(arguments: Backend.allCases)
    func strictPriorityAndFIFOWithinALevel(_ backend: Backend) throws {
        let (queue, keep) = try backend.make()
        defer { _ = keep }
        var ids: [String: String] = [:]
        for (name, priority) in [("low1", JobPriority.low), ("normal1", .normal), ("high1", .high), ("normal2", .normal), ("high2", .high), ("low2", .low)] {
            ids[name] = try queue.enqueue(payload: name, priority: priority, idempotencyKey: nil, now: t0)
        }
        var order: [String] = []
        while let claim = try queue.claim(worker: "w", now: t0) { order.append(claim.job.payload) }
        #expect(order == ["high1", "high2", "normal1", "normal2", "low1", "low2"])
    }

    @Test(arguments: Backend.allCases)
    func fiftyConcurrentEnqueuesWithOneKeyMakeOneJob(_ backend: Backend) throws {
        let (queue, keep) = try backend.make()
        defer { _ = keep }
        let ids = IDs()
        DispatchQueue.concurrentPerform(iterations: 50) { _ in
            if let id = try? queue.enqueue(payload: "same order", priority: .normal, idempotencyKey: "order-42", now: t0) { ids.add(id) }
        }
        #expect(ids.all.count == 50)
        #expect(Set(ids.all).count == 1)
        try expectCounts(queue, [.queued: 1], total: 1)
    }

    @Test(arguments: Backend.allCases)
    func aWorkerWhoseLeaseExpiredCannotFinishAndTheJobCompletesOnce(_ backend: Backend) throws {
        let (queue, keep) = try backend.make(JobQueueConfiguration(lease: 30))
        defer { _ = keep }
        let id = try queue.enqueue(payload: "p", priority: .normal, idempotencyKey: nil, now: t0)
        let first = try #require(try queue.claim(worker: "crashed", now: t0))
        // Not reaped before the lease ends.
        #expect(try queue.reap(now: t0.addingTimeInterval(29)) == 0)
        #expect(try queue.reap(now: t0.addingTimeInterval(31)) == 1)
        try expectCounts(queue, [.queued: 1], total: 1)
        let second = try #require(try queue.claim(worker: "w2", now: t0.addingTimeInterval(32)))
        #expect(second.job.id == id && second.job.attempts == 2 && second.leaseToken != first.leaseToken)
        #expect(throws: JobQueueError.self) { try queue.complete(first, result: "stale", now: t0.addingTimeInterval(33)) }
        #expect(try !queue.heartbeat(first, now: t0.addingTimeInterval(33)))
        try queue.complete(second, result: "fresh", now: t0.addingTimeInterval(34))
        #expect(try queue.job(id: id)?.result == "fresh")
        try expectCounts(queue, [.completed: 1], total: 1)
    }

    @Test(arguments: Backend.allCases)
    func aBusyWorkerCompletesAndClaimsInOneStep(_ backend: Backend) throws {
        let (queue, keep) = try backend.make()
        defer { _ = keep }
        let a = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: nil, now: t0)
        let b = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, now: t0)
        let first = try #require(try queue.claim(worker: "w", now: t0))
        let second = try #require(try queue.completeAndClaimNext(first, result: "ra", worker: "w", now: t0))
        #expect(first.job.id == a && second.job.id == b && second.job.attempts == 1)
        #expect(try queue.completeAndClaimNext(second, result: "rb", worker: "w", now: t0) == nil)
        // Finishing again with the same token (a resend after a broken connection) answers as before and changes nothing.
        #expect(try queue.completeAndClaimNext(first, result: "again", worker: "w", now: t0) == nil)
        #expect(try queue.job(id: a)?.result == "ra")
        var stranger = first
        stranger.leaseToken = "not-this-worker"
        #expect(throws: JobQueueError.self) { try queue.completeAndClaimNext(stranger, result: "again", worker: "w", now: t0) }
        try expectCounts(queue, [.completed: 2], total: 2)
    }

    @Test(arguments: Backend.allCases)
    func heartbeatsKeepALongJob(_ backend: Backend) throws {
        let (queue, keep) = try backend.make(JobQueueConfiguration(lease: 30))
        defer { _ = keep }
        _ = try queue.enqueue(payload: "long", priority: .normal, idempotencyKey: nil, now: t0)
        let claim = try #require(try queue.claim(worker: "w", now: t0))
        for minute in 1...10 {
            let now = t0.addingTimeInterval(Double(minute) * 20)
            #expect(try queue.heartbeat(claim, now: now))
            #expect(try queue.reap(now: now.addingTimeInterval(10)) == 0)
        }
        try queue.complete(claim, result: "ok", now: t0.addingTimeInterval(205))
        try expectCounts(queue, [.completed: 1], total: 1)
    }

    @Test(arguments: Backend.allCases)
    func aPoisonJobReachesTheDeadLetterListAfterTheStallLimit(_ backend: Backend) throws {
        let (queue, keep) = try backend.make(JobQueueConfiguration(lease: 10, stallLimit: 2))
        defer { _ = keep }
        let id = try queue.enqueue(payload: "poison", priority: .normal, idempotencyKey: nil, now: t0)
        var now = t0
        for _ in 0..<3 {
            _ = try #require(try queue.claim(worker: "w", now: now))
            now = now.addingTimeInterval(11)
            #expect(try queue.reap(now: now) == 1)
        }
        let job = try #require(try queue.job(id: id))
        #expect(job.status == .failed && job.error?.code == "stalled" && job.stalls == 3)
        try expectCounts(queue, [.failed: 1], total: 1)
        #expect(try queue.claim(worker: "w", now: now) == nil)
        // An operator can requeue it.
        #expect(try queue.requeue(id: id, now: now))
        try expectCounts(queue, [.queued: 1], total: 1)
        #expect(try queue.claim(worker: "w", now: now)?.job.attempts == 1)
    }

    @Test(arguments: Backend.allCases)
    func retriesBackOffAndNeverRunEarly(_ backend: Backend) throws {
        let configuration = JobQueueConfiguration(maxAttempts: 3, backoffBase: 60, backoffFactor: 5, backoffJitter: 0.1)
        let (queue, keep) = try backend.make(configuration)
        defer { _ = keep }
        let id = try queue.enqueue(payload: "flaky", priority: .normal, idempotencyKey: nil, now: t0)
        var now = t0
        for (attempt, nominal) in [(1, 60.0), (2, 300.0)] {
            let claim = try #require(try queue.claim(worker: "w", now: now))
            #expect(claim.job.attempts == attempt)
            #expect(try queue.fail(claim, error: JobError(code: "tiles.timeout", message: "tile server timed out"), retryable: true, now: now) == .retrying)
            try expectCounts(queue, [.retrying: 1], total: 1)
            // Within the jitter's bounds: never before 0.9 × nominal, always by 1.1 × nominal.
            #expect(try queue.claim(worker: "w", now: now.addingTimeInterval(nominal * 0.9 - 1)) == nil)
            now = now.addingTimeInterval(nominal * 1.1 + 1)
        }
        let last = try #require(try queue.claim(worker: "w", now: now))
        #expect(last.job.attempts == 3)
        #expect(try queue.fail(last, error: JobError(code: "tiles.timeout", message: "again"), retryable: true, now: now) == .failed)
        #expect(try queue.job(id: id)?.error == JobError(code: "tiles.timeout", message: "again"))
        try expectCounts(queue, [.failed: 1], total: 1)
    }

    @Test func retryDelaysFollowTheDefaults() {
        let configuration = JobQueueConfiguration()
        #expect(configuration.retryDelay(afterAttempt: 1, random: 0) == 60)
        #expect(configuration.retryDelay(afterAttempt: 2, random: 0) == 300)
        #expect(configuration.retryDelay(afterAttempt: 3, random: 0) == 1500)
        #expect(abs(configuration.retryDelay(afterAttempt: 2, random: 1) - 330) < 1e-9)
    }

    @Test(arguments: Backend.allCases)
    func nonRetryableErrorsGoStraightToTheDeadLetterList(_ backend: Backend) throws {
        let (queue, keep) = try backend.make()
        defer { _ = keep }
        _ = try queue.enqueue(payload: "bad style", priority: .normal, idempotencyKey: nil, now: t0)
        let claim = try #require(try queue.claim(worker: "w", now: t0))
        #expect(try queue.fail(claim, error: JobError(code: "style.invalid", message: "bad"), retryable: false, now: t0) == .failed)
        try expectCounts(queue, [.failed: 1], total: 1)
    }

    @Test(arguments: Backend.allCases)
    func cancellingStopsQueuedAndRunningJobs(_ backend: Backend) throws {
        let (queue, keep) = try backend.make()
        defer { _ = keep }
        let running = try queue.enqueue(payload: "a", priority: .high, idempotencyKey: nil, now: t0)
        let waiting = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, now: t0)
        let claim = try #require(try queue.claim(worker: "w", now: t0))
        #expect(claim.job.id == running)
        #expect(try queue.cancel(id: waiting, now: t0))
        #expect(try queue.cancel(id: running, now: t0))
        #expect(throws: JobQueueError.self) { try queue.complete(claim, result: "late", now: t0) }
        try expectCounts(queue, [.cancelled: 2], total: 2)
        #expect(try !queue.cancel(id: running, now: t0))
        #expect(throws: JobQueueError(.notFound, "no job nope")) { try queue.cancel(id: "nope", now: t0) }
    }

    @Test(arguments: Backend.allCases)
    func terminalJobsAreForgottenAfterTheirTTL(_ backend: Backend) throws {
        let (queue, keep) = try backend.make(JobQueueConfiguration(terminalTTL: 60))
        defer { _ = keep }
        _ = try queue.enqueue(payload: "x", priority: .normal, idempotencyKey: nil, now: t0)
        try queue.complete(try #require(try queue.claim(worker: "w", now: t0)), result: "r", now: t0)
        _ = try queue.reap(now: t0.addingTimeInterval(61))
        try expectCounts(queue, [:], total: 0)
    }

    /// A worker shutting down gives its job back: queued again ahead of later jobs, the attempt not
    /// counted, the old lease useless.
    @Test(arguments: Backend.allCases)
    func releaseReturnsAJobToItsPlace(_ backend: Backend) throws {
        let (queue, keep) = try backend.make()
        defer { _ = keep }
        let first = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: nil, now: t0)
        let second = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, now: t0)
        let claim = try #require(try queue.claim(worker: "w1", now: t0))
        #expect(claim.job.id == first)
        #expect(try queue.reportProgress(claim, progress: 40, now: t0))
        #expect(try queue.release(claim, now: t0.addingTimeInterval(1)))
        try expectCounts(queue, [.queued: 2], total: 2)
        let job = try #require(try queue.job(id: first))
        #expect(job.status == .queued && job.attempts == 0 && job.progress == 0)
        // Released again with the same token (a resend): the same answer, nothing changes.
        #expect(try queue.release(claim, now: t0))
        try expectCounts(queue, [.queued: 2], total: 2)
        #expect(try queue.job(id: first)?.attempts == 0)
        #expect(try queue.heartbeat(claim, now: t0) == false)
        let again = try #require(try queue.claim(worker: "w2", now: t0.addingTimeInterval(2)))
        #expect(again.job.id == first && again.job.attempts == 1)
        #expect(try queue.queuedByPriority() == [.high: 0, .normal: 1, .low: 0])
        _ = second
    }
}

/// Collects ids from concurrent closures.
final class IDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func add(_ id: String) { lock.withLock { ids.append(id) } }
    var all: [String] { lock.withLock { ids } }

}
