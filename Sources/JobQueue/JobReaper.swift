import Foundation

/// Runs a queue's reaper on its own thread every `interval` seconds until stopped: expired leases go back
/// to the queue (or to the dead letter list past the stall limit), due retries are promoted, and expired
/// terminal jobs are forgotten. Several reapers (one per process) may run at once: each reap is atomic.
public final class JobReaper: @unchecked Sendable {
    // @unchecked: `stopped` and `reaped` are guarded by `lock`; the thread only reads `queue` and `interval`.
    private let queue: any JobQueue
    private let interval: Double
    private let lock = NSLock()
    private var stopped = false
    private var reaped = 0
    private var lastError: JobQueueError?
    private let finished = DispatchSemaphore(value: 0)
    private let afterPass: @Sendable () -> Void

    /// - Parameter afterPass: runs after every pass, on the reaper's thread (the service drains the
    ///   outbox there, so that nothing owed is left behind by a process that died).
    public init(queue: any JobQueue, interval: Double = 1, afterPass: @escaping @Sendable () -> Void = {}) {
        self.queue = queue
        self.interval = interval
        self.afterPass = afterPass
    }

    /// Leases reaped so far.
    public var reapedCount: Int { lock.withLock { reaped } }
    /// The last failure (Redis down, say); the reaper keeps trying.
    public var lastFailure: JobQueueError? { lock.withLock { lastError } }

    public func start() {
        let thread = Thread { [self] in
            while !lock.withLock({ stopped }) {
                do {
                    let count = try queue.reap(now: Date())
                    lock.withLock { reaped += count; lastError = nil }
                } catch {
                    lock.withLock { lastError = error as? JobQueueError }
                }
                afterPass()
                Thread.sleep(forTimeInterval: interval)
            }
            finished.signal()
        }
        thread.name = "cartopress-reaper"
        thread.start()
    }

    /// Stops the loop and waits for it to end.
    public func stop() {
        lock.withLock { stopped = true }
        finished.wait()
    }
}
