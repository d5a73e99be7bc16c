import Foundation
import JobQueue
import Logging

/// Queues a job's webhook when the job reaches an end (completed, failed, cancelled). Delivery happens
/// later, on ``WebhookDeliverer`` threads, from the webhook queue: a slow or failing receiver never holds
/// up a render worker, and a queued webhook survives a restart when the queue is Redis.
struct WebhookDispatcher: Sendable {
    let queue: any JobQueue
    let jobs: any JobQueue
    let logger: Logger

    /// Queues the webhook of job `id` if its order asked for one. Never throws: a webhook that cannot be
    /// queued is logged, and the job's own outcome stands.
    /// - Parameter order: the job's order when the caller has it; one without a `webhook_url` costs nothing.
    func jobEnded(id: String, order known: PosterOrder? = nil) {
        if let known, known.webhookURL == nil { return }
        do {
            guard let job = try jobs.job(id: id), let order = try? PosterOrder.decode(job.payload), let url = order.webhookURL else { return }
            let message = WebhookMessage(id: "msg_\(job.id)_\(job.status.rawValue)", url: url, owner: order.owner, jobID: job.id,
                                         status: job.status.rawValue, body: Self.statusBody(job))
            // The message id is the idempotency key: a job reported twice is delivered once.
            _ = try queue.enqueue(payload: message.json(), priority: .normal, idempotencyKey: message.id, now: Date())
            logger.debug("webhook queued", metadata: ["job_id": .string(job.id), "webhook_id": .string(message.id)])
        } catch {
            logger.error("could not queue the webhook", metadata: ["job_id": .string(id), "error": .string("\(error)")])
        }
    }

    /// The status document as the API serves it.
    static func statusBody(_ job: Job) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(JobStatusResponse(job))) ?? Data(), as: UTF8.self)
    }
}
