import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import BenchmarkSupport

/// `cartopress-bench load-test`: many concurrent clients submit posters to a running service and poll them to
/// completion; reports throughput, latency percentiles and the server's peak memory.
struct LoadTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-test",
        abstract: "Submit posters from concurrent clients to a running service and report throughput and latency.")

    @Option(help: "Base URL of the service.")
    var url = "http://127.0.0.1:8080"
    @Option(help: "API key (default: CARTOPRESS_API_KEY).")
    var key: String?
    @Option(help: "Concurrent clients.")
    var clients = 100
    @Option(help: "Posters in all.")
    var posters = 1000
    @Option(help: "Poster width.")
    var width = 1200
    @Option(help: "Poster height.")
    var height = 1800
    @Option(help: "Style id.")
    var style = "minimal"
    @Option(help: "Seconds between status polls of one job (an SDK polls about every second; 0.5 keeps latency figures fine-grained).")
    var pollInterval = 0.5
    @Option(help: "Process id of the server, to read its peak resident memory (VmHWM) and CPU time from /proc.")
    var serverPid: [Int32] = []
    @Flag(help: "Measure capacity first (posters rendered one at a time: cores / server CPU seconds per poster), then the queue's throughput against it (closed loop), then latency with posters arriving at random (open loop) at --load of that capacity.")
    var capacity = false
    @Option(help: "With --capacity: the open-loop arrival rate as a share of the capacity.")
    var load = 0.7
    @Option(help: "With --capacity: posters rendered one at a time to measure CPU seconds per poster.")
    var probePosters = 40
    @Option(help: "With --capacity: seconds of open-loop arrivals.")
    var openLoopSeconds = 60.0

    func run() async throws {
        let key = self.key ?? ProcessInfo.processInfo.environment["CARTOPRESS_API_KEY"]
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = clients
        configuration.timeoutIntervalForRequest = 120
        // The client's own If-None-Match must reach the server and its 304 come back as it is.
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        let client = LoadClient(session: session, base: url, key: key, pollInterval: pollInterval)
        if capacity {
            try await LoadCapacity(client: client, serverPid: serverPid.first, width: width, height: height, style: style,
                                   clients: clients, posters: posters, load: load, probePosters: probePosters,
                                   openLoopSeconds: openLoopSeconds).run()
            return
        }

        FileHandle.standardError.write(Data("load test: \(clients) clients, \(posters) posters of \(width)x\(height) \(style) against \(url)\n".utf8))
        let started = Date()
        let outcomes = await client.closedLoop(clients: clients, posters: posters, body: { c, i in
            LoadClient.poster(style: style, width: width, height: height, title: "Helsinki \(c)-\(i)")
        }, done: { count in
            FileHandle.standardError.write(Data("  \(count)/\(posters) done\n".utf8))
        })
        let wall = Date().timeIntervalSince(started)
        let completed = outcomes.filter { $0.status == "completed" }
        let latencies = completed.map(\.latency)
        let statistics = BenchmarkStatistics(latencies)
        let onceEach = completed.allSatisfy { $0.attempts == 1 } && Set(completed.map(\.jobID)).count == completed.count
        print("posters:      \(posters) submitted, \(completed.count) completed, \(outcomes.count - completed.count) not")
        for (status, count) in Dictionary(grouping: outcomes.filter { $0.status != "completed" }, by: \.status).mapValues(\.count) {
            print("  \(status): \(count)")
        }
        print("exactly once: \(onceEach ? "yes" : "NO") (distinct job ids, one attempt each)")
        print(String(format: "wall time:    %.1f s", wall))
        print(String(format: "throughput:   %.2f posters/s", Double(completed.count) / wall))
        print(String(format: "latency to completion (submit to seen completed, polled every %.0f ms): p50 %.2f s, p95 %.2f s, p99 %.2f s, max %.2f s",
                     pollInterval * 1000, statistics.quantile(0.5), statistics.quantile(0.95), statistics.quantile(0.99), statistics.maximum))
        for pid in serverPid {
            print("server \(pid) peak RSS: \(Self.peakResident(pid: pid).map { String(format: "%.0f MB", Double($0) / 1_048_576) } ?? "unknown")")
        }
        if completed.count != posters || !onceEach { throw ExitCode.failure }
    }

    /// VmHWM of a process, in bytes.
    static func peakResident(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first.map { $0 * 1024 }
    }
}

