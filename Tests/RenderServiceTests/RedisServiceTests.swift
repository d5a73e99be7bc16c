import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import HummingbirdTesting
import JobQueue
import NIOCore
import Testing
import TestSupport
@testable import RenderService

/// The service over a real redis-server started by the test: jobs through Redis, and a SIGTERM with jobs
/// in flight that loses nothing.
@Suite(.serialized, .tags(.slow)) struct RedisServiceTests {
    static let poster = #"{"location":{"lat":60.1716,"lng":24.9445},"camera":{"zoom":15.5},"text":{"title":"Helsinki"},"output":{"width":600,"height":900}}"#

    @Test func postersQueuedInRedisCompleteOnceEach() async throws {
        let redis = try LocalRedisServer()
        defer { redis.stop() }
        let configuration = ServiceHarness.configuration {
            $0.redisURL = "redis://127.0.0.1:\(redis.port)"
            $0.redisPrefix = "svc:"
            $0.workers = 2
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            var ids: [String] = []
            for i in 0..<6 {
                let body = Self.poster.replacingOccurrences(of: "Helsinki", with: "Helsinki \(i)")
                let id = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                  body: ByteBuffer(string: body)) { ServiceHarness.object($0.body)["job_id"] as? String }
                ids.append(try #require(id))
            }
            for id in ids {
                let job = try await ServiceHarness.waitForJob(client, id: id)
                #expect(job["status"] as? String == "completed" && job["attempts"] as? Int == 1, "\(id): \(job)")
            }
            let counts = try runtime.queue.counts()
            #expect(counts[.completed] == 6 && counts.total == 6)
            let ready = try await client.execute(uri: "/readyz", method: .get) { ServiceHarness.object($0.body) }
            #expect(((ready["checks"] as? [String: Any])?["queue"] as? [String: Any])?["message"] as? String == "Redis answers")
        }
    }

    @Test func webhooksGoThroughTheirOwnQueueInRedis() async throws {
        let redis = try LocalRedisServer()
        defer { redis.stop() }
        let configuration = ServiceHarness.configuration {
            $0.redisURL = "redis://127.0.0.1:\(redis.port)"
            $0.redisPrefix = "svc:"
            $0.webhooks.allowedNetworks = ["127.0.0.1/32"]
            $0.webhooks.retryBaseSeconds = 0.2
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            // With Redis the service secret is shared by every instance, through Redis.
            let receiver = try TestWebhookReceiver(secrets: [runtime.deliverer.anonymousSecret.text])
            try receiver.control("r", ["fail": 1, "status": 500])
            let body = Self.poster.replacingOccurrences(of: #""output""#, with: #""webhook_url":"\#(receiver.url("r"))","output""#)
            let id = try #require(try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                           body: ByteBuffer(string: body)) { ServiceHarness.object($0.body)["job_id"] as? String })
            let deliveries = try receiver.waitForDeliveries("r", count: 2, timeout: 60)
            #expect(deliveries.map { $0["status"] as? Int } == [500, 204], "\(deliveries)")
            #expect(deliveries.allSatisfy { $0["verified"] as? Bool == true && $0["id"] as? String == "msg_\(id)_completed" })
            // The messages live under their own prefix, apart from the poster jobs.
            let admin = try RedisConnection(RedisConfiguration(port: redis.port))
            let keys = try admin.command(["KEYS", "svc:webhooks:*"]).array?.compactMap(\.string) ?? []
            #expect(!keys.isEmpty)
            #expect(try runtime.webhookQueue.counts()[.completed] == 1 && runtime.queue.counts()[.completed] == 1)
        }
    }

    /// The `cartopress` binary built beside the test bundle (`swift build --build-tests` builds it).
    static var cartopress: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory.appendingPathComponent("cartopress"), directory.deletingLastPathComponent().appendingPathComponent("cartopress")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    /// A `cartopress serve` process; its port is read from its log.
    final class ServeProcess: @unchecked Sendable {
        let process = Process()
        let log: URL
        init(binary: URL, environment: [String: String]) throws {
            log = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-serve-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = binary
            process.arguments = ["serve"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.currentDirectoryURL = ServiceHarness.repository
            let handle = try FileHandle(forWritingTo: log)
            process.standardError = handle
            process.standardOutput = handle
            try process.run()
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        func port(timeout: Double = 60) async throws -> Int {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let range = output.range(of: #"url=http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                    return Int(output[range].split(separator: ":").last ?? "") ?? 0
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw CancellationError()
        }

        /// Waits for the process to exit (polling: `waitUntilExit` can hang off the main thread on Linux).
        func waitForExit(timeout: Double) async throws -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            return !process.isRunning
        }

        func kill() { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }
    }

    static func submit(port: Int, body: String) async throws -> String? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/posters/generate")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["job_id"] as? String
    }

    @Test func sigtermWithJobsInFlightLosesNothing() async throws {
        let binary = try #require(Self.cartopress, "build the cartopress product first (swift build --build-tests)")
        let redis = try LocalRedisServer()
        defer { redis.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-sigterm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let environment = [
            "CARTOPRESS_REDIS_URL": "redis://127.0.0.1:\(redis.port)", "CARTOPRESS_REDIS_PREFIX": "term:", "CARTOPRESS_PORT": "0",
            "CARTOPRESS_AUTH": "disabled", "CARTOPRESS_DATA_DIR": data, "CARTOPRESS_WORKERS": "2",
            // No grace: renders still running at SIGTERM are stopped and released, the hardest case.
            "CARTOPRESS_SHUTDOWN_GRACE_SECONDS": "0", "CARTOPRESS_LOG_LEVEL": "info",
        ]
        let queue = try RedisJobQueue(redis: redis.configuration, prefix: "term:")
        let first = try ServeProcess(binary: binary, environment: environment)
        defer { first.kill() }
        let port = try await first.port()
        var ids: [String] = []
        for i in 0..<16 {
            let body = Self.poster.replacingOccurrences(of: "600,\"height\":900", with: "1800,\"height\":2700")
                .replacingOccurrences(of: "Helsinki", with: "Helsinki \(i)")
            ids.append(try #require(try await Self.submit(port: port, body: body)))
        }
        // Wait until renders are running, then ask the server to stop.
        let deadline = Date().addingTimeInterval(30)
        while try queue.counts()[.processing] == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try queue.counts()[.processing] > 0)
        kill(first.process.processIdentifier, SIGTERM)
        #expect(try await first.waitForExit(timeout: 60), "serve did not exit after SIGTERM:\n\(first.output)")
        #expect(first.process.terminationStatus == 0, "exit status \(first.process.terminationStatus):\n\(first.output)")

        // Nothing is left claimed, nothing failed: every job is either done or back in the queue.
        let afterStop = try queue.counts()
        #expect(afterStop[.processing] == 0 && afterStop[.failed] == 0 && afterStop[.retrying] == 0, "\(afterStop)")
        #expect((afterStop[.completed]) + (afterStop[.queued]) == ids.count)
        #expect((afterStop[.queued]) > 0, "every job finished before SIGTERM took effect; the test proves nothing")

        // A new server finishes the rest; every job completes exactly once, on its first counted attempt.
        let second = try ServeProcess(binary: binary, environment: environment)
        defer { second.kill() }
        _ = try await second.port()
        let finish = Date().addingTimeInterval(120)
        while try queue.counts()[.completed] < ids.count && Date() < finish { try await Task.sleep(for: .milliseconds(100)) }
        for id in ids {
            let job = try #require(try queue.job(id: id))
            #expect(job.status == .completed && job.attempts == 1, "\(id): \(job.status) after \(job.attempts) attempts")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: data + "/posters").filter { $0.hasSuffix(".png") }
        #expect(Set(files) == Set(ids.map { "\($0).png" }))
        kill(second.process.processIdentifier, SIGTERM)
        #expect(try await second.waitForExit(timeout: 60))
    }
}
