import ArgumentParser
import BenchmarkSupport
import Foundation
import Geo
import HTTPTransport
import PosterPipeline
import TileFetch

/// `cartopress-bench tiles`: fetches the tiles of a large poster from an XYZ endpoint, cold (an empty memory
/// and disk cache) and warm (the same cache again), and compares the cold time with the latency-bound
/// minimum: ceil(tiles / concurrency) round trips. `scripts/tile-bench.sh` runs it against a local server
/// with added latency.
struct TileBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiles",
        abstract: "Measure fetching a poster's tiles from an XYZ endpoint, cold and warm cache.")

    @Option(help: "XYZ URL template of the server, with {z}, {x} and {y}.") var template: String
    @Option(help: "Tiles per run: a block of this many z14 tiles (a 10800 px poster needs about 100).") var count: Int = 100
    @Option(help: "Requests in flight at once.") var concurrency: Int = 16
    @Option(help: "The server's added latency in milliseconds, for the latency-bound minimum.") var latencyMs: Double = 20
    @Option(help: "Measured runs (the median is reported).") var runs: Int = 7
    @Flag(help: "Also print the figures as one JSON line.") var json = false

    func run() throws {
        let side = Int(Double(count).squareRoot().rounded(.up))
        let ids = (0..<count).map { TileID(z: 14, x: 9300 + $0 % side, y: 4700 + $0 / side) }
        let loader = TileLoader(concurrency: concurrency, deadline: 120)
        var configuration = TileFetchSettings.defaultTransport
        configuration.retry.maxAttempts = 1
        let transport = CurlTransport(configuration: configuration)
        let upstream = try XYZTileSource(templates: [template], transport: transport)
        var cold: [Double] = [], warm: [Double] = [], disk: [Double] = []
        // Run 0 warms the connections and is not counted.
        for run in 0...runs {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-tile-bench-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let cache = try TileCache(TileCache.Configuration(directory: directory))
            let source = CachedTileSource(upstream, cache: cache)
            var start = Date()
            let fetched = try loader.load(ids, from: source)
            let coldTime = Date().timeIntervalSince(start)
            guard fetched.count == count else { throw ValidationError("the server returned \(fetched.count) of \(count) tiles") }
            start = Date()
            _ = try loader.load(ids, from: source)
            let warmTime = Date().timeIntervalSince(start)
            // A new process over the same directory: every tile from disk.
            let reopened = CachedTileSource(upstream, cache: try TileCache(TileCache.Configuration(directory: directory)))
            start = Date()
            _ = try loader.load(ids, from: reopened)
            let diskTime = Date().timeIntervalSince(start)
            guard reopened.upstreamRequests == 0 else { throw ValidationError("the disk cache missed \(reopened.upstreamRequests) tiles") }
            guard run > 0 else { continue }
            cold.append(coldTime * 1000)
            warm.append(warmTime * 1000)
            disk.append(diskTime * 1000)
        }
        let minimum = Double((count + concurrency - 1) / concurrency) * latencyMs
        let coldStats = BenchmarkStatistics(cold), warmStats = BenchmarkStatistics(warm), diskStats = BenchmarkStatistics(disk)
        print("cartopress-bench tiles: \(count) tiles, \(concurrency) in flight, \(Int(latencyMs)) ms latency, \(runs) runs")
        print(String(format: "cold cache: median %.1f ms [%.1f–%.1f]; latency-bound minimum %.0f ms; ratio %.2f (target ≤ 3)",
                     coldStats.median, coldStats.minimum, coldStats.maximum, minimum, coldStats.median / minimum))
        print(String(format: "warm cache, memory: median %.1f ms [%.1f–%.1f] (target ≤ 50 ms)", warmStats.median, warmStats.minimum, warmStats.maximum))
        print(String(format: "warm cache, disk only (a new process): median %.1f ms [%.1f–%.1f] (target ≤ 50 ms)", diskStats.median, diskStats.minimum, diskStats.maximum))
        if json {
            print(#"{"tiles":\#(count),"concurrency":\#(concurrency),"cold_ms":\#(coldStats.median),"warm_ms":\#(warmStats.median),"disk_ms":\#(diskStats.median),"minimum_ms":\#(minimum),"ratio":\#(coldStats.median / minimum)}"#)
        }
    }
}