/// One HTTP client of the load test.
struct LoadClient: Sendable {
    struct Outcome: Sendable {
        var jobID: String
        var status: String
        var attempts: Int
        var latency: Double
    }

    let session: URLSession
    let base: String
    let key: String?
    let pollInterval: Double

    /// A poster body; every one differs (its title), so idempotency and caches cannot merge them.
    static func poster(style: String, width: Int, height: Int, title: String) -> String {
        #"{"location":{"lat":60.1716,"lng":24.9445},"camera":{"zoom":15.5},"style":"\#(style)","text":{"title":"\#(title)"},"output":{"width":\#(width),"height":\#(height)}}"#
    }

    func request(_ path: String, method: String, body: String? = nil, accept: String? = nil,
                 etag: String? = nil) async -> (Int, [String: Any], String?) {
        guard let url = URL(string: base + path) else { return (0, [:], nil) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        do {
            let (data, response) = try await session.data(for: request)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            let http = response as? HTTPURLResponse
            return (http?.statusCode ?? 0, object, http?.value(forHTTPHeaderField: "ETag"))
        } catch {
            return (0, ["error": "\(error)"], nil)
        }
    }

    /// `posters` posters from `clients` clients, each submitting its share one after another and waiting for
    /// every one to end (a closed loop); `body(client, index)` is a poster's request. `done` hears the count
    /// of ended posters after each hundred or so.
    func closedLoop(clients: Int, posters: Int, body: @escaping @Sendable (Int, Int) -> String,
                    done: (Int) -> Void = { _ in }) async -> [Outcome] {
        await withTaskGroup(of: [Outcome].self) { group in
            for c in 0..<clients {
                let share = posters / clients + (c < posters % clients ? 1 : 0)
                group.addTask {
                    var outcomes: [Outcome] = []
                    for i in 0..<share { outcomes.append(await submitAndWait(body(c, i))) }
                    return outcomes
                }
            }
            var all: [Outcome] = []
            for await batch in group {
                all += batch
                if all.count % 100 < batch.count { done(all.count) }
            }
            return all
        }
    }

    func submitAndWait(_ body: String) async -> Outcome {
        let started = Date()
        var (status, object, _) = await request("/api/v1/posters/generate", method: "POST", body: body)
        var tries = 0
        while status != 202 && tries < 20 {
            // Back off on 429/503 as a real client would.
            tries += 1
            try? await Task.sleep(for: .milliseconds(200 * tries))
            (status, object, _) = await request("/api/v1/posters/generate", method: "POST", body: body)
        }
        guard status == 202, let id = object["job_id"] as? String else {
            return Outcome(jobID: "", status: "submit failed (\(status)): \(object["error"] ?? "")", attempts: 0, latency: 0)
        }
        // Polled with the document's ETag: an unchanged job costs a bodiless 304.
        var etag: String?
        var state = "unknown"
        while true {
            if Date().timeIntervalSince(started) > 600 {
                return Outcome(jobID: id, status: "timed out (\(state))", attempts: 0, latency: 600)
            }
            try? await Task.sleep(for: .milliseconds(Int(pollInterval * 1000)))
            let (code, job, tag) = await request("/api/v1/posters/jobs/\(id)", method: "GET", etag: etag)
            if code == 304 { continue }
            if let tag { etag = tag }
            state = job["status"] as? String ?? "unknown"
            if code == 200, ["completed", "failed", "cancelled"].contains(state) {
                return Outcome(jobID: id, status: state, attempts: job["attempts"] as? Int ?? 0, latency: Date().timeIntervalSince(started))
            }
        }
    }
}
