import Foundation
import JobQueue
import Logging
import ObjectStorage
import PosterPipeline
import PosterRenderer
import TileFetch

/// One render worker: a thread that claims jobs, renders them with a pooled context, stores the poster
/// and completes the job, heartbeating its lease and reporting progress as it goes. Rendering blocks, so
/// workers are real threads, never tasks on the cooperative pool.
final class PosterWorker: @unchecked Sendable {
    // @unchecked: `thread` is set once before start; the shared flags are `WorkerControl`'s, behind its lock.
    let name: String
    let runtime: ServiceRuntime
    let control: WorkerControl
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, runtime: ServiceRuntime, control: WorkerControl) {
        self.name = name
        self.runtime = runtime
        self.control = control
    }

    func start() {
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the worker's thread to end (after ``WorkerControl/stopClaiming()``).
    func join(timeout: Double) -> Bool {
        guard finished.wait(timeout: .now() + timeout) == .success else { return false }
        finished.signal()  // so that a later join returns at once too
        return true
    }

    private func loop() {
        let queue = runtime.queue
        while control.isClaiming {
            do {
                guard let claim = try queue.claim(worker: name, now: Date()) else {
                    try queue.waitForWork(timeout: 1)
                    continue
                }
                var next: ClaimedJob? = claim
                while let current = next {
                    next = process(current)
                }
            } catch {
                runtime.logger.error("worker cannot reach the queue; retrying in 1 s", metadata: ["worker": .string(name), "error": .string("\(error)")])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// Renders one job; returns the next job when completing it claimed one in the same round trip.
    private func process(_ claim: ClaimedJob) -> ClaimedJob? {
        var logger = runtime.logger
        logger[metadataKey: "job_id"] = .string(claim.job.id)
        logger[metadataKey: "worker"] = .string(name)
        let queue = runtime.queue
        let order: PosterOrder
        do {
            order = try PosterOrder.decode(claim.job.payload)
        } catch {
            logger.error("the job's payload is not a poster order", metadata: ["error": .string("\(error)")])
            finish(claim, .invalidPayload, "the stored request could not be read: \(error)", logger)
            return nil
        }
        logger.info("rendering", metadata: ["size": .string("\(order.poster.spec.width)x\(order.poster.spec.height)"), "style": .string(order.poster.style),
                                            "attempt": .stringConvertible(claim.job.attempts)])
        let watch = JobWatch(claim: claim, queue: queue, deadline: Date().addingTimeInterval(Double(order.timeoutMilliseconds) / 1000),
                             control: control, heartbeatInterval: min(2, runtime.configuration.leaseSeconds / 3))
        watch.start()
        defer { watch.stop() }

        let started = Date()
        let outcome = PooledRender(runtime: runtime).run(order, checkoutTimeout: runtime.configuration.shutdownGrace + 60,
                                                         progress: { watch.report($0) }, shouldContinue: { watch.shouldContinue })
        switch outcome {
        case .failure(.stopped):
            if watch.leaseLost {
                logger.notice("stopped: the job was cancelled or its lease passed to another worker")
                runtime.metrics.jobFinished("cancelled")
            } else if watch.pastDeadline {
                finish(claim, .timeout, "the render took longer than timeout_ms (\(order.timeoutMilliseconds) ms)", logger)
            } else {
                // Shutting down: give the job back for another worker.
                let released = (try? queue.release(claim, now: Date())) ?? false
                logger.notice(released ? "released to the queue for shutdown" : "shutdown: the lease was already lost")
                runtime.metrics.jobFinished("released")
            }
            return nil
        case .failure(.failed(let code, let message, let cause)):
            // The table says how each failure is retried: a tile server that is down delays the poster as a
            // storage outage does.
            finish(claim, code, message, logger, cause: cause)
            return nil
        case .success(let poster):
            if watch.pastDeadline {
                finish(claim, .timeout, "the render took longer than timeout_ms (\(order.timeoutMilliseconds) ms)", logger)
                return nil
            }
            watch.report(.uploading)
            let uploadStarted = Date()
            let url: String
            do {
                url = try runtime.store.put(name: "\(claim.job.id).\(poster.format.rawValue)", bytes: poster.bytes, contentType: poster.format.mimeType)
            } catch {
                // Settings that cannot work fail the job at once; an unreachable or failing server is retried.
                finish(claim, error.code == .unavailable ? .storage : .storageRefused, "storing the poster failed: \(error.message)", logger)
                return nil
            }
            runtime.metrics.stage("upload", seconds: Date().timeIntervalSince(uploadStarted))
            let renderMs = Int(Date().timeIntervalSince(started) * 1000)
            let result = JobResult(downloadURL: url, fileSize: poster.bytes.count, renderTimeMs: renderMs, format: poster.format.rawValue,
                                   width: poster.width, height: poster.height, warnings: (order.warnings ?? []) + poster.warnings)
            for warning in poster.warnings { logger.notice("poster warning: \(warning)") }
            watch.stop()
            do {
                var next: ClaimedJob?
                if control.isClaiming {
                    next = try queue.completeAndClaimNext(claim, result: result.json(), worker: name, now: Date())
                } else {
                    try queue.complete(claim, result: result.json(), now: Date())
                }
                runtime.metrics.jobFinished("completed")
                // The completion put the job into the outbox atomically; queue its webhook now rather than
                // at the reaper's next pass.
                if order.webhookURL != nil { runtime.webhooks.drainOutbox() }
                logger.info("completed", metadata: ["render_ms": .stringConvertible(renderMs), "bytes": .stringConvertible(poster.bytes.count)])
                return next
            } catch {
                logger.warning("could not complete the job: \(error)")
                return nil
            }
        }
    }

    /// Records a failed attempt under `code`, retried as ``ErrorCode/failure`` says.
    /// Records a failure with the queue, which retries it or not as the code's row of the table says.
    /// - Parameter cause: the error behind the failure, logged by its type so that operators can tell a
    ///   transport failure from a bad tile without parsing the message.
    private func finish(_ claim: ClaimedJob, _ code: ErrorCode, _ message: String, _ logger: Logger, cause: (any Error)? = nil) {
        let error = JobError(code: code.rawValue, message: message)
        do {
            let status = try runtime.queue.fail(claim, error: error, kind: code.failure, now: Date())
            runtime.metrics.jobFinished(status == .retrying ? "retrying" : "failed")
            if status == .failed { runtime.webhooks.drainOutbox() }
            var metadata: Logger.Metadata = ["status": .string(status.rawValue)]
            if let cause { metadata["cause"] = .string(String(describing: type(of: Self.rootCause(of: cause)))) }
            logger.warning("render failed: \(error.code): \(error.message)", metadata: metadata)
        } catch {
            logger.warning("could not record the failure: \(error)")
        }
    }

    /// The innermost error of a chain of `cause`s.
    static func rootCause(of error: any Error) -> any Error {
        var current = error
        for _ in 0..<16 {
            let next: (any Error)? = switch current {
            case let e as PipelineError: e.cause
            case let e as PosterRenderError: e.cause
            case let e as TileFetchError: e.cause
            case let e as PMTilesError: e.cause
            default: nil
            }
            guard let next else { break }
            current = next
        }
        return current
    }
}
