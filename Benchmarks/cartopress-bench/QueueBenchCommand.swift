import ArgumentParser
import Dispatch
import Foundation
import JobQueue
import TestSupport

struct QueueBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Measure the Redis job queue: enqueue + claim + complete throughput, and memory after jobs expire.",
        discussion: "Starts its own redis-server on loopback unless --redis-port is given."
    )

    @Option(help: "Jobs per run.")
    var jobs: Int = 10_000
    @Option(help: "Concurrent workers, each with its own connection.")
    var workers: Int = 4
    @Option(help: "Concurrent producers (API handlers enqueue concurrently), each with its own connection.")
    var producers: Int = 4
    @Option(help: "Measured runs after a warm-up (medians are reported).")
    var runs: Int = 5
    @Option(help: "Use a running Redis on 127.0.0.1 at this port instead of starting one.")
    var redisPort: Int?

    func run() throws {
        let server = redisPort == nil ? try LocalRedisServer() : nil
        let redis = server?.configuration ?? RedisConfiguration(port: redisPort!)
        let admin = try RedisConnection(redis)
        func usedMemory() throws -> Int {
            let info = try admin.command(["INFO", "memory"]).string ?? ""
            let line = info.split(separator: "\r\n").first { $0.hasPrefix("used_memory:") }
            return Int(line?.split(separator: ":").last ?? "0") ?? 0
        }
        print("cartopress-bench queue: \(jobs) jobs, \(producers) producers, \(workers) workers, Redis at 127.0.0.1:\(redis.port)")
        var rates: [Double] = []
        var memory: [(before: Int, full: Int, after: Int)] = []
        // Run 0 is a warm-up (script loading, first allocations) and is not reported.
        for run in 0...runs {
            let prefix = "bench\(run):"
            let configuration = JobQueueConfiguration(terminalTTL: 1)
            let producer = try RedisJobQueue(redis: redis, prefix: prefix, configuration: configuration)
            let producerQueues = try (0..<producers).map { _ in try RedisJobQueue(redis: redis, prefix: prefix, configuration: configuration) }
            let consumers = try (0..<workers).map { _ in try RedisJobQueue(redis: redis, prefix: prefix, configuration: configuration) }
            let before = try usedMemory()
            let start = Date()
            let payload = String(repeating: "x", count: 200)
            let total = jobs
            let done = Counter()
            // Real threads: the producer and every worker block on Redis, so none may wait for a pool slot.
            let finished = DispatchGroup()
            for index in 0..<(workers + producers) {
                finished.enter()
                let thread = Thread {
                    defer { finished.leave() }
                    if index >= workers {
                        let p = index - workers
                        for i in stride(from: p, to: total, by: producers) {
                            _ = try? producerQueues[p].enqueue(payload: payload, priority: i % 10 == 0 ? .high : .normal)
                        }
                        return
                    }
                    let queue = consumers[index]
                    var current: ClaimedJob? = nil
                    while done.value < total {
                        if current == nil { current = try? queue.claim(worker: "w\(index)") }
                        if let claim = current {
                            // A busy worker finishes one job and takes the next in one round trip.
                            current = try? queue.completeAndClaimNext(claim, result: "ok", worker: "w\(index)", now: Date())
                            done.increment()
                        } else {
                            try? queue.waitForWork(timeout: 0.05)
                        }
                    }
                }
                thread.start()
            }
            finished.wait()
            let elapsed = Date().timeIntervalSince(start)
            if run > 0 { rates.append(Double(total) / elapsed) }
            let full = try usedMemory()
            // Terminal records expire after the TTL; the reaper forgets their ids.
            Thread.sleep(forTimeInterval: 1.5)
            _ = try producer.reap(now: Date())
            _ = try admin.command(["DEL", "\(prefix)seq", "\(prefix)wake"])
            let after = try usedMemory()
            if run == 0 { continue }
            memory.append((before, full, after))
            print(String(format: "run %d: %.0f jobs/s (%.2f s); used_memory %.2f MB before, %.2f MB with %d completed jobs, %.2f MB after expiry (%+.1f%%)",
                         run, Double(total) / elapsed, elapsed, Double(before) / 1e6, Double(full) / 1e6, total, Double(after) / 1e6,
                         100 * Double(after - before) / Double(before)))
        }
        let sorted = rates.sorted()
        print(String(format: "median: %.0f jobs/s [%.0f–%.0f] (target 5,000)", sorted[sorted.count / 2], sorted.first!, sorted.last!))
        _ = memory
        server?.stop()
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
