import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobQueue
import NIOCore
import Testing
import TestSupport
@testable import RenderService

/// Webhooks signed the Standard Webhooks way, checked by the reference library in a real receiver on
/// loopback; retried by their own queue; never sent to private addresses unless allowed.
@Suite(.tags(.slow), .tags(.slow)) struct WebhookTests {
    static func poster(webhook: String) -> String {
        #"{"location":{"lat":60.1716,"lng":24.9445},"camera":{"zoom":14},"output":{"width":300,"height":450},"webhook_url":"\#(webhook)"}"#
    }

    /// A service with auth on, a key, and webhooks allowed to reach the tests' loopback receiver.
    static func configuration(_ adjust: (inout ServiceConfiguration) -> Void = { _ in }) -> ServiceConfiguration {
        ServiceHarness.configuration {
            $0.authRequired = true
            $0.webhooks.allowedNetworks = ["127.0.0.1/32"]
            $0.webhooks.retryBaseSeconds = 0.2
            $0.webhooks.backoffFactor = 1.5
            $0.webhooks.workers = 1
            adjust(&$0)
        }
    }

    static func submit(_ client: any TestClientProtocol, key: String?, webhook: String) async throws -> String {
        let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(key: key),
                                                body: ServiceHarness.body(poster(webhook: webhook))) { ServiceHarness.object($0.body) }
        return try #require(accepted["job_id"] as? String, "\(accepted)")
    }

    // MARK: - Signing

    @Test func signaturesMatchTheStandardWebhooksReferenceVector() throws {
        // The example of the Standard Webhooks specification (and of its reference libraries' tests).
        let secret = try #require(WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = secret.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let other = WebhookSecret.generate()
        let headers = WebhookSignature.headers(id: "msg_1", timestamp: 7, body: [1], secrets: [secret, other])
        #expect(headers.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        let signatures = headers[2].value.split(separator: " ", omittingEmptySubsequences: false)
        #expect(signatures.count == 2 && signatures.allSatisfy { $0.hasPrefix("v1,") })
    }

    @Test func secretsHaveTheStandardForm() {
        let secret = WebhookSecret.generate()
        #expect(secret.text.hasPrefix("whsec_") && secret.key.count == 24)
        #expect(WebhookSecret(secret.text) == secret)
        #expect(!secret.description.contains(secret.text.dropFirst(6)))
        for bad in ["", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_short", "whsec_MfKQ9r8GKYqrTwjUPD8I-PZIo2LaLaSw"] {
            #expect(WebhookSecret(bad) == nil, "\(bad)")
        }
    }

    @Test func rotationKeepsTheOldSecretForTheOverlapOnly() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var record = APIKeyHasher(pepper: "p").makeKey(name: "shop", now: now).record
        let first = record.activeWebhookSecrets(at: now)
        #expect(first.count == 1)
        let second = record.rotateWebhookSecret(now: now, overlap: 3600)
        #expect(record.activeWebhookSecrets(at: now.addingTimeInterval(60)) == [second, first[0]])
        #expect(record.activeWebhookSecrets(at: now.addingTimeInterval(3601)) == [second])
    }

    @Test func theDefaultRetriesSpanAboutADay() {
        let settings = WebhookSettings()
        let queue = ServiceRuntime.webhookQueueConfiguration(settings)
        let total = (1..<settings.maxAttempts).map { queue.retryDelay(afterAttempt: $0, random: 0) }.reduce(0, +)
        #expect(settings.maxAttempts == 8 && settings.timeoutSeconds == 15)
        #expect((20 * 3600...30 * 3600).contains(total), "\(total / 3600) h")
    }

    // MARK: - Delivery

    @Test func aFinishedJobIsDeliveredSignedWithTheKeysSecretAndVerifiedByTheReferenceLibrary() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, runtime in
            let (key, record) = runtime.hasher.makeKey(name: "shop")
            try runtime.keys.save(record)
            let secret = try #require(record.activeWebhookSecrets(at: Date()).first)
            let receiver = try TestWebhookReceiver(secrets: [secret.text])
            let id = try await Self.submit(client, key: key, webhook: receiver.url("done"))
            let job = try await ServiceHarness.waitForJob(client, id: id, key: key)
            #expect(job["status"] as? String == "completed")
            let deliveries = try receiver.waitForDeliveries("done", count: 1, timeout: 30)
            try #require(deliveries.count == 1, "\(deliveries)")
            let delivery = deliveries[0]
            #expect(delivery["verified"] as? Bool == true, "\(delivery)")
            #expect(delivery["id"] as? String == "msg_\(id)_completed")
            let body = try #require(delivery["body"] as? [String: Any])
            #expect(body["job_id"] as? String == id && body["status"] as? String == "completed" && body["progress"] as? Int == 100)
            let result = try #require(body["result"] as? [String: Any])
            #expect(URL(string: result["download_url"] as? String ?? "")?.path == "/api/v1/posters/files/\(id).png")
            let timestamp = try #require(Double(delivery["timestamp"] as? String ?? ""))
            #expect(abs(timestamp - Date().timeIntervalSince1970) < 60)
            // Nothing else arrives: one delivery per finished job.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try receiver.deliveries("done").count == 1)
        }
    }

    @Test func failedAttemptsAreRetriedWithTheSameIdUntilA2xx() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, runtime in
            let (key, record) = runtime.hasher.makeKey(name: "shop")
            try runtime.keys.save(record)
            let receiver = try TestWebhookReceiver(secrets: [try #require(record.activeWebhookSecrets(at: Date()).first).text])
            try receiver.control("flaky", ["fail": 2, "status": 503])
            let id = try await Self.submit(client, key: key, webhook: receiver.url("flaky"))
            let deliveries = try receiver.waitForDeliveries("flaky", count: 3, timeout: 60)
            try #require(deliveries.count == 3, "\(deliveries)")
            #expect(deliveries.map { $0["status"] as? Int } == [503, 503, 204])
            #expect(deliveries.allSatisfy { $0["verified"] as? Bool == true && $0["id"] as? String == "msg_\(id)_completed" })
            try await Task.sleep(for: .milliseconds(800))
            #expect(try receiver.deliveries("flaky").count == 3)
            #expect(try runtime.webhookQueue.counts()[.completed] == 1)
        }
    }

    @Test func redirectsAreNotFollowedAndTheLastFailureIsRecorded() async throws {
        let configuration = Self.configuration { $0.webhooks.maxAttempts = 2 }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let (key, record) = runtime.hasher.makeKey(name: "shop")
            try runtime.keys.save(record)
            let receiver = try TestWebhookReceiver(secrets: [try #require(record.activeWebhookSecrets(at: Date()).first).text])
            try receiver.control("moved", ["redirect": receiver.url("elsewhere")])
            _ = try await Self.submit(client, key: key, webhook: receiver.url("moved"))
            let deliveries = try receiver.waitForDeliveries("moved", count: 2, timeout: 60)
            #expect(deliveries.map { $0["status"] as? Int } == [302, 302])
            // Given up after the last attempt: in the webhook queue's dead letter list, with the reason.
            let deadline = Date().addingTimeInterval(10)
            while try runtime.webhookQueue.counts()[.failed] == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try runtime.webhookQueue.counts()[.failed] == 1)
            #expect(try receiver.deliveries("elsewhere").isEmpty)
        }
    }

    @Test func duringARotationBothTheOldAndTheNewSecretVerify() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, runtime in
            var (key, record) = runtime.hasher.makeKey(name: "shop")
            let old = try #require(record.activeWebhookSecrets(at: Date()).first)
            let new = record.rotateWebhookSecret(now: Date(), overlap: 3600)
            try runtime.keys.save(record)
            let oldOnly = try TestWebhookReceiver(secrets: [old.text])
            let newOnly = try TestWebhookReceiver(secrets: [new.text])
            _ = try await Self.submit(client, key: key, webhook: oldOnly.url("a"))
            _ = try await Self.submit(client, key: key, webhook: newOnly.url("b"))
            let a = try oldOnly.waitForDeliveries("a", count: 1, timeout: 30)
            let b = try newOnly.waitForDeliveries("b", count: 1, timeout: 30)
            #expect(a.first?["verified"] as? Bool == true && b.first?["verified"] as? Bool == true, "\(a) \(b)")
            #expect((a.first?["signature"] as? String)?.split(separator: " ").count == 2)
            // A receiver that knows neither secret refuses the delivery.
            let stranger = try TestWebhookReceiver(secrets: [WebhookSecret.generate().text])
            _ = try await Self.submit(client, key: key, webhook: stranger.url("c"))
            let c = try stranger.waitForDeliveries("c", count: 1, timeout: 30)
            #expect(c.first?["verified"] as? Bool == false && c.first?["status"] as? Int == 401)
        }
    }

    @Test func privateAddressesAreRefusedWithoutAnAllowList() async throws {
        // No allow-list: loopback is as forbidden as the cloud metadata address.
        let configuration = ServiceHarness.configuration {
            $0.webhooks.retryBaseSeconds = 0.2
            $0.webhooks.workers = 1
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let secret = try ServiceRuntime.anonymousWebhookSecret(configuration)
            let receiver = try TestWebhookReceiver(secrets: [secret.text])
            // IPv6 literals are accepted at submit time and refused at connect time like any private address.
            let hosts = ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]"]
            for host in hosts {
                _ = try await Self.submit(client, key: nil, webhook: "http://\(host):\(receiver.port)/hook/guarded")
            }
            let deadline = Date().addingTimeInterval(30)
            while try runtime.webhookQueue.counts()[.failed] < hosts.count && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            // Given up at once (a private address does not become public by waiting), never sent.
            #expect(try runtime.webhookQueue.counts()[.failed] == hosts.count)
            #expect(try receiver.deliveries("guarded").isEmpty)
        }
    }

    @Test func aCancelledJobIsAnnouncedOnceWithItsStatus() async throws {
        // An API-only process: the job stays queued, and the webhook waits in the queue for a worker process.
        let configuration = ServiceHarness.configuration { $0.workers = 0 }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let id = try await Self.submit(client, key: nil, webhook: "https://hooks.example.com/cartopress")
            let cancelled = try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: .delete, headers: ServiceHarness.headers()) { $0.status }
            #expect(cancelled == .ok)
            #expect(try runtime.webhookQueue.counts()[.queued] == 1)
            let claim = try #require(try runtime.webhookQueue.claim(worker: "test"))
            let message = try WebhookMessage.decode(claim.job.payload)
            #expect(message.id == "msg_\(id)_cancelled" && message.url == "https://hooks.example.com/cartopress" && message.owner == nil)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(message.body.utf8)) as? [String: Any])
            #expect(body["job_id"] as? String == id && body["status"] as? String == "cancelled")
            // The outbox is drained: another pass queues nothing more.
            #expect(runtime.webhooks.drainOutbox() == 0)
            #expect(try runtime.webhookQueue.counts()[.queued] == 0)
        }
    }

    @Test func jobsWithoutAKeyAreSignedWithTheServiceSecret() async throws {
        let configuration = ServiceHarness.configuration {
            $0.webhooks.allowedNetworks = ["127.0.0.1/32"]
            $0.webhooks.workers = 1
        }
        try await ServiceHarness.withService(configuration) { client, _ in
            let secret = try ServiceRuntime.anonymousWebhookSecret(configuration)
            let receiver = try TestWebhookReceiver(secrets: [secret.text])
            _ = try await Self.submit(client, key: nil, webhook: receiver.url("anon"))
            let deliveries = try receiver.waitForDeliveries("anon", count: 1, timeout: 30)
            #expect(deliveries.first?["verified"] as? Bool == true, "\(deliveries)")
            // The secret is kept in the data directory, so it survives restarts.
            #expect(try ServiceRuntime.anonymousWebhookSecret(configuration) == secret)
        }
    }
}
