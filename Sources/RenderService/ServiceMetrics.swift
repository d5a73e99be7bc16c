import Foundation
import JobQueue
import Metrics
import PosterRenderer
public import Prometheus

/// The service's metrics, through swift-metrics into a Prometheus registry of this service (not the
/// process-global bootstrap, so several services can live in one test process).
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60].map { Duration.milliseconds(Int64($0 * 1000)) }
        self.factory = factory
    }

    /// A finished attempt: completed, retrying, failed (dead letter), cancelled or released at shutdown.
    func jobFinished(_ outcome: String) {
        Counter(label: "cartopress_jobs_total", dimensions: [("outcome", outcome)], factory: factory).increment()
        if outcome == "retrying" { Counter(label: "cartopress_retries_total", factory: factory).increment() }
    }

    func stage(_ name: String, seconds: Double) {
        Metrics.Timer(label: "cartopress_render_stage_seconds", dimensions: [("stage", name)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    func rendered(_ poster: RenderedPoster, totalSeconds: Double) {
        stage("tile_read", seconds: poster.timings.tileRead)
        stage("decode", seconds: poster.timings.decode)
        stage("draw", seconds: poster.timings.draw)
        stage("encode", seconds: poster.timings.encode)
        stage("total", seconds: totalSeconds)
    }

    /// A webhook delivery attempt: delivered, retrying or given_up.
    func webhook(_ outcome: String) {
        Counter(label: "cartopress_webhooks_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    func request(status: Int) {
        Counter(label: "cartopress_http_responses_total", dimensions: [("status", String(status))], factory: factory).increment()
    }

    /// Refreshes the gauges that are read rather than counted: queue, pool and memory.
    func refresh(queue: any JobQueue, pool: RenderContextPool) {
        if let depth = try? queue.queuedByPriority() {
            for (priority, count) in depth {
                Gauge(label: "cartopress_queue_depth", dimensions: [("priority", priority.rawValue)], factory: factory).record(count)
            }
        }
        if let counts = try? queue.counts() {
            for (status, count) in counts.counts {
                Gauge(label: "cartopress_jobs", dimensions: [("status", status.rawValue)], factory: factory).record(count)
            }
            Gauge(label: "cartopress_dead_letters", factory: factory).record(counts.counts[.failed] ?? 0)
        }
        let stats = pool.statistics
        Gauge(label: "cartopress_pool_contexts", dimensions: [("state", "capacity")], factory: factory).record(stats.capacity)
        Gauge(label: "cartopress_pool_contexts", dimensions: [("state", "live")], factory: factory).record(stats.live)
        Gauge(label: "cartopress_pool_contexts", dimensions: [("state", "in_use")], factory: factory).record(stats.inUse)
        Gauge(label: "cartopress_pool_contexts", dimensions: [("state", "idle")], factory: factory).record(stats.idle)
        Gauge(label: "cartopress_pool_recycled", factory: factory).record(stats.recycled)
        Gauge(label: "cartopress_process_resident_bytes", factory: factory).record(ProcessMemory.residentBytes())
    }

    public func exposition() -> String { registry.emitToString() }
}

/// The process's memory as the kernel counts it.
public enum ProcessMemory {
    /// Resident set size now, from /proc/self/statm.
    public static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
