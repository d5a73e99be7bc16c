import Foundation
import Testing
import TestSupport
@testable import JobQueue

/// What only the Redis engine does: start-up checks, script reloading, reconnecting.
@Suite(.tags(.slow), .tags(.slow)) struct RedisEngineTests {
    @Test func startUpChecksRefuseEvictionAndWarnWithoutAOF() throws {
        let server = try LocalRedisServer()
        let queue = try RedisJobQueue(redis: server.configuration, prefix: "t:")
        #expect(try queue.checkServer() == ["Redis appendonly is off: acknowledged jobs may be lost if Redis restarts; set appendonly yes"])
        try RedisConnection(server.configuration).command(["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"])
        #expect(throws: JobQueueError(.backend, "Redis maxmemory-policy is allkeys-lru; set it to noeviction so that jobs are never evicted (CONFIG SET maxmemory-policy noeviction)")) {
            try queue.checkServer()
        }
    }

    @Test func scriptsAreReloadedAfterAFlush() throws {
        let server = try LocalRedisServer()
        let queue = try RedisJobQueue(redis: server.configuration, prefix: "t:")
        _ = try queue.enqueue(payload: "a")
        try RedisConnection(server.configuration).command(["SCRIPT", "FLUSH"])
        _ = try queue.enqueue(payload: "b")
        #expect(try queue.counts()[.queued] == 2)
    }

    @Test func repliesAreBinarySafe() throws {
        let server = try LocalRedisServer()
        let connection = try RedisConnection(server.configuration)
        let value = "a b\r\n\"c\" ✓"
        try connection.command(["SET", "k", value])
        #expect(try connection.command(["GET", "k"]).string == value)
        #expect(try connection.command(["INCRBY", "n", "41"]) == .integer(41))
        #expect(try connection.pipeline([["INCR", "n"], ["GET", "missing"]]) == [.integer(42), .null])
        if case .error(let message) = try connection.command(["FROB"]) { #expect(message.hasPrefix("ERR unknown command")) } else { Issue.record("expected an error reply") }
    }

    @Test func aClearErrorWhenRedisIsDown() {
        #expect {
            try RedisConnection(RedisConfiguration(port: 1, connectTimeout: 0.2, reconnectAttempts: 0))
        } throws: { error in
            "\(error)".hasPrefix("cannot connect to Redis at 127.0.0.1:1:") && "\(error)".hasSuffix("is redis-server running?")
        }
    }

    @Test func theConnectionReconnectsAfterARestart() throws {
        let server = try LocalRedisServer(extraArguments: [])
        let connection = try RedisConnection(server.configuration)
        #expect(try connection.command(["PING"]) == .status("PONG"))
        try connection.command(["CLIENT", "KILL", "TYPE", "normal"])
        #expect(try connection.command(["PING"]) == .status("PONG"))
    }
}

/// Acknowledged jobs survive a Redis crash when append-only persistence is on, and clients reconnect.
@Suite struct RedisDurabilityTests {
    @Test func aRestartedRedisLosesNoAcknowledgedJob() throws {
        let server = try LocalRedisServer(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        let queue = try RedisJobQueue(redis: server.configuration, prefix: "d:")
        #expect(try queue.checkServer().isEmpty)
        var ids: [String] = []
        for i in 0..<200 { ids.append(try queue.enqueue(payload: "job \(i)", priority: i % 3 == 0 ? .high : .normal)) }
        let claimed = try #require(try queue.claim(worker: "w"))
        try queue.complete(claimed, result: "done", now: Date())
        try server.restart()
        // The same queue object reconnects by itself.
        let counts = try queue.counts()
        #expect(counts[.queued] == 199 && counts[.completed] == 1 && counts.total == 200)
        for id in ids { #expect(try queue.job(id: id) != nil) }
        #expect(try queue.claim(worker: "w") != nil)
    }
}

/// Redis killed while producers are enqueueing: every enqueue that was acknowledged survives.
@Suite struct RedisCrashUnderLoadTests {
    @Test func noAcknowledgedJobIsLostWhenRedisCrashesMidLoad() throws {
        let server = try LocalRedisServer(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        let queue = try RedisJobQueue(redis: RedisConfiguration(port: server.port, commandTimeout: 1, reconnectAttempts: 8), prefix: "load:")
        let acknowledged = IDs()
        let stop = Flag()
        let producer = Thread {
            var i = 0
            while !stop.isSet {
                if let id = try? queue.enqueue(payload: "job \(i)") { acknowledged.add(id) }
                i += 1
            }
        }
        producer.start()
        // Counted, not timed: the crash falls mid-load however busy the machine is, and load goes on after it.
        func waitFor(_ count: Int) {
            let deadline = Date().addingTimeInterval(30)
            while acknowledged.all.count < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        waitFor(50)
        let beforeCrash = acknowledged.all.count
        try server.restart()
        waitFor(beforeCrash + 50)
        stop.set()
        Thread.sleep(forTimeInterval: 0.2)
        let ids = acknowledged.all
        #expect(beforeCrash >= 50 && ids.count >= beforeCrash + 50, "\(beforeCrash) before the crash, \(ids.count) in all")
        let counts = try queue.counts()
        #expect(counts[.queued] >= ids.count)
        for id in ids { #expect(try queue.job(id: id) != nil, "acknowledged job \(id) was lost") }
    }
}

/// A flag set by one thread and read by another.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
