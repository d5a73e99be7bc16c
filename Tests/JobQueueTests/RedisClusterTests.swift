import Dispatch
import Foundation
import Testing
import TestSupport
@testable import JobQueue

/// The Redis engine on a real three-node Redis Cluster (LocalRedisCluster): every queue operation through a
/// node that does not own the queue's slot (so every first command is answered MOVED), all keys in one slot,
/// the blocking wait on the owning node, scripts loaded per node, and a slot migration (ASK, then MOVED).
@Suite(.tags(.slow)) struct RedisClusterTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A cluster, and a queue under `cq:` connected through a node that does not own the queue's slot.
    struct Fixture {
        let cluster: LocalRedisCluster
        let queue: RedisJobQueue
        let slot: Int
        let owner: Int
        let entry: Int

        init(_ configuration: JobQueueConfiguration = JobQueueConfiguration()) throws {
            cluster = try LocalRedisCluster()
            slot = RedisSlot.of("{cq}:")
            owner = try cluster.owner(ofSlot: slot)
            let owner = owner
            guard let entry = cluster.ports.first(where: { $0 != owner }) else { throw ClusterTestError() }
            self.entry = entry
            queue = try RedisJobQueue(redis: RedisConfiguration(port: entry), prefix: "cq:", configuration: configuration)
        }

        func admin(_ port: Int) throws -> RedisConnection { try RedisConnection(RedisConfiguration(port: port)) }
    }

    @Test func keysAreHashTaggedOnAClusterAndKeptOnALoneServer() throws {
        #expect(RedisKeyPrefix.effective("cartopress:", cluster: true) == "{cartopress}:")
        #expect(RedisKeyPrefix.effective("cartopress:webhooks:", cluster: true) == "{cartopress:webhooks}:")
        #expect(RedisKeyPrefix.effective("plain", cluster: true) == "{plain}")
        #expect(RedisKeyPrefix.effective("{eu}:cartopress:", cluster: true) == "{eu}:cartopress:")
        #expect(RedisKeyPrefix.effective("a{}b:", cluster: true) == "{a{}b}:")
        #expect(RedisKeyPrefix.effective("", cluster: true) == nil)
        #expect(RedisKeyPrefix.effective("cartopress:", cluster: false) == "cartopress:")

        let server = try LocalRedisServer()
        #expect(try RedisJobQueue(redis: server.configuration, prefix: "t:").keyPrefix == "t:")
        let cluster = try LocalRedisCluster()
        let queue = try RedisJobQueue(redis: RedisConfiguration(port: cluster.ports[0]), prefix: "t:")
        #expect(queue.keyPrefix == "{t}:")
        #expect(throws: JobQueueError.self) { try RedisJobQueue(redis: RedisConfiguration(port: cluster.ports[0]), prefix: "") }
        // The client's slot function agrees with the server's.
        let connection = try RedisConnection(RedisConfiguration(port: cluster.ports[0]))
        var random = SystemRandomNumberGenerator()
        let keys = ["", "{}", "{}x", "a{b}c", "{user1000}.following", "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "✓{é}"]
            + (0..<200).map { _ in String((0..<Int.random(in: 1...24, using: &random)).map { _ in "ab{}:xyz0123é".randomElement(using: &random)! }) }
        for key in keys {
            #expect(try connection.command(["CLUSTER", "KEYSLOT", key]).int == Int64(RedisSlot.of(key)), "\(key)")
        }
    }

    @Test func everyFlowWorksThroughANodeThatDoesNotOwnTheQueue() throws {
        let f = try Fixture(JobQueueConfiguration(lease: 30, maxAttempts: 2, backoffBase: 60, stallLimit: 1))
        defer { f.cluster.stop() }
        let queue = f.queue
        #expect(queue.keyPrefix == "{cq}:")
        let a = try queue.enqueue(payload: "a", priority: .normal, idempotencyKey: "order-1", notify: true, now: t0)
        #expect(try queue.enqueue(payload: "a again", priority: .normal, idempotencyKey: "order-1", notify: true, now: t0) == a)
        let b = try queue.enqueue(payload: "b", priority: .normal, idempotencyKey: nil, now: t0)
        let c = try queue.enqueue(payload: "c", priority: .low, idempotencyKey: nil, now: t0)
        let d = try queue.enqueue(payload: "d", priority: .high, idempotencyKey: nil, now: t0)
        #expect(try queue.queuedByPriority() == [.high: 1, .normal: 2, .low: 1])
        #expect(queue.connection.clusterStatistics.redirections >= 1, "the entry node should have answered MOVED")

        // Claim, heartbeat, progress, complete-and-claim-next, complete; the outbox gets the notified job.
        let first = try #require(try queue.claim(worker: "w", now: t0))
        #expect(first.job.id == d)
        #expect(try queue.heartbeat(first, now: t0.addingTimeInterval(5)))
        #expect(try queue.reportProgress(first, progress: 40, stage: "render", now: t0.addingTimeInterval(6)))
        #expect(try queue.job(id: d)?.stage == "render")
        let second = try #require(try queue.completeAndClaimNext(first, result: "s3://d", worker: "w", now: t0.addingTimeInterval(7)))
        #expect(second.job.id == a)
        try queue.complete(second, result: "s3://a", now: t0.addingTimeInterval(8))
        #expect(try queue.pendingNotifications(limit: 10) == [a])
        try queue.acknowledgeNotification(id: a)
        #expect(try queue.pendingNotifications(limit: 10).isEmpty)

        // Fail and retry, then dead-letter, requeue.
        let third = try #require(try queue.claim(worker: "w", now: t0.addingTimeInterval(10)))
        #expect(third.job.id == b)
        #expect(try queue.fail(third, error: JobError(code: "tiles", message: "timeout"), kind: .retryable, now: t0.addingTimeInterval(10)) == .retrying)
        #expect(try queue.job(id: b)?.status == .retrying)
        let retry = try #require(try queue.claim(worker: "w", now: t0.addingTimeInterval(3600)))
        #expect(retry.job.id == b && retry.job.attempts == 2)
        #expect(try queue.fail(retry, error: JobError(code: "tiles", message: "timeout"), kind: .retryable, now: t0.addingTimeInterval(3600)) == .failed)
        #expect(try queue.jobs(status: .failed, offset: 0, limit: 10).map(\.id) == [b])
        #expect(try queue.requeue(id: b, now: t0.addingTimeInterval(3601)))
        #expect(try queue.job(id: b)?.status == .queued)

        // A lease that runs out is reaped; past the stall limit the job is dead-lettered.
        let stalled = try #require(try queue.claim(worker: "w", now: t0.addingTimeInterval(3602)))
        #expect(stalled.job.id == b)
        #expect(try queue.reap(now: t0.addingTimeInterval(3700)) == 1)
        #expect(try queue.job(id: b)?.status == .queued)
        #expect(try !queue.heartbeat(stalled, now: t0.addingTimeInterval(3701)))
        let again = try #require(try queue.claim(worker: "w", now: t0.addingTimeInterval(3702)))
        #expect(try queue.release(again, now: t0.addingTimeInterval(3703)))
        let last = try #require(try queue.claim(worker: "w", now: t0.addingTimeInterval(3704)))
        #expect(try queue.reap(now: t0.addingTimeInterval(3800)) == 1)
        #expect(try queue.job(id: last.job.id)?.error?.code == "stalled")

        // Cancel a queued job; an unknown one is not found.
        #expect(try queue.cancel(id: c, now: t0.addingTimeInterval(3900)))
        #expect(throws: JobQueueError.self) { try queue.cancel(id: "job_missing", now: self.t0) }
        let counts = try queue.counts()
        #expect(counts[.completed] == 2 && counts[.failed] == 1 && counts[.cancelled] == 1 && counts.total == 4)
        #expect(try queue.purge(id: a))

        // Every key the queue wrote is in its slot, on its owner, and nowhere else.
        let owner = try f.admin(f.owner)
        let keys = try #require(try owner.command(["KEYS", "*"]).array?.compactMap(\.string))
        #expect(keys.count >= 8, "\(keys)")
        for key in keys {
            #expect(key.hasPrefix("{cq}:"), "\(key)")
            #expect(try owner.command(["CLUSTER", "KEYSLOT", key]).int == Int64(f.slot), "\(key)")
        }
        #expect(try owner.command(["CLUSTER", "COUNTKEYSINSLOT", String(f.slot)]).int == Int64(keys.count))
        for port in f.cluster.ports where port != f.owner {
            #expect(try f.admin(port).command(["DBSIZE"]).int == 0, "node \(port) holds queue keys")
        }
    }

    @Test func aWaitingWorkerWakesThroughTheOwningNode() throws {
        let f = try Fixture()
        defer { f.cluster.stop() }
        let producer = try RedisJobQueue(redis: RedisConfiguration(port: f.entry), prefix: "cq:")
        let woke = DispatchSemaphore(value: 0)
        let started = Date()
        let elapsed = Elapsed()
        Thread {
            try? f.queue.waitForWork(timeout: 10)
            elapsed.set(Date().timeIntervalSince(started))
            woke.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.5)
        _ = try producer.enqueue(payload: "wake up")
        #expect(woke.wait(timeout: .now() + 8) == .success)
        #expect(elapsed.value < 5, "waited \(elapsed.value) s for a job enqueued after 0.5 s")
        #expect(try f.queue.claim(worker: "w")?.job.payload == "wake up")
    }

    @Test func scriptsAreLoadedOnEachNodeAndAgainAfterAFlush() throws {
        let cluster = try LocalRedisCluster()
        defer { cluster.stop() }
        let connection = try RedisConnection(RedisConfiguration(port: cluster.ports[0]))
        // One key per node: the script is loaded where it was first asked for, and must run on all three.
        var keys: [Int: String] = [:]
        var n = 0
        while keys.count < 3 {
            let key = "{k\(n)}:count"
            keys[try cluster.owner(ofSlot: RedisSlot.of(key))] = key
            n += 1
        }
        let script = "return redis.call('INCR', KEYS[1])"
        for _ in 0..<2 {
            for key in keys.values { _ = try connection.eval(script, keys: [key], arguments: [], resend: .safe) }
        }
        try RedisConnection(RedisConfiguration(port: cluster.ports[1])).command(["SCRIPT", "FLUSH"])
        for key in keys.values { #expect(try connection.eval(script, keys: [key], arguments: [], resend: .safe) == .integer(3)) }
    }

    /// The queue's slot moves to another node while the queue runs: single-key reads of moved keys follow
    /// ASK, a script waits until the migration ends, then MOVED sends everything to the new owner.
    @Test func aSlotMigrationIsFollowed() throws {
        let f = try Fixture()
        defer { f.cluster.stop() }
        let ids = try (0..<5).map { i in try f.queue.enqueue(payload: "job \(i)") }
        let target = try #require(f.cluster.ports.first { $0 != f.owner })
        let source = try f.admin(f.owner), destination = try f.admin(target)
        let sourceID = try f.cluster.nodeID(port: f.owner), targetID = try f.cluster.nodeID(port: target)
        #expect(try destination.command(["CLUSTER", "SETSLOT", String(f.slot), "IMPORTING", sourceID]) == .status("OK"))
        #expect(try source.command(["CLUSTER", "SETSLOT", String(f.slot), "MIGRATING", targetID]) == .status("OK"))
        let moved = "{cq}:job:\(ids[0])"
        #expect(try source.command(["MIGRATE", "127.0.0.1", String(target), moved, "0", "5000"]) == .status("OK"))
        let before = f.queue.connection.clusterStatistics
        #expect(try f.queue.job(id: ids[0])?.payload == "job 0")
        #expect(f.queue.connection.clusterStatistics.redirections > before.redirections, "the read should have followed ASK")

        // A script during the migration waits; the rest of the keys move and the slot is handed over.
        let enqueued = Elapsed()
        let done = DispatchSemaphore(value: 0)
        Thread {
            if (try? f.queue.enqueue(payload: "during the migration")) != nil { enqueued.set(1) }
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.3)
        while let keys = try source.command(["CLUSTER", "GETKEYSINSLOT", String(f.slot), "100"]).array?.compactMap(\.string), !keys.isEmpty {
            for key in keys { #expect(try source.command(["MIGRATE", "127.0.0.1", String(target), key, "0", "5000"]) == .status("OK")) }
        }
        for port in f.cluster.ports {
            #expect(try f.admin(port).command(["CLUSTER", "SETSLOT", String(f.slot), "NODE", targetID]) == .status("OK"))
        }
        #expect(done.wait(timeout: .now() + 15) == .success)
        #expect(enqueued.value == 1)
        #expect(f.queue.connection.clusterStatistics.waits > before.waits, "the script should have waited for the migration")
        #expect(try f.queue.counts()[.queued] == 6)
        #expect(try source.command(["DBSIZE"]).int == 0)
        #expect(try f.cluster.owner(ofSlot: f.slot) == target)
    }
}

struct ClusterTestError: Error {}

/// A value set by one thread and read by another.
final class Elapsed: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Double.infinity
    func set(_ value: Double) { lock.withLock { stored = value } }
    var value: Double { lock.withLock { stored } }
}
