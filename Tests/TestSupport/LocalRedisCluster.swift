import Foundation

/// A Redis Cluster of three masters (no replicas) on loopback, started by this process for tests and
/// benchmarks: three ``LocalRedisServer``s with `--cluster-enabled yes`, joined by `redis-cli --cluster
/// create`, ready once every node reports `cluster_state:ok`. The servers die with this object.
public final class LocalRedisCluster: @unchecked Sendable {
    // @unchecked: `nodes` is fixed after init; each server is only restarted by the test that owns the cluster.
    public let nodes: [LocalRedisServer]

    /// The nodes' ports, in the order the slots were given out (the first owns slots 0–5460).
    public var ports: [Int] { nodes.map(\.port) }

    public init(masters: Int = 3) throws(LocalRedisServerError) {
        var nodes: [LocalRedisServer] = []
        for _ in 0..<masters {
            // Port + 10000 is the cluster bus port, so stay below 55536.
            nodes.append(try LocalRedisServer(extraArguments: ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                                                              "--cluster-node-timeout", "2000", "--appendonly", "no"],
                                              ports: 20_000...55_000))
        }
        self.nodes = nodes
        let create = try Self.cli(["--cluster", "create"] + nodes.map { "127.0.0.1:\($0.port)" } + ["--cluster-replicas", "0", "--cluster-yes"], timeout: 30)
        guard create.status == 0 else { throw LocalRedisServerError("redis-cli --cluster create failed: \(create.output.suffix(2000))") }
        try waitUntilReady()
    }

    /// Waits until every node says `cluster_state:ok` and knows all 16384 slots (gossip takes a moment after
    /// `create`).
    public func waitUntilReady(timeout: Double = 20) throws(LocalRedisServerError) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            let infos = nodes.map { (try? Self.cli(["-p", String($0.port), "cluster", "info"], timeout: 5).output) ?? "" }
            if infos.allSatisfy({ $0.contains("cluster_state:ok") && $0.contains("cluster_slots_ok:16384") }) { return }
            last = infos.joined(separator: "\n")
            usleep(100_000)
        }
        throw LocalRedisServerError("the local Redis Cluster did not reach cluster_state:ok in \(timeout) s: \(last.prefix(1000))")
    }

    /// The port of the master that owns hash `slot`, from `CLUSTER NODES` as the first node sees it.
    public func owner(ofSlot slot: Int) throws(LocalRedisServerError) -> Int {
        let text = try Self.cli(["-p", String(nodes[0].port), "cluster", "nodes"], timeout: 5).output
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 8, fields[2].contains("master"), !fields[2].contains("fail") else { continue }
            for range in fields[8...] where !range.hasPrefix("[") {
                let bounds = range.split(separator: "-").compactMap { Int($0) }
                if let low = bounds.first, let high = bounds.last, (low...high).contains(slot),
                   let port = fields[1].split(separator: "@").first?.split(separator: ":").last.flatMap({ Int($0) }) {
                    return port
                }
            }
        }
        throw LocalRedisServerError("no master owns slot \(slot): \(text.prefix(1000))")
    }

    /// The node id (`CLUSTER MYID`) of the node on `port`.
    public func nodeID(port: Int) throws(LocalRedisServerError) -> String {
        try Self.cli(["-p", String(port), "cluster", "myid"], timeout: 5).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `redis-cli` with `arguments` to its end (polling, not `waitUntilExit`, which can hang on Linux off
    /// the main thread) and returns its exit status and output.
    @discardableResult
    public static func cli(_ arguments: [String], timeout: Double) throws(LocalRedisServerError) -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("redis-cli-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LocalRedisServer.executable.replacingOccurrences(of: "redis-server", with: "redis-cli"))
        process.arguments = arguments
        do {
            let handle = try FileHandle(forWritingTo: log)
            defer { try? handle.close() }
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        } catch {
            throw LocalRedisServerError("cannot run redis-cli: \(error.localizedDescription); install redis-tools (scripts/setup.sh does)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                break
            }
            usleep(10_000)
        }
        while process.isRunning { usleep(10_000) }
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Kills every node.
    public func stop() {
        for node in nodes { node.stop() }
    }
}
