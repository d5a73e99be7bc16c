import Foundation
import HTTPTransport
import JobQueue
import Logging

/// Delivers queued webhooks on threads of its own: signs each attempt the Standard Webhooks way, POSTs it
/// through the SSRF guard (every resolved address checked at connect time), counts only a 2xx as delivered,
/// follows no redirect, and leaves retries with backoff to the webhook queue. After the last attempt the
/// queue keeps the message in its dead letter list, where an operator can see and requeue it.
final class WebhookDeliverer: @unchecked Sendable {
    // @unchecked: `running` is guarded by `lock`; everything else is immutable after init.
    let queue: any JobQueue
    let keys: any APIKeyStore
    let anonymousSecret: WebhookSecret
    let settings: WebhookSettings
    let transport: CurlTransport
    let metrics: ServiceMetrics
    let logger: Logger
    private let lock = NSLock()
    private var running = false
    private var finished: [DispatchSemaphore] = []

    init(queue: any JobQueue, keys: any APIKeyStore, anonymousSecret: WebhookSecret, settings: WebhookSettings, metrics: ServiceMetrics,
         logger: Logger) {
        self.queue = queue
        self.keys = keys
        self.anonymousSecret = anonymousSecret
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        var transport = TransportConfiguration()
        transport.addressPolicy = AddressPolicy(blockPrivate: true, allowed: settings.allowedNetworks)
        // The queue retries, over hours; the transport must not retry on its own as well.
        transport.retry = .none
        transport.connectTimeout = min(10, settings.timeoutSeconds)
        // A receiver's answer is only read for its status: a huge body is not worth holding, and a 2xx with one
        // is still a delivery.
        transport.maxResponseBytes = 64 << 10
        transport.truncatesLargeBodies = true
        transport.userAgent = "CartoPress-Webhooks/1.0"
        self.transport = CurlTransport(configuration: transport)
    }

    func start(threads: Int, name: String) {
        lock.withLock { running = true }
        for index in 0..<threads {
            let done = DispatchSemaphore(value: 0)
            lock.withLock { finished.append(done) }
            let thread = Thread { [self] in
                loop(worker: "\(name)-webhook\(index)")
                done.signal()
            }
            thread.name = "cartopress-webhook\(index)"
            thread.start()
        }
    }

    /// Stops taking messages and waits up to `timeout` seconds for attempts in flight; one still running
    /// after that is retried by another process once its lease expires.
    func stop(timeout: Double) {
        let waits = lock.withLock { running = false; return finished }
        let deadline = DispatchTime.now() + timeout
        for done in waits { _ = done.wait(timeout: deadline) }
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func loop(worker: String) {
        while isRunning {
            do {
                guard let claim = try queue.claim(worker: worker, now: Date()) else {
                    try queue.waitForWork(timeout: 1)
                    continue
                }
                deliver(claim)
            } catch {
                logger.error("webhook delivery cannot reach its queue; retrying in 1 s", metadata: ["error": .string("\(error)")])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// One attempt at one message.
    func deliver(_ claim: ClaimedJob) {
        guard let message = try? WebhookMessage.decode(claim.job.payload) else {
            finish(claim, nil, JobError(code: "invalid_payload", message: "the queued webhook could not be read"), retryable: false)
            return
        }
        let secrets: [WebhookSecret]
        do {
            secrets = try self.secrets(for: message.owner)
        } catch {
            finish(claim, message, JobError(code: "key_store", message: "\(error)"), retryable: true)
            return
        }
        guard !secrets.isEmpty else {
            finish(claim, message, JobError(code: "no_secret", message: "API key \(message.owner ?? "") is revoked or has no webhook secret (give it one with 'cartopress keys rotate-webhook-secret'); the webhook is not sent unsigned"),
                   retryable: false)
            return
        }
        let body = Array(message.body.utf8)
        let headers = WebhookSignature.headers(id: message.id, timestamp: Int(Date().timeIntervalSince1970), body: body, secrets: secrets)
            + [("Content-Type", "application/json")]
        let request = HTTPRequest(method: "POST", url: message.url, headers: headers, body: body, timeout: settings.timeoutSeconds)
        do {
            let response = try transport.send(request)
            if response.isSuccess {
                do {
                    try queue.complete(claim, result: "{\"status\":\(response.status),\"attempts\":\(claim.job.attempts)}", now: Date())
                    metrics.webhook("delivered")
                    logger.info("webhook delivered", metadata: ["job_id": .string(message.jobID), "webhook_id": .string(message.id),
                                                                "status": .stringConvertible(response.status), "attempt": .stringConvertible(claim.job.attempts)])
                } catch {
                    logger.warning("webhook delivered, but its lease was lost: it may be delivered again", metadata: ["job_id": .string(message.jobID)])
                }
            } else {
                let redirect = (300..<400).contains(response.status) ? " (redirects are not followed)" : ""
                finish(claim, message, JobError(code: "http_\(response.status)", message: "the receiver answered \(response.status)\(redirect)"), retryable: true)
            }
        } catch {
            // A blocked address or a malformed URL will not get better by waiting.
            let retryable = error.code != .blockedAddress && error.code != .invalidURL
            finish(claim, message, JobError(code: error.code.rawValue, message: error.message), retryable: retryable)
        }
    }

    func secrets(for owner: String?) throws -> [WebhookSecret] {
        guard let owner else { return [anonymousSecret] }
        guard let record = try keys.record(prefix: owner), record.isActive else { return [] }
        return record.activeWebhookSecrets(at: Date())
    }

    private func finish(_ claim: ClaimedJob, _ message: WebhookMessage?, _ error: JobError, retryable: Bool) {
        var metadata: Logger.Metadata = ["webhook_id": .string(message?.id ?? claim.job.id), "error": .string("\(error.code): \(error.message)"),
                                         "attempt": .stringConvertible(claim.job.attempts)]
        if let message { metadata["job_id"] = .string(message.jobID) }
        do {
            let status = try queue.fail(claim, error: error, retryable: retryable, now: Date())
            if status == .retrying {
                metrics.webhook("retrying")
                logger.notice("webhook not delivered; will retry", metadata: metadata)
            } else {
                metrics.webhook("given_up")
                logger.error("webhook given up; kept in the webhook dead letter list", metadata: metadata)
            }
        } catch {
            logger.warning("could not record the webhook attempt: \(error)", metadata: metadata)
        }
    }
}
