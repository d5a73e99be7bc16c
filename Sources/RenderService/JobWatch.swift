import Dispatch
import Foundation
import JobQueue
import PosterPipeline

/// Watches one running job: heartbeats its lease on a timer, reports progress, and answers whether the
/// render should go on (not cancelled, lease held, before its deadline, no forced shutdown).
final class JobWatch: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`.
    let claim: ClaimedJob
    let queue: any JobQueue
    let deadline: Date
    let control: WorkerControl
    let heartbeatInterval: Double
    private let lock = NSLock()
    private var lost = false
    private var lastReported = -1
    private var timer: DispatchSourceTimer?

    init(claim: ClaimedJob, queue: any JobQueue, deadline: Date, control: WorkerControl, heartbeatInterval: Double) {
        self.claim = claim
        self.queue = queue
        self.deadline = deadline
        self.control = control
        self.heartbeatInterval = heartbeatInterval
    }

    func start() {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + heartbeatInterval, repeating: heartbeatInterval)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            // A failed call (Redis briefly down) is not a lost lease; the reaper decides that.
            if let held = try? self.queue.heartbeat(self.claim, now: Date()), !held { self.markLost() }
        }
        lock.withLock { self.timer = timer }
        timer.resume()
    }

    func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
        }
    }

    private func markLost() { lock.withLock { lost = true } }

    var leaseLost: Bool { lock.withLock { lost } }
    var pastDeadline: Bool { Date() >= deadline }
    var shouldContinue: Bool { !leaseLost && !pastDeadline && !control.isForcedStop }

    /// Reports the stage the job has reached with its percentage; a stage is reported once, and never one
    /// before the last.
    func report(_ stage: PosterStage) {
        let changed = lock.withLock { () -> Bool in
            guard stage.percent > lastReported else { return false }
            lastReported = stage.percent
            return true
        }
        guard changed else { return }
        if let held = try? queue.reportProgress(claim, progress: stage.percent, stage: stage.rawValue, now: Date()), !held { markLost() }
    }
}

/// Shutdown flags shared by a process's workers: first stop claiming, then (after the grace period)
/// stop running renders so that their jobs can be released.
final class WorkerControl: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var claiming = true
    private var forced = false

    var isClaiming: Bool { lock.withLock { claiming } }
    var isForcedStop: Bool { lock.withLock { forced } }
    func stopClaiming() { lock.withLock { claiming = false } }
    func forceStop() { lock.withLock { forced = true } }
}
