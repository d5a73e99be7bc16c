import Foundation
import JobQueue
import Logging
import ObjectStorage
public import ServiceLifecycle

/// Runs this process's render workers, the queue reaper and the pool's idle trimming as one service of the
/// service group. On graceful shutdown (SIGTERM) workers stop claiming, running renders get the grace
/// period to finish, and any still running after it are stopped and released back to the queue.
public final class WorkerService: Service, @unchecked Sendable {
    // @unchecked: `workers` is only set in `run`, before the threads start.
    let runtime: ServiceRuntime
    let workerCount: Int
    let control = WorkerControl()
    private var workers: [PosterWorker] = []

    public init(runtime: ServiceRuntime, workers: Int) {
        self.runtime = runtime
        self.workerCount = workers
    }

    public func run() async throws {
        let logger = runtime.logger
        let prefix = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        workers = (0..<workerCount).map { PosterWorker(name: "\(prefix)-w\($0)", runtime: runtime, control: control) }
        let webhooks = runtime.webhooks
        let reaper = JobReaper(queue: runtime.queue, interval: 1) { webhooks.drainOutbox() }
        reaper.start()
        workers.forEach { $0.start() }
        let webhookReaper = JobReaper(queue: runtime.webhookQueue, interval: 1)
        webhookReaper.start()
        runtime.deliverer.start(threads: runtime.configuration.webhooks.workers, name: prefix)
        logger.info("workers started", metadata: ["workers": .stringConvertible(workerCount), "pool": .stringConvertible(runtime.pool.capacity)])

        // Trim idle contexts until shutdown; clean the tile cache's disk every hour (expired tiles and
        // what is over budget go).
        let pool = runtime.pool
        var lastCleanUp = Date()
        var lastRetention = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Local posters past POSTER_RETENTION_DAYS go at start-up and every hour (S3 has its lifecycle rule).
            if let files = runtime.store as? FileObjectStore, Date().timeIntervalSince(lastRetention) > 3600 {
                lastRetention = Date()
                let deleted = files.deleteOlderThan(runtime.configuration.posterRetentionDays * 86_400)
                if deleted.files > 0 {
                    logger.info("old posters deleted", metadata: ["files": .stringConvertible(deleted.files), "bytes": .stringConvertible(deleted.bytes),
                                                                   "retention_days": .stringConvertible(runtime.configuration.posterRetentionDays)])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
            pool.trimIdle()
            if Date().timeIntervalSince(lastCleanUp) > 3600 {
                lastCleanUp = Date()
                let bytes = runtime.pipeline.cleanUpTileCache()
                logger.info("tile cache cleaned", metadata: ["bytes_kept": .stringConvertible(bytes)])
            }
        }

        logger.info("shutting down: no new claims; waiting up to \(runtime.configuration.shutdownGrace) s for running renders")
        await stop(grace: runtime.configuration.shutdownGrace)
        reaper.stop()
        // Webhooks queued by the last renders still go out, within the time one attempt may take.
        runtime.deliverer.stop(timeout: runtime.configuration.webhooks.timeoutSeconds + 1)
        webhookReaper.stop()
        logger.info("workers stopped")
    }

    /// Stops claiming, waits `grace` seconds for running renders, then stops and releases what remains.
    func stop(grace: Double) async {
        control.stopClaiming()
        let workers = self.workers
        let control = self.control
        let everyoneFinished = await Self.join(workers, timeout: grace)
        if !everyoneFinished {
            control.forceStop()
            _ = await Self.join(workers, timeout: 120)
        }
    }

    private static func join(_ workers: [PosterWorker], timeout: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                let deadline = Date().addingTimeInterval(timeout)
                var all = true
                for worker in workers where !worker.join(timeout: max(0, deadline.timeIntervalSinceNow)) { all = false }
                continuation.resume(returning: all)
            }.start()
        }
    }
}
