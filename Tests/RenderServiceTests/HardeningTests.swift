import Foundation
import HTTPTypes
import HummingbirdTesting
import JobQueue
import ObjectStorage
import PosterPipeline
import Testing
import TestSupport
@testable import RenderService

/// Regressions of the defects a hostile client found: a key reaching another key's jobs and posters, a
/// webhook lost between completing a job and queueing it, an outage using up a job's attempts, IPv6
/// webhook receivers refused.
@Suite struct HardeningTests {
    static func submit(_ client: any TestClientProtocol, key: String, body: String = PosterAPITests.helsinki) async throws -> String {
        let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(key: key),
                                                body: ServiceHarness.body(body)) { ServiceHarness.object($0.body) }
        return try #require(accepted["job_id"] as? String, "\(accepted)")
    }

    @Test func anotherKeysJobIsNotFoundAndStaysUntouched() async throws {
        let configuration = ServiceHarness.configuration {
            $0.authRequired = true
            $0.workers = 0
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let keys = try ServiceHarness.keys("a", "b", in: runtime)
            let (keyA, keyB) = (keys[0], keys[1])
            let id = try await Self.submit(client, key: keyA)

            func call(_ method: HTTPRequest.Method, _ id: String, key: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: method, headers: ServiceHarness.headers(key: key)) {
                    ($0.status, ServiceHarness.object($0.body))
                }
            }
            // B sees A's job exactly as a job that does not exist: same status, same message shape.
            let missing = "job_" + String(repeating: "0", count: 32)
            for method in [HTTPRequest.Method.get, .delete] {
                let foreign = try await call(method, id, key: keyB)
                let absent = try await call(method, missing, key: keyB)
                #expect(foreign.0 == .notFound && absent.0 == .notFound, "\(method)")
                let foreignError: [String: Any]? = foreign.1, absentError: [String: Any]? = absent.1
                #expect(foreignError?["code"] as? String == absentError?["code"] as? String)
                #expect((foreignError?["message"] as? String)?.replacingOccurrences(of: id, with: missing) == absentError?["message"] as? String)
            }
            // B's cancel did nothing; A still owns a queued job and can cancel it.
            #expect(try runtime.queue.job(id: id)?.status == .queued)
            let own = try await call(.get, id, key: keyA)
            #expect(own.0 == .ok && own.1["status"] as? String == "queued")
            #expect(try await call(.delete, id, key: keyA).0 == .ok)
            #expect(try runtime.queue.job(id: id)?.status == .cancelled)
        }
    }

    @Test func aPosterDownloadsByItsSignedLinkOrByItsOwnersKeyOnly() async throws {
        let configuration = ServiceHarness.configuration { $0.authRequired = true }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let keys = try ServiceHarness.keys("a", "b", in: runtime)
            let (keyA, keyB) = (keys[0], keys[1])
            let id = try await Self.submit(client, key: keyA)
            let job = try await ServiceHarness.waitForJob(client, id: id, key: keyA)
            #expect(job["status"] as? String == "completed", "\(job)")
            let link = try #require(URLComponents(string: (job["result"] as? [String: Any])?["download_url"] as? String ?? ""))
            let signedPath = link.path + "?" + (link.percentEncodedQuery ?? "")
            #expect(link.path == "/api/v1/posters/files/\(id).png")
            #expect(link.queryItems?.map(\.name) == ["expires", "signature"])

            func get(_ uri: String, key: String? = nil) async throws -> HTTPResponse.Status {
                var headers: HTTPFields = [:]
                if let key { headers[.authorization] = "Bearer \(key)" }
                return try await client.execute(uri: uri, method: .get, headers: headers) { $0.status }
            }
            // The link works without a key, as an S3 presigned URL does.
            #expect(try await get(signedPath) == .ok)
            // Without the link's signature only A's key gets the poster.
            #expect(try await get(link.path, key: keyA) == .ok)
            #expect(try await get(link.path, key: keyB) == .notFound)
            #expect(try await get(link.path) == .notFound)
            // A signature for another name or expiry, or a forged one, grants nothing.
            let expires = try #require(link.queryItems?.first { $0.name == "expires" }?.value)
            let signature = try #require(link.queryItems?.first { $0.name == "signature" }?.value)
            #expect(try await get(link.path + "?expires=\(Int(expires)! + 1)&signature=\(signature)") == .notFound)
            #expect(try await get(link.path + "?expires=\(expires)&signature=" + String(repeating: "0", count: 64)) == .notFound)
            let files = try #require(runtime.store as? FileObjectStore)
            #expect(files.verifyLink(name: "\(id).png", expires: expires, signature: signature))
            #expect(!files.verifyLink(name: "\(id).pdf", expires: expires, signature: signature))
            #expect(!files.verifyLink(name: "\(id).png", expires: expires, signature: signature, now: Date(timeIntervalSince1970: Double(expires)! + 1)))
        }
    }

    @Test func aWebhookOwedByACompletedJobSurvivesAWorkerDyingRightAfterCompleting() async throws {
        // An API-only process, so that no worker or reaper runs: the test plays a worker that completes a
        // job and dies before it queues the webhook.
        let configuration = ServiceHarness.configuration { $0.workers = 0 }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let id = try await WebhookTests.submit(client, key: nil, webhook: "https://hooks.example.com/cartopress")
            let claim = try #require(try runtime.queue.claim(worker: "doomed"))
            #expect(claim.job.id == id)
            try runtime.queue.complete(claim, result: #"{"download_url":"https://example.com/p.png"}"#, now: Date())
            // Completed, and owed: the outbox holds it, though nothing was queued yet.
            #expect(try runtime.queue.pendingNotifications(limit: 10) == [id])
            #expect(try runtime.webhookQueue.counts()[.queued] == 0)
            // The next reaper pass of any process queues it, once however often it runs.
            #expect(runtime.webhooks.drainOutbox() == 1)
            #expect(runtime.webhooks.drainOutbox() == 0)
            #expect(try runtime.queue.pendingNotifications(limit: 10).isEmpty)
            let webhook = try #require(try runtime.webhookQueue.claim(worker: "test"))
            let message = try WebhookMessage.decode(webhook.job.payload)
            #expect(message.id == "msg_\(id)_completed" && message.jobID == id)
            #expect(try runtime.webhookQueue.claim(worker: "test") == nil)
        }
    }

    @Test func aStorageOutageLongerThanItsWindowFailsTheJobWithTheReason() async throws {
        // Nothing listens on this port: storage is down for good. With a 2 s window the job is retried
        // (without using its 3 attempts) and then runs through its attempts and fails.
        let port = try TestS3Server.freePort()
        let configuration = ServiceHarness.configuration {
            $0.s3 = ServiceHarness.s3(port: port)
            $0.retryBaseSeconds = 0.2
            $0.outageRetryCapSeconds = 0.5
            $0.outageWindowSeconds = 2
            $0.maxAttempts = 2
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            // Taken before the request: on a loaded machine the worker's first failed upload may come before
            // the 202 reaches the test, and the window counts from that failure.
            let started = Date()
            let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                    body: ServiceHarness.body(PosterAPITests.helsinki)) { ServiceHarness.object($0.body) }
            let id = try #require(accepted["job_id"] as? String)
            let job = try await ServiceHarness.waitForJob(client, id: id, timeout: 90)
            #expect(job["status"] as? String == "failed", "\(job)")
            // Not before the window ended: the outage itself used no attempt.
            #expect(Date().timeIntervalSince(started) >= 2)
            #expect(job["attempts"] as? Int == 2)
            let error = try #require(job["error"] as? [String: Any])
            #expect(error["code"] as? String == "storage" && (error["message"] as? String)?.contains("127.0.0.1:\(port)") == true, "\(error)")
        }
    }

    @Test func aTileServerOutageIsA503WithRetryAfterOnTheSynchronousPath() async throws {
        // Nothing listens on this port: the tile server is down.
        let port = try TestS3Server.freePort()
        let configuration = ServiceHarness.configuration {
            $0.workers = 0
            $0.tilesPath = "http://127.0.0.1:\(port)/tiles/{z}/{x}/{y}.pbf"
        }
        try await ServiceHarness.withService(configuration) { client, _ in
            let (status, headers, body) = try await client.execute(uri: "/api/v1/posters/generate", method: .post,
                                                                   headers: ServiceHarness.headers(accept: "image/png"),
                                                                   body: ServiceHarness.body(PosterAPITests.helsinki)) {
                ($0.status, $0.headers, ServiceHarness.object($0.body))
            }
            #expect(status == .serviceUnavailable && headers[.retryAfter] == "30", "\(status) \(body)")
            let error = body
            #expect(error["code"] as? String == "pipeline.tiles_unavailable" && error["error"] as? String == "Service Unavailable")
            #expect((error["message"] as? String)?.contains("127.0.0.1:\(port)") == true, "\(error)")
        }
    }

    @Test(arguments: [
        ("http://[2001:db8::1]/hook", nil),
        ("https://[2606:4700:4700::1111]:8443/hooks?x=1", nil),
        ("http://[::ffff:127.0.0.1]/hook", nil),
        ("http://[2001:db8:::1]/hook", #""2001:db8:::1" in "http://[2001:db8:::1]/hook" is not an IPv6 address"#),
        ("http://[127.0.0.1]/hook", #""127.0.0.1" in "http://[127.0.0.1]/hook" is not an IPv6 address"#),
        ("http://2001:db8::1/hook", #""http://2001:db8::1/hook" is not an http or https URL"#),
        ("http://example.com:0/hook", #"the port of "http://example.com:0/hook" must be 1 to 65535"#),
        ("ftp://example.com/hook", #""ftp://example.com/hook" is not an http or https URL"#),
    ] as [(String, String?)])
    func webhookURLsWithIPv6LiteralsAreReadByTheirForm(_ url: String, _ problem: String?) {
        #expect(PosterRequestParser.webhookProblem(url) == problem)
    }
}

/// Settings come from `CARTOPRESS_*` variables; Kubernetes adds some of its own for a Service named
/// `cartopress`, and those must neither configure nor stop the service.
@Suite struct ConfigurationEnvironmentTests {
    @Test func kubernetesServiceLinksAreNotSettings() throws {
        let configuration = try ServiceConfiguration.fromEnvironment([
            "CARTOPRESS_PORT": "tcp://10.0.0.7:8080",
            "CARTOPRESS_PORT_8080_TCP": "tcp://10.0.0.7:8080",
            "CARTOPRESS_PORT_8080_TCP_ADDR": "10.0.0.7",
            "CARTOPRESS_SERVICE_HOST": "10.0.0.7",
            "CARTOPRESS_SERVICE_PORT": "8080",
            "CARTOPRESS_MAX_ATTEMPTS": "5",
        ])
        #expect(configuration.port == ServiceConfiguration().port && configuration.maxAttempts == 5)
        #expect(configuration.warnings.isEmpty)
        // A real port setting still applies; a misspelt key is named, with the setting it likely meant, and
        // does not stop start-up (an orchestrator may set variables of another version).
        #expect(try ServiceConfiguration.fromEnvironment(["CARTOPRESS_PORT": "9000"]).port == 9000)
        let typo = try ServiceConfiguration.fromEnvironment(["CARTOPRESS_MAX_ATEMPTS": "5", "CARTOPRESS_SHINY_NEW_THING": "1"])
        #expect(typo.maxAttempts == ServiceConfiguration().maxAttempts)
        #expect(typo.warnings == [
            "CARTOPRESS_MAX_ATEMPTS is not a setting and is ignored (did you mean CARTOPRESS_MAX_ATTEMPTS?); the README's Configuration section lists the keys",
            "CARTOPRESS_SHINY_NEW_THING is not a setting and is ignored; the README's Configuration section lists the keys",
        ])
    }
}

/// The one table of error codes: every code has a status and a retry kind, and the documents name them all.
@Suite struct ErrorCodeTableTests {
    @Test func everyCodeIsDocumentedInTheArchitectureAndTheOpenAPIDocument() throws {
        let architecture = try String(contentsOf: ServiceHarness.repository.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        let openAPI = OpenAPIDocument.json(limits: .standard, styleIDs: ["minimal"])
        for code in ErrorCode.allCases {
            #expect(architecture.contains("`\(code.rawValue)`"), "docs/ARCHITECTURE.md does not name \(code.rawValue)")
            #expect(openAPI.contains(code.rawValue), "the OpenAPI document does not name \(code.rawValue)")
        }
    }

    @Test func theTableSaysHowEachFailureIsAnsweredAndRetried() {
        #expect(ErrorCode.tilesUnavailable.status == .serviceUnavailable && ErrorCode.tilesUnavailable.failure == .dependencyUnavailable)
        #expect(ErrorCode.storage.failure == .dependencyUnavailable && ErrorCode.storageRefused.failure == .permanent)
        #expect(ErrorCode.tileInvalid.status == .unprocessableContent && ErrorCode.tileInvalid.failure == .permanent)
        #expect(ErrorCode.busy.failure == .retryable && ErrorCode.timeout.failure == .permanent)
        // Bad input is never a 500; a render that fails after validation is (carto-art answered 500), and a
        // render past timeout_ms is a 504.
        for code in [ErrorCode.invalidRequest, .unsupported, .styleInvalid, .pipelineInvalidRequest] {
            #expect(code.status.code < 500, "\(code)")
        }
        #expect(ErrorCode.render.status == .internalServerError && ErrorCode.render.rawValue == "render_failed")
        #expect(ErrorCode.timeout.status == .gatewayTimeout)
        // Every pipeline failure has its code in the table, under its own name but for the render's, which
        // carto-art's clients know as render_failed.
        for code in [PipelineError.Code.resourcesNotFound, .styleUnreadable, .styleInvalid, .tilesUnavailable, .tileInvalid, .output,
                     .invalidRequest, .cancelled, .locationOutsideTiles] {
            #expect(ErrorCode(code).rawValue == code.rawValue)
        }
        #expect(ErrorCode(PipelineError.Code.render) == .render)
    }
}
