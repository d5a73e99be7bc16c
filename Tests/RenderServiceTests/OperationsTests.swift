import Foundation
import HTTPTypes
import HummingbirdTesting
import JobQueue
import NIOCore
import ObjectStorage
import Testing
import TestSupport
@testable import RenderService

/// What an operator runs against Redis: dead letters listed, shown, requeued and purged (from the command
/// line and over HTTP with an admin key), a key's own listing, per-key rate limits, waiting for a poster,
/// and local posters deleted after their retention.
@Suite(.serialized, .tags(.slow)) struct OperationsTests {
    static let poster = #"{"location":{"lat":60.1716,"lng":24.9445},"camera":{"zoom":15.5},"output":{"width":600,"height":900}}"#
    /// Outside the bundled tiles: a job that fails for good (location_outside_tiles), a dead letter.
    static let deadLetter = #"{"location":{"lat":34.0522,"lng":-118.2437},"output":{"width":600,"height":900}}"#

    /// The `cartopress` binary built beside the test bundle.
    static var binary: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [directory.appendingPathComponent("cartopress"), directory.deletingLastPathComponent().appendingPathComponent("cartopress")]
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `cartopress arguments` with `environment`; its exit status, standard output and error.
    static func cartopress(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, out: String, err: String) {
        let binary = try #require(binary, "cartopress is not built beside the test bundle: run swift build --build-tests (scripts/test.sh does)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile(), errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func deadLettersAreListedShownRequeuedAndPurged() async throws {
        let redis = try LocalRedisServer()
        defer { redis.stop() }
        let configuration = ServiceHarness.configuration {
            $0.redisURL = "redis://127.0.0.1:\(redis.port)"
            $0.redisPrefix = "ops:"
            $0.authRequired = true
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let (user, admin) = (runtime.hasher.makeKey(name: "web-app"), runtime.hasher.makeKey(name: "operator"))
            var adminRecord = admin.1
            adminRecord.scopes = [APIKeyRecord.adminScope]
            try runtime.keys.save(user.1)
            try runtime.keys.save(adminRecord)
            let failed = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(key: user.0),
                                                  body: ByteBuffer(string: Self.deadLetter)) { ServiceHarness.object($0.body)["job_id"] as? String }
            let failedID = try #require(failed)
            let done = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(key: user.0),
                                                body: ByteBuffer(string: Self.poster)) { ServiceHarness.object($0.body)["job_id"] as? String }
            let doneID = try #require(done)
            let failedJob = try await ServiceHarness.waitForJob(client, id: failedID, key: user.0)
            #expect(failedJob["status"] as? String == "failed")
            #expect((failedJob["error"] as? [String: Any])?["code"] as? String == "location_outside_tiles")
            _ = try await ServiceHarness.waitForJob(client, id: doneID, key: user.0)

            // A key lists its own jobs, by status.
            let own = try await client.execute(uri: "/api/v1/posters/jobs?status=failed", method: .get, headers: ServiceHarness.headers(key: user.0)) { ServiceHarness.object($0.body) }
            #expect((own["jobs"] as? [[String: Any]])?.compactMap { $0["job_id"] as? String } == [failedID])
            #expect(own["next_cursor"] is NSNull)
            let adminOwn = try await client.execute(uri: "/api/v1/posters/jobs?status=failed", method: .get, headers: ServiceHarness.headers(key: admin.0)) { ServiceHarness.object($0.body) }
            #expect((adminOwn["jobs"] as? [Any])?.isEmpty == true)
            let bad = try await client.execute(uri: "/api/v1/posters/jobs?status=dead&limit=0", method: .get, headers: ServiceHarness.headers(key: user.0)) { $0 }
            #expect(bad.status == .badRequest)
            #expect((ServiceHarness.object(bad.body)["details"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["status", "limit"])

            // Admin routes: refused to an ordinary key, open to an admin key.
            let refused = try await client.execute(uri: "/api/v1/admin/jobs?status=failed", method: .get, headers: ServiceHarness.headers(key: user.0)) { $0 }
            #expect(refused.status == .forbidden && ServiceHarness.object(refused.body)["code"] as? String == "forbidden")
            let all = try await client.execute(uri: "/api/v1/admin/jobs?status=failed&key=\(user.1.prefix)", method: .get, headers: ServiceHarness.headers(key: admin.0)) { ServiceHarness.object($0.body) }
            #expect((all["jobs"] as? [[String: Any]])?.count == 1)

            // From the command line, against the same Redis.
            let environment = ["CARTOPRESS_REDIS_URL": "redis://127.0.0.1:\(redis.port)", "CARTOPRESS_REDIS_PREFIX": "ops:", "CARTOPRESS_API_KEY_PEPPER": "test-pepper"]
            let list = try Self.cartopress(["jobs", "list", "--status", "failed"], environment: environment)
            #expect(list.status == 0 && list.out.hasPrefix("\(failedID)  failed  ") && list.out.contains("location_outside_tiles"), "\(list)")
            let show = try Self.cartopress(["jobs", "show", failedID], environment: environment)
            #expect(show.status == 0 && show.out.contains("\"code\" : \"location_outside_tiles\"") && show.out.contains("\"owner\" : \"\(user.1.prefix)\""), "\(show)")
            let none = try Self.cartopress(["jobs", "list", "--status", "failed", "--older-than", "1h"], environment: environment)
            #expect(none.status == 0 && none.out.isEmpty && none.err.contains("no failed jobs match"))
            let requeue = try Self.cartopress(["jobs", "requeue", failedID], environment: environment)
            #expect(requeue.status == 0 && requeue.out == "requeued \(failedID)\n", "\(requeue)")
            // Requeued, it fails again (the place is still outside the tiles) and is a dead letter once more.
            let again = try await ServiceHarness.waitForJob(client, id: failedID, key: user.0)
            #expect(again["status"] as? String == "failed" && again["attempts"] as? Int == 1)

            // Over HTTP: requeue, then purge.
            let requeued = try await client.execute(uri: "/api/v1/admin/jobs/\(failedID)/requeue", method: .post, headers: ServiceHarness.headers(key: admin.0)) { $0 }
            #expect(requeued.status == .ok)
            _ = try await ServiceHarness.waitForJob(client, id: failedID, key: user.0)
            let notEnded = try await client.execute(uri: "/api/v1/admin/jobs/\(doneID)/requeue", method: .post, headers: ServiceHarness.headers(key: admin.0)) { $0 }
            #expect(notEnded.status == .conflict)
            let purged = try await client.execute(uri: "/api/v1/admin/jobs/\(failedID)", method: .delete, headers: ServiceHarness.headers(key: admin.0)) { ServiceHarness.object($0.body) }
            #expect(purged["status"] as? String == "purged")
            #expect(try runtime.queue.job(id: failedID) == nil)
            let purge = try Self.cartopress(["jobs", "purge", "--status", "completed", "--key", user.1.prefix], environment: environment)
            #expect(purge.status == 0 && purge.out == "purged \(doneID)\n", "\(purge)")
            #expect(try runtime.queue.counts().total == 0)

            let withoutRedis = try Self.cartopress(["jobs", "list"], environment: ["CARTOPRESS_API_KEY_PEPPER": "test-pepper"])
            #expect(withoutRedis.status != 0 && withoutRedis.err.contains("CARTOPRESS_REDIS_URL is not set"))
        }
    }

    /// `cartopress serve` itself, started with exactly the variables Kubernetes injects for a Service named
    /// `cartopress` (and a typo), answers /healthz and stops cleanly on SIGTERM.
    @Test func theServiceStartsUnderKubernetesServiceLinks() throws {
        let binary = try #require(Self.binary, "cartopress is not built beside the test bundle: run swift build --build-tests")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-k8s-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try TestS3Server.freePort()
        // The port comes from the configuration file: Kubernetes' CARTOPRESS_PORT=tcp://… is no setting.
        try Data(#"{"port": \#(port)}"#.utf8).write(to: directory.appendingPathComponent("config.json"))
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve"]
        process.environment = [
            "PATH": "/usr/bin:/bin", "CARTOPRESS_HOME": ServiceHarness.repository.path,
            "CARTOPRESS_CONFIG": directory.appendingPathComponent("config.json").path, "CARTOPRESS_DATA_DIR": directory.path,
            "CARTOPRESS_API_KEY_PEPPER": "test-pepper", "CARTOPRESS_WORKERS": "0",
            "CARTOPRESS_SERVICE_HOST": "10.0.0.1", "CARTOPRESS_SERVICE_PORT": "8080", "CARTOPRESS_SERVICE_PORT_HTTP": "8080",
            "CARTOPRESS_PORT": "tcp://10.0.0.1:8080", "CARTOPRESS_PORT_8080_TCP": "tcp://10.0.0.1:8080",
            "CARTOPRESS_PORT_8080_TCP_PROTO": "tcp", "CARTOPRESS_PORT_8080_TCP_PORT": "8080", "CARTOPRESS_PORT_8080_TCP_ADDR": "10.0.0.1",
            "CARTOPRESS_MAX_ATEMPTS": "5",
        ]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        var healthy = false
        for _ in 0..<150 where !healthy {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-fs", "-o", "/dev/null", "http://127.0.0.1:\(port)/healthz"]
            try curl.run()
            curl.waitUntilExit()
            healthy = curl.terminationStatus == 0
            if !healthy { Thread.sleep(forTimeInterval: 0.2) }
        }
        process.terminate()
        let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(healthy, "the service did not answer /healthz on port \(port): \(output)")
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("CARTOPRESS_MAX_ATEMPTS is not a setting and is ignored (did you mean CARTOPRESS_MAX_ATTEMPTS?)"))
        #expect(!output.contains("CARTOPRESS_PORT_8080") && !output.contains("CARTOPRESS_SERVICE_HOST"))
    }

    @Test func keysAreMadeAndChangedWithTheirScopeLimitAndWaiting() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["CARTOPRESS_DATA_DIR": directory, "CARTOPRESS_API_KEY_PEPPER": "test-pepper"]
        let created = try Self.cartopress(["keys", "create", "--name", "ops", "--admin", "--rate-limit", "600"], environment: environment)
        #expect(created.status == 0 && created.out.hasPrefix("cpk_"), "\(created)")
        let prefix = String(created.out.trimmingCharacters(in: .whitespacesAndNewlines).prefix(16))
        let listed = try Self.cartopress(["keys", "list"], environment: environment)
        #expect(listed.out.contains("\(prefix)") && listed.out.contains("ops  (admin, 600/min)"), "\(listed)")
        let updated = try Self.cartopress(["keys", "update", prefix, "--no-admin", "--rate-limit", "0", "--sync-json"], environment: environment)
        #expect(updated.status == 0 && updated.out == "\(prefix): sync-json\n", "\(updated)")
        let store = FileAPIKeyStore(path: directory + "/keys.json")
        let record = try #require(try store.record(prefix: prefix))
        #expect(!record.isAdmin && record.rateLimitPerMinute == nil && record.syncJSON == true)
        let refused = try Self.cartopress(["keys", "create", "--name", "x", "--rate-limit", "0"], environment: environment)
        #expect(refused.status != 0 && refused.err.contains("--rate-limit must be 1 to 1000000"))
    }

    @Test func aKeyWithItsOwnRateLimitIsHeldToIt() async throws {
        let redis = try LocalRedisServer()
        defer { redis.stop() }
        let configuration = ServiceHarness.configuration {
            $0.redisURL = "redis://127.0.0.1:\(redis.port)"
            $0.authRequired = true
            $0.rateLimitPerMinute = 100
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            var (key, record) = runtime.hasher.makeKey(name: "small")
            record.rateLimitPerMinute = 2
            try runtime.keys.save(record)
            let other = try ServiceHarness.keys("default", in: runtime)[0]
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(try await client.execute(uri: "/api/v1/posters/jobs?status=failed", method: .get, headers: ServiceHarness.headers(key: key)) { $0.status })
            }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
            let limit = try await client.execute(uri: "/api/v1/posters/jobs?status=failed", method: .get, headers: ServiceHarness.headers(key: other)) {
                $0.headers[HTTPField.Name("X-RateLimit-Limit")!]
            }
            #expect(limit == "100")
        }
    }

    @Test func preferWaitAnswersTheFinishedJobOrTheUsual202() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration()) { client, _ in
            var headers = ServiceHarness.headers()
            headers[HTTPField.Name("Prefer")!] = "wait=60"
            let waited = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: headers, body: ByteBuffer(string: Self.poster)) { $0 }
            #expect(waited.status == .ok)
            #expect(waited.headers[HTTPField.Name("Preference-Applied")!] == "wait=60")
            let body = ServiceHarness.object(waited.body)
            #expect(body["status"] as? String == "completed" && body["id"] as? String == body["job_id"] as? String)
            #expect((body["metadata"] as? [String: Any])?["dimensions"] as? String == "600x900")
            #expect((body["download_url"] as? String)?.contains("/api/v1/posters/files/") == true)

            // A job that fails while the request waits is answered with its error and status.
            let failed = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: headers, body: ByteBuffer(string: Self.deadLetter)) { $0 }
            #expect(failed.status == .unprocessableContent && ServiceHarness.object(failed.body)["code"] as? String == "location_outside_tiles")

            // No Prefer (and no compat setting): 202 at once, warnings included.
            let queued = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                  body: ByteBuffer(string: Self.poster.replacingOccurrences(of: "\"camera\"", with: "\"colour\":1,\"camera\""))) { $0 }
            #expect(queued.status == .accepted)
            #expect(ServiceHarness.object(queued.body)["warnings"] as? [String] == ["colour: is not a field of the request and was ignored"])
        }
        // A service that keeps carto-art's synchronous contract, asked not to wait.
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.compatSyncJSON = true }) { client, _ in
            var headers = ServiceHarness.headers()
            headers[HTTPField.Name("Prefer")!] = "respond-async"
            let status = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: headers, body: ByteBuffer(string: Self.poster)) { $0.status }
            #expect(status == .accepted)
            let sync = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(), body: ByteBuffer(string: Self.poster)) { $0.status }
            #expect(sync == .ok)
        }
    }

    @Test func localPostersAreDeletedAfterTheirRetention() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-retention-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try FileObjectStore(directory: directory, publicURL: "http://127.0.0.1", linkSecret: "s")
        _ = try store.put(name: "old.png", bytes: [1, 2, 3], contentType: "image/png")
        _ = try store.put(name: "new.png", bytes: [4, 5], contentType: "image/png")
        _ = FileManager.default.createFile(atPath: "\(directory)/.keep", contents: Data([0]))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-8 * 86_400)], ofItemAtPath: "\(directory)/old.png")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-8 * 86_400)], ofItemAtPath: "\(directory)/.keep")
        let deleted = store.deleteOlderThan(7 * 86_400)
        #expect(deleted.files == 1 && deleted.bytes == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [".keep", "new.png"])
        #expect(try ServiceConfiguration.from(values: ["poster_retention_days": "2"]).posterRetentionDays == 2)
        #expect(ServiceConfiguration().posterRetentionDays == 7)
    }
}
