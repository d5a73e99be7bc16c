import Foundation
import Testing
import TestSupport
@testable import JobQueue

/// A worker process killed with SIGKILL mid-job: its lease lapses, the reaper returns the job, and another
/// worker completes it exactly once.
@Suite(.tags(.slow), .tags(.slow)) struct WorkerCrashTests {
    /// The test-only `cartopress-test-worker` binary (Tests/TestWorker) built beside the test bundle:
    /// `swift build --build-tests` (which scripts/test.sh runs) builds it with every other target.
    static var testWorker: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory.appendingPathComponent("cartopress-test-worker"),
                          directory.deletingLastPathComponent().appendingPathComponent("cartopress-test-worker")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    @Test func aKilledWorkersJobIsReclaimedAndCompletedOnce() throws {
        let binary = try #require(Self.testWorker, """
            cartopress-test-worker is not built beside the test bundle: run `swift build --build-tests` (or \
            `swift build --product cartopress-test-worker`) before `swift test --skip-build`, or use scripts/test.sh
            """)
        let server = try LocalRedisServer()
        let lease = 1.0
        let queue = try RedisJobQueue(redis: server.configuration, prefix: "crash:", configuration: JobQueueConfiguration(lease: lease))
        let id = try queue.enqueue(payload: "poster")

        let worker = Process()
        worker.executableURL = binary
        worker.arguments = ["--redis-port", String(server.port), "--prefix", "crash:", "--lease", String(lease)]
        let output = Pipe()
        worker.standardOutput = output
        try worker.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line == id)
        // Alive and heartbeating: the reaper leaves it alone for well past one lease.
        for _ in 0..<10 {
            Thread.sleep(forTimeInterval: 0.25)
            #expect(try queue.reap(now: Date()) == 0)
        }
        #expect(try queue.job(id: id)?.status == .processing)

        kill(worker.processIdentifier, SIGKILL)
        let killedAt = Date()
        // The reaper runs every 200 ms; the job must be back within lease + one reaper interval.
        let reaper = JobReaper(queue: queue, interval: 0.2)
        reaper.start()
        var reclaimedAt: Date?
        while Date().timeIntervalSince(killedAt) < 5 {
            if try queue.job(id: id)?.status == .queued { reclaimedAt = Date(); break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        reaper.stop()
        #expect(reaper.reapedCount == 1 && reaper.lastFailure == nil)
        let delay = try #require(reclaimedAt).timeIntervalSince(killedAt)
        #expect(delay <= lease + 0.2 + 0.3, "reclaimed after \(delay) s")
        let claim = try #require(try queue.claim(worker: "survivor"))
        #expect(claim.job.id == id && claim.job.attempts == 2 && claim.job.stalls == 1)
        try queue.complete(claim, result: "done", now: Date())
        let counts = try queue.counts()
        #expect(counts[.completed] == 1 && counts.total == 1)
    }
}
