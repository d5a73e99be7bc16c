import ArgumentParser
import BenchmarkSupport
import Foundation

/// The service at capacity (`load-test --capacity`), in three steps against one running server:
/// 1. capacity: posters rendered one at a time in the request (`Accept: image/png`), the server's CPU time
///    per poster read from `/proc`; capacity = cores / CPU seconds per poster;
/// 2. throughput: the queue drained by its workers with every client waiting on its poster (closed loop),
///    as a share of that capacity;
/// 3. latency: posters arriving at random (Poisson) at `load` of the capacity for `openLoopSeconds`
///    (open loop), each followed from submit to completion.
/// The client runs on the same machine; the CPU it uses in step 2 is taken off the cores when the service's
/// capacity is stated (both figures are printed).
struct LoadCapacity {
    let client: LoadClient
    let serverPid: Int32?
    let width: Int
    let height: Int
    let style: String
    let clients: Int
    let posters: Int
    let load: Double
    let probePosters: Int
    let openLoopSeconds: Double

    func run() async throws {
        guard let serverPid, let before = Self.cpuSeconds(pid: serverPid) else {
            throw ValidationError("--capacity needs --server-pid of a server on this machine, to read its CPU time")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // 1. Capacity.
        for i in 0..<3 { _ = await client.request("/api/v1/posters/generate", method: "POST", body: body("warm-\(i)"), accept: "image/png") }
        let probeStart = Self.cpuSeconds(pid: serverPid) ?? before
        var probeWall: [Double] = []
        for i in 0..<probePosters {
            let started = Date()
            let (status, _, _) = await client.request("/api/v1/posters/generate", method: "POST", body: body("probe-\(i)"), accept: "image/png")
            guard status == 200 else { throw ValidationError("a poster rendered in the request answered \(status)") }
            probeWall.append(Date().timeIntervalSince(started))
        }
        let cpuPerPoster = ((Self.cpuSeconds(pid: serverPid) ?? probeStart) - probeStart) / Double(probePosters)
        let capacity = Double(cores) / cpuPerPoster
        print(String(format: "capacity:     %d cores / %.3f CPU s a poster (server, one at a time; wall median %.3f s) = %.2f posters/s",
                     cores, cpuPerPoster, BenchmarkStatistics(probeWall).quantile(0.5), capacity))

        // 2. Throughput, closed loop.
        let closedStart = Date()
        let closedServerCPU = Self.cpuSeconds(pid: serverPid) ?? 0, closedOwnCPU = Self.ownCPUSeconds()
        let (style, width, height) = (self.style, self.width, self.height)
        let closed = await client.closedLoop(clients: clients, posters: posters) { c, i in
            LoadClient.poster(style: style, width: width, height: height, title: "closed-\(c)-\(i)")
        }
        let closedWall = Date().timeIntervalSince(closedStart)
        let closedDone = closed.filter { $0.status == "completed" }.count
        let throughput = Double(closedDone) / closedWall
        let serverCPU = ((Self.cpuSeconds(pid: serverPid) ?? 0) - closedServerCPU) / Double(max(closedDone, 1))
        let clientShare = (Self.ownCPUSeconds() - closedOwnCPU) / closedWall
        // The load generator shares the machine: what its own CPU takes is not the service's to use.
        let serverCapacity = (Double(cores) - clientShare) / cpuPerPoster
        print(String(format: "throughput:   %d of %d posters in %.1f s = %.2f posters/s: %.0f%% of the capacity left beside this client (%.2f cores for it, so %.2f posters/s; target >= 85%%), %.0f%% of all the cores'",
                     closedDone, posters, closedWall, throughput, 100 * throughput / serverCapacity, clientShare, serverCapacity,
                     100 * throughput / capacity))
        print(String(format: "              server CPU %.3f s a queued poster (%.0f%% of one rendered alone; Redis not counted)",
                     serverCPU, 100 * serverCPU / cpuPerPoster))

        // 3. Latency, open loop at `load` of the capacity left to the service.
        let rate = load * serverCapacity
        var generator = SystemRandomNumberGenerator()
        let openStart = Date()
        let open = await withTaskGroup(of: LoadClient.Outcome.self) { group in
            var next = 0.0
            var index = 0
            while next < openLoopSeconds {
                let wait = next - Date().timeIntervalSince(openStart)
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                let name = "open-\(index)"
                group.addTask { await client.submitAndWait(body(name)) }
                index += 1
                // Exponential gaps: arrivals at random, as independent users send them.
                next += -log(Double.random(in: Double.ulpOfOne..<1, using: &generator)) / rate
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let latencies = open.filter { $0.status == "completed" }.map(\.latency)
        let statistics = BenchmarkStatistics(latencies)
        print(String(format: "open loop:    %d posters at %.2f/s (%.0f%% of that capacity) over %.0f s: %d completed; submit to completion p50 %.2f s, p95 %.2f s, p99 %.2f s, max %.2f s (target p99 < 2 s; polled every %.0f ms)",
                     open.count, rate, 100 * load, openLoopSeconds, latencies.count, statistics.quantile(0.5), statistics.quantile(0.95),
                     statistics.quantile(0.99), statistics.maximum, client.pollInterval * 1000))
        let peak = LoadTestCommand.peakResident(pid: serverPid).map { String(format: "%.0f MB", Double($0) / 1_048_576) } ?? "unknown"
        print("server peak RSS: \(peak)")
        if closedDone != posters || latencies.count != open.count { throw ExitCode.failure }
    }

    private func body(_ title: String) -> String {
        LoadClient.poster(style: style, width: width, height: height, title: title)
    }

    /// This process's user plus system CPU time, in seconds.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// User plus system CPU time of a process, in seconds (`/proc/<pid>/stat` fields 14 and 15).
    static func cpuSeconds(pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
