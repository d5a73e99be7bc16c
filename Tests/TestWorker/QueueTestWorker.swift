import ArgumentParser
import Foundation
import JobQueue

/// A stand-in worker for the queue's crash tests (`WorkerCrashTests`): claims a job, prints its id, then holds
/// it while heartbeating, as a render would, until killed. A test-only executable, never shipped:
/// `swift build --build-tests` builds it beside the test bundle.
@main
struct QueueTestWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartopress-test-worker",
        abstract: "Claim one job and hold it with heartbeats until killed (for queue crash tests)."
    )

    @Option var redisPort: Int
    @Option var prefix: String
    @Option var lease: Double = 1

    func run() throws {
        let queue = try RedisJobQueue(redis: RedisConfiguration(port: redisPort), prefix: prefix, configuration: JobQueueConfiguration(lease: lease))
        var claim: ClaimedJob?
        while claim == nil {
            claim = try queue.claim(worker: "test-worker-\(getpid())")
            if claim == nil { try queue.waitForWork(timeout: 0.1) }
        }
        // Unbuffered, so the test reads the id at once.
        FileHandle.standardOutput.write(Data((claim!.job.id + "\n").utf8))
        while true {
            Thread.sleep(forTimeInterval: lease / 3)
            _ = try queue.heartbeat(claim!, now: Date())
        }
    }
}
