import Dispatch
import Foundation
import Testing
import TestSupport
@testable import JobQueue

/// A script may reach Redis twice (the connection broke after it was sent, and the client sent it again):
/// each one asks its fencing token what happened and acts once. A job's end and the webhook it owes are
/// one atomic step (the outbox). An outage uses none of a job's attempts until its window ends.
@Suite struct FencingAndOutboxTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func redisQueue(_ configuration: JobQueueConfiguration = JobQueueConfiguration()) throws -> (RedisJobQueue, LocalRedisServer) {
        let server = try LocalRedisServer()
        return (try RedisJobQueue(redis: server.configuration, prefix: "test:", configuration: configuration), server)
    }

    @Test func aResentClaimReturnsItsJobAndTakesNoOther() throws {
        let (queue, server) = try redisQueue()
        defer { _ = server }
        let first = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: nil, now: t0)
        _ = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, now: t0)
        let claim = try #require(try queue.claim(worker: "w", token: "token-1", now: t0))
        let resent = try #require(try queue.claim(worker: "w", token: "token-1", now: t0))
        #expect(claim.job.id == first && resent.job.id == first && resent.job.attempts == 1)
        // Before the fix the resend took job b too, orphaning it until its lease expired.
        #expect(try queue.counts()[.processing] == 1 && queue.counts()[.queued] == 1)
    }

    @Test func aResentCompleteSucceedsAndTheJobIsOwedOnce() throws {
        let (queue, server) = try redisQueue()
        defer { _ = server }
        let id = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: nil, notify: true, now: t0)
        let claim = try #require(try queue.claim(worker: "w", now: t0))
        try queue.complete(claim, result: "r", now: t0)
        // The resend answers as the first run did (before the fix: leaseLost, and the webhook was skipped).
        try queue.complete(claim, result: "r", now: t0)
        #expect(try queue.pendingNotifications(limit: 10) == [id])
        #expect(try queue.job(id: id)?.status == .completed)
        // Another worker's token still cannot complete it.
        var other = claim
        other.leaseToken = "someone-else"
        #expect(throws: JobQueueError.self) { try queue.complete(other, result: "r", now: self.t0) }
    }

    @Test func aResentFailOrReleaseAnswersAsTheFirstRun() throws {
        let (queue, server) = try redisQueue(JobQueueConfiguration(maxAttempts: 2))
        defer { _ = server }
        let id = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: nil, notify: true, now: t0)
        let first = try #require(try queue.claim(worker: "w", now: t0))
        let error = JobError(code: "x", message: "y")
        #expect(try queue.fail(first, error: error, kind: .retryable, now: t0) == .retrying)
        #expect(try queue.fail(first, error: error, kind: .retryable, now: t0) == .retrying)
        #expect(try queue.job(id: id)?.attempts == 1)
        let second = try #require(try queue.claim(worker: "w", now: t0.addingTimeInterval(3600)))
        #expect(try queue.fail(second, error: error, kind: .retryable, now: t0.addingTimeInterval(3600)) == .failed)
        #expect(try queue.fail(second, error: error, kind: .retryable, now: t0.addingTimeInterval(3600)) == .failed)
        #expect(try queue.pendingNotifications(limit: 10) == [id])

        let other = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, now: t0)
        let claim = try #require(try queue.claim(worker: "w", now: t0))
        #expect(claim.job.id == other)
        #expect(try queue.release(claim, now: t0))
        #expect(try queue.release(claim, now: t0))
        #expect(try queue.job(id: other)?.status == .queued && queue.job(id: other)?.attempts == 0)
    }

    @Test func aResentCompleteAndClaimReturnsTheSameNextJob() throws {
        let (queue, server) = try redisQueue()
        defer { _ = server }
        let a = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: nil, now: t0)
        let b = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, now: t0)
        _ = try queue.enqueue(payload: "c", priority: .normal, idempotencyKey: nil, now: t0)
        let claim = try #require(try queue.claim(worker: "w", now: t0))
        #expect(claim.job.id == a)
        let next = try queue.completeAndClaimNext(claim, result: "r", worker: "w", nextToken: "next-1", now: t0)
        let resent = try queue.completeAndClaimNext(claim, result: "r", worker: "w", nextToken: "next-1", now: t0)
        #expect(next?.job.id == b && resent?.job.id == b)
        #expect(try queue.counts()[.processing] == 1 && queue.counts()[.queued] == 1 && queue.counts()[.completed] == 1)
    }

    @Test(arguments: Backend.allCases)
    func jobsThatAskedToBeReportedEnterTheOutboxWhenTheyEnd(_ backend: Backend) throws {
        let (queue, keep) = try backend.make(JobQueueConfiguration(maxAttempts: 1))
        defer { _ = keep }
        let completed = try queue.enqueue(payload: "a", priority: .high, idempotencyKey: nil, notify: true, now: t0)
        let silent = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, notify: false, now: t0)
        let failed = try queue.enqueue(payload: "c", priority: .low, idempotencyKey: nil, notify: true, now: t0)
        let cancelled = try queue.enqueue(payload: "d", priority: .low, idempotencyKey: nil, notify: true, now: t0)

        try queue.complete(try #require(try queue.claim(worker: "w", now: t0)), result: "r", now: t0)
        try queue.complete(try #require(try queue.claim(worker: "w", now: t0)), result: "r", now: t0)
        let third = try #require(try queue.claim(worker: "w", now: t0))
        #expect(third.job.id == failed)
        #expect(try queue.fail(third, error: JobError(code: "x", message: "y"), kind: .retryable, now: t0) == .failed)
        #expect(try queue.cancel(id: cancelled, now: t0))
        #expect(try queue.pendingNotifications(limit: 10) == [completed, failed, cancelled])
        #expect(!(try queue.pendingNotifications(limit: 10).contains(silent)))
        #expect(try queue.pendingNotifications(limit: 2) == [completed, failed])
        try queue.acknowledgeNotification(id: failed)
        #expect(try queue.pendingNotifications(limit: 10) == [completed, cancelled])
    }

    @Test(arguments: Backend.allCases)
    func anOutageUsesNoAttemptsUntilItsWindowEnds(_ backend: Backend) throws {
        // One attempt only: before the fix the first outage failed the job for good.
        let configuration = JobQueueConfiguration(maxAttempts: 1, backoffBase: 5, backoffFactor: 3, backoffJitter: 0, outageWindow: 100,
                                                  outageRetryCap: 60)
        let (queue, keep) = try backend.make(configuration)
        defer { _ = keep }
        let id = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: nil, now: t0)
        let down = JobError(code: "storage", message: "the store at 127.0.0.1:9 is unreachable")
        // Delays 5, 15, 45, then capped at 60; every one shown as retrying with the reason, no attempt used.
        var now = t0
        for delay in [5.0, 15, 45, 60] {
            let claim = try #require(try queue.claim(worker: "w", now: now))
            #expect(claim.job.attempts == 1)
            #expect(try queue.fail(claim, error: down, kind: .dependencyUnavailable, now: now) == .retrying)
            let job = try #require(try queue.job(id: id))
            #expect(job.status == .retrying && job.error == down && job.attempts == 0)
            #expect(try queue.claim(worker: "w", now: now.addingTimeInterval(delay - 0.5)) == nil, "retried before \(delay) s")
            now = now.addingTimeInterval(delay)
        }
        // 125 s into a 100 s window: the outage now counts as a failed attempt, and the only one is used.
        let last = try #require(try queue.claim(worker: "w", now: now))
        #expect(try queue.fail(last, error: down, kind: .dependencyUnavailable, now: now) == .failed)
        #expect(try queue.job(id: id)?.error == down)
    }

    @Test func aCommandThatMustNotRunTwiceIsNotResentAfterABreakInFlight() throws {
        let server = try LocalRedisServer()
        let blocked = try RedisConnection(server.configuration)
        let admin = try RedisConnection(server.configuration)
        // The connection is killed while BLPOP waits: with resend .never the caller hears the outcome is unknown.
        let outcome = LockedBox<Result<RedisValue, RedisError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            do throws(RedisError) { outcome.set(.success(try blocked.command(["BLPOP", "never", "5"], resend: .never))) } catch { outcome.set(.failure(error)) }
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.3)
        _ = try admin.command(["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"])
        #expect(done.wait(timeout: .now() + 10) == .success)
        guard case .failure(let error) = outcome.get() else {
            Issue.record("expected outcomeUnknown, got \(String(describing: outcome.get()))")
            return
        }
        #expect(error.code == .outcomeUnknown && error.message.contains("was not sent again"))
        // The same break with resend .safe is retried on a new connection, where the command completes.
        let admin2 = try RedisConnection(server.configuration)
        let resent = LockedBox<RedisValue?>(nil)
        let done2 = DispatchSemaphore(value: 0)
        Thread {
            resent.set(try? blocked.command(["BLPOP", "list", "5"], resend: .safe))
            done2.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.3)
        _ = try admin2.command(["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"])
        Thread.sleep(forTimeInterval: 0.5)
        let admin3 = try RedisConnection(server.configuration)
        _ = try admin3.command(["RPUSH", "list", "x"])
        #expect(done2.wait(timeout: .now() + 10) == .success)
        #expect(resent.get()?.array?.last?.string == "x")
    }
}

/// A value shared with a thread.
final class LockedBox<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
