import ArgumentParser
import Foundation
import JobQueue
import TestSupport

/// Counts what one poster job costs Redis, phase by phase, from `INFO commandstats` deltas: the commands
/// the client sends, the commands Redis executes (scripts' own calls included) and the microseconds Redis
/// spends executing them. Benchmarks/README.md, "Job queue: Redis operations per job and sharding".
struct QueueCostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-cost",
        abstract: "Count the Redis commands and Redis CPU time of each step of a poster job (enqueue, claim, progress, heartbeat, complete, poll, idle wait).",
        discussion: "Starts its own redis-server (or, with --cluster, a three-node Redis Cluster reached through a node that does not own the queue's slot)."
    )

    @Option(help: "Jobs per phase.")
    var jobs: Int = 2_000
    @Flag(help: "Run against a local three-node Redis Cluster instead of one server.")
    var cluster = false

    /// One step of a job and how many commands the client sends for it (known from the code; the EVALSHA
    /// count the server reports checks the script part).
    struct Phase {
        let name: String
        let sent: Int
        let run: (RedisJobQueue, Int, Trail) throws -> Void
    }

    /// The jobs the phases pass on to each other.
    final class Trail {
        var ids: [String] = []
        var claims: [ClaimedJob] = []
    }

    func run() throws {
        let server = cluster ? nil : try LocalRedisServer()
        let redisCluster = cluster ? try LocalRedisCluster() : nil
        let ports = redisCluster?.ports ?? [server!.port]
        var entry = ports[0]
        if let redisCluster {
            let owner = try redisCluster.owner(ofSlot: Self.slot(ofTag: "cost"))
            entry = ports.first { $0 != owner } ?? entry
        }
        let queue = try RedisJobQueue(redis: RedisConfiguration(port: entry), prefix: "cost:",
                                      configuration: JobQueueConfiguration(lease: 30))
        let admins = try ports.map { try RedisConnection(RedisConfiguration(port: $0)) }
        print("cartopress-bench queue-cost: \(jobs) jobs per phase, \(cluster ? "3-node Redis Cluster via a non-owner node" : "one redis-server"), key prefix \(queue.keyPrefix)")
        // Warm-up: scripts loaded (and, on a cluster, the slot's owner learnt) before anything is counted.
        _ = try queue.enqueue(payload: "warm-up")
        if let claim = try queue.claim(worker: "w") { try queue.complete(claim, result: "ok", now: Date()) }
        _ = try queue.counts()

        let payload = String(repeating: "x", count: 600)
        let state = Trail()
        let phases: [Phase] = [
            // As POST /posters/generate does: enqueue, the depth for the answer, the job read back.
            Phase(name: "enqueue (API: enqueue + depth + read back)", sent: 5) { queue, i, state in
                let id = try queue.enqueue(payload: payload, priority: .normal, idempotencyKey: "order-\(i)", notify: true, now: Date())
                _ = try queue.queuedByPriority()
                _ = try queue.job(id: id)
                state.ids.append(id)
            },
            Phase(name: "claim", sent: 1) { queue, _, state in
                if let claim = try queue.claim(worker: "w", now: Date()) { state.claims.append(claim) }
            },
            Phase(name: "progress report (one stage)", sent: 1) { queue, i, state in
                _ = try queue.reportProgress(state.claims[i], progress: 40, stage: "drawing", now: Date())
            },
            Phase(name: "heartbeat", sent: 1) { queue, i, state in _ = try queue.heartbeat(state.claims[i], now: Date()) },
            Phase(name: "complete", sent: 1) { queue, i, state in try queue.complete(state.claims[i], result: #"{"url":"s3://posters/x.png"}"#, now: Date()) },
            Phase(name: "status poll (GET /posters/jobs/{id})", sent: 1) { queue, i, state in _ = try queue.job(id: state.ids[i]) },
            Phase(name: "outbox drain (list + acknowledge)", sent: 2) { queue, i, state in
                _ = try queue.pendingNotifications(limit: 1)
                try queue.acknowledgeNotification(id: state.ids[i])
            },
            Phase(name: "idle worker, per second (claim nothing + BLPOP 1 s)", sent: 2) { queue, _, _ in
                _ = try queue.claim(worker: "idle", now: Date())
                try queue.waitForWork(timeout: 0.001)
            },
        ]
        print("| step | commands sent | commands Redis runs | Redis µs |")
        print("|---|---|---|---|")
        for phase in phases {
            let before = try Self.stats(admins)
            for i in 0..<jobs {
                try phase.run(queue, i, state)
            }
            let after = try Self.stats(admins)
            // The INFO of each node is itself a command: leave the measurement out.
            let executed = Double(after.calls - before.calls - admins.count) / Double(jobs)
            let scripts = Double(after.scripts - before.scripts) / Double(jobs)
            let usec = Double(after.usec - before.usec) / Double(jobs)
            print(String(format: "| %@ | %d (%.2f scripts) | %.2f | %.1f |", phase.name, phase.sent, scripts, executed, usec))
        }
        redisCluster?.stop()
        server?.stop()
    }

    /// Totals of `INFO commandstats` over every node: calls, script calls (EVALSHA and EVAL) and microseconds.
    static func stats(_ admins: [RedisConnection]) throws -> (calls: Int, scripts: Int, usec: Int) {
        var total = (calls: 0, scripts: 0, usec: 0)
        for admin in admins {
            let text = try admin.command(["INFO", "commandstats"]).string ?? ""
            for line in text.split(separator: "\r\n") where line.hasPrefix("cmdstat_") {
                let name = line.dropFirst("cmdstat_".count).prefix { $0 != ":" }
                var fields: [Substring: Int] = [:]
                for pair in line.drop(while: { $0 != ":" }).dropFirst().split(separator: ",") {
                    let parts = pair.split(separator: "=")
                    if parts.count == 2, let value = Int(parts[1]) { fields[parts[0]] = value }
                }
                total.calls += fields["calls"] ?? 0
                total.usec += fields["usec"] ?? 0
                if name == "evalsha" || name == "eval" { total.scripts += fields["calls"] ?? 0 }
            }
        }
        return total
    }

    /// CRC16 hash slot of a hash tag (Redis Cluster's key → slot rule), to find the node that owns the queue.
    static func slot(ofTag tag: String) -> Int {
        var crc: UInt16 = 0
        for byte in tag.utf8 {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return Int(crc) % 16_384
    }
}
