import Foundation
import JobQueue
import Logging

/// Turns ended jobs into queued webhooks. A job that asked for a webhook enters the job queue's outbox in
/// the same atomic step that ends it (``JobQueue/enqueue(payload:priority:idempotencyKey:notify:now:)``);
/// this drains the outbox into the webhook queue, right after a job ends and on every reaper pass, so a
/// crash or a Redis loss between the two steps only delays the webhook. Delivery happens later, on
/// ``WebhookDeliverer`` threads: a slow receiver never holds up a render worker.
struct WebhookDispatcher: Sendable {
    let queue: any JobQueue
    let jobs: any JobQueue
    let logger: Logger

    /// Queues the webhooks owed by ended jobs and takes them out of the outbox. Never throws: what cannot
    /// be queued now stays in the outbox for the next pass. Several processes may drain at once: the
    /// message id is the webhook queue's idempotency key, so a job is reported once.
    /// - Returns: how many webhooks were queued.
    @discardableResult
    func drainOutbox(limit: Int = 100) -> Int {
        var queued = 0
        do {
            for id in try jobs.pendingNotifications(limit: limit) {
                if let job = try jobs.job(id: id), job.status.isTerminal,
                   let order = try? PosterOrder.decode(job.payload), let url = order.webhookURL {
                    let message = WebhookMessage(id: "msg_\(job.id)_\(job.status.rawValue)", url: url, owner: order.owner, jobID: job.id,
                                                 status: job.status.rawValue, body: Self.statusBody(job))
                    _ = try queue.enqueue(payload: message.json(), priority: .normal, idempotencyKey: message.id, now: Date())
                    queued += 1
                    logger.debug("webhook queued", metadata: ["job_id": .string(job.id), "webhook_id": .string(message.id)])
                }
                // A job forgotten, requeued from the dead letter list since, or without a URL owes nothing now.
                try jobs.acknowledgeNotification(id: id)
            }
        } catch {
            logger.error("could not queue webhooks from the outbox; they stay there for the next pass", metadata: ["error": .string("\(error)")])
        }
        return queued
    }

    /// The status document as the API serves it.
    static func statusBody(_ job: Job) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(JobStatusResponse(job))) ?? Data(), as: UTF8.self)
    }
}
