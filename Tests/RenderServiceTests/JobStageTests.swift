import Foundation
import HTTPTypes
import HummingbirdTesting
import JobQueue
import PosterPipeline
import Testing
@testable import RenderService

/// A running job says which stage it is in, as the pipeline and the worker report it, not as a guess from
/// its percentage (which showed `starting` while tiles were read, `fetching` while decoding).
@Suite struct JobStageTests {
    /// Forwards to a real queue and records every progress report.
    final class RecordingQueue: JobQueue, @unchecked Sendable {
        // @unchecked: `reports` is guarded by `lock`; `base` is Sendable.
        let base: any JobQueue
        private let lock = NSLock()
        private var reports: [(progress: Int, stage: String?)] = []
        init(_ base: any JobQueue) { self.base = base }
        var recorded: [(progress: Int, stage: String?)] { lock.withLock { reports } }

        var configuration: JobQueueConfiguration { base.configuration }
        func reportProgress(_ claim: ClaimedJob, progress: Int, stage: String?, now: Date) throws(JobQueueError) -> Bool {
            lock.withLock { reports.append((progress, stage)) }
            return try base.reportProgress(claim, progress: progress, stage: stage, now: now)
        }
        func enqueue(payload: String, priority: JobPriority, idempotencyKey: String?, notify: Bool, now: Date) throws(JobQueueError) -> String {
            try base.enqueue(payload: payload, priority: priority, idempotencyKey: idempotencyKey, notify: notify, now: now)
        }
        func claim(worker: String, now: Date) throws(JobQueueError) -> ClaimedJob? { try base.claim(worker: worker, now: now) }
        func heartbeat(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool { try base.heartbeat(claim, now: now) }
        func complete(_ claim: ClaimedJob, result: String, now: Date) throws(JobQueueError) { try base.complete(claim, result: result, now: now) }
        func fail(_ claim: ClaimedJob, error: JobError, kind: FailureKind, now: Date) throws(JobQueueError) -> JobStatus {
            try base.fail(claim, error: error, kind: kind, now: now)
        }
        func release(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool { try base.release(claim, now: now) }
        func waitForWork(timeout: Double) throws(JobQueueError) { try base.waitForWork(timeout: timeout) }
        func cancel(id: String, now: Date) throws(JobQueueError) -> Bool { try base.cancel(id: id, now: now) }
        func requeue(id: String, now: Date) throws(JobQueueError) -> Bool { try base.requeue(id: id, now: now) }
        func reap(now: Date) throws(JobQueueError) -> Int { try base.reap(now: now) }
        func job(id: String) throws(JobQueueError) -> Job? { try base.job(id: id) }
        func jobs(status: JobStatus, offset: Int, limit: Int) throws(JobQueueError) -> [Job] { try base.jobs(status: status, offset: offset, limit: limit) }
        func purge(id: String) throws(JobQueueError) -> Bool { try base.purge(id: id) }
        func counts() throws(JobQueueError) -> JobCounts { try base.counts() }
        func queuedByPriority() throws(JobQueueError) -> [JobPriority: Int] { try base.queuedByPriority() }
        func pendingNotifications(limit: Int) throws(JobQueueError) -> [String] { try base.pendingNotifications(limit: limit) }
        func acknowledgeNotification(id: String) throws(JobQueueError) { try base.acknowledgeNotification(id: id) }
    }

    @Test func aRenderPassesThroughEveryStageInOrderWithItsPercentage() async throws {
        let recorder = LockedRecorder()
        try await ServiceHarness.withService(ServiceHarness.configuration(), observeQueue: { base in
            let queue = RecordingQueue(base)
            recorder.queue = queue
            return queue
        }) { client, _ in
            let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                    body: ServiceHarness.body(PosterAPITests.helsinki)) { ServiceHarness.object($0.body) }
            let id = try #require(accepted["job_id"] as? String)
            let job = try await ServiceHarness.waitForJob(client, id: id)
            #expect(job["status"] as? String == "completed" && job["stage"] is NSNull, "\(job)")
        }
        let reports = try #require(recorder.queue).recorded
        #expect(reports.map(\.stage) == ["starting", "fetching", "decoding", "drawing", "uploading"])
        #expect(reports.map(\.progress) == [0, 10, 30, 40, 90])
        #expect(PosterStage.allCases.map(\.rawValue) == reports.compactMap(\.stage))
    }

    @Test func theStatusServesTheStageTheWorkerReported() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, runtime in
            let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                    body: ServiceHarness.body(PosterAPITests.helsinki)) { ServiceHarness.object($0.body) }
            let id = try #require(accepted["job_id"] as? String)
            func status() async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: .get, headers: ServiceHarness.headers()) { ServiceHarness.object($0.body) }
            }
            #expect(try await status()["stage"] is NSNull)
            // A worker (played by the test) claims the job: it is starting until it reports a stage.
            let claim = try #require(try runtime.queue.claim(worker: "test"))
            #expect(try await status()["stage"] as? String == "starting")
            for stage in [PosterStage.fetching, .decoding, .drawing, .uploading] {
                #expect(try runtime.queue.reportProgress(claim, progress: stage.percent, stage: stage.rawValue, now: Date()))
                let shown = try await status()
                #expect(shown["stage"] as? String == stage.rawValue && shown["progress"] as? Int == stage.percent, "\(shown)")
            }
            // A new attempt starts again from nothing.
            #expect(try runtime.queue.release(claim, now: Date()))
            _ = try #require(try runtime.queue.claim(worker: "test"))
            let again = try await status()
            #expect(again["stage"] as? String == "starting" && again["progress"] as? Int == 0, "\(again)")
        }
    }
}

/// Hands the recording queue made inside the service's start-up to the test.
final class LockedRecorder: @unchecked Sendable {
    // @unchecked: `stored` is guarded by `lock`.
    private let lock = NSLock()
    private var stored: JobStageTests.RecordingQueue?
    var queue: JobStageTests.RecordingQueue? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
