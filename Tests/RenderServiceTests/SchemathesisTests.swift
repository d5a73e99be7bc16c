import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import RenderService

/// Keeps `/openapi.json` true: schemathesis (PyPI, installed by `scripts/setup.sh`) generates valid and
/// invalid requests from the document, sends them to the live service over loopback, and fails on any
/// 5xx, any response that breaks the document (status, content type, headers, body schema), any invalid
/// request that is accepted, and any secured operation that answers without a key.
@Suite(.tags(.slow), .tags(.slow)) struct SchemathesisTests {
    static let schemathesis = ServiceHarness.repository.appendingPathComponent(".build-tools/venv/bin/schemathesis").path

    @Test func theLiveServiceKeepsItsOpenAPIDocument() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.schemathesis) else {
            Issue.record("schemathesis is not installed at \(Self.schemathesis); run scripts/setup.sh")
            return
        }
        let configuration = ServiceHarness.configuration {
            $0.authRequired = true
            // Queued jobs stay queued: the test is about the API, and random valid posters can be large.
            $0.workers = 0
            $0.rateLimitPerMinute = 1_000_000
        }
        let output = try await ServiceHarness.withService(configuration) { client, runtime in
            let (key, record) = runtime.hasher.makeKey(name: "schemathesis")
            try runtime.keys.save(record)
            let port = try #require(client.port)
            return try await Self.run(arguments: [
                "run", "http://127.0.0.1:\(port)/openapi.json",
                "--experimental=openapi-3.1",
                "--checks", "all",
                "--data-generation-method", "all",
                "--stateful=links",
                "--hypothesis-max-examples", "120",
                "--hypothesis-derandomize",
                // A hang is still caught; a busy CI machine running the other suites in parallel is not one
                // (schemathesis' 10 s default once caught a 202 delayed by the load, then could not reproduce it).
                "--request-timeout", "30000",
                "--header", "Authorization: Bearer \(key)",
            ])
        }
        #expect(output.status == 0, "schemathesis found responses that break the OpenAPI document:\n\(output.text.suffix(6000))")
        // The run covered every operation, not an empty document.
        #expect(output.text.contains("Collected API operations: 23"), "\(output.text.prefix(2000))")
        #expect(output.text.contains("negative_data_rejection"))
    }

    /// Runs schemathesis to completion without blocking a cooperative thread on `waitUntilExit`.
    static func run(arguments: [String]) async throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: schemathesis)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SCHEMATHESIS_HOOKS"] = "schemathesis_hooks"
        environment["PYTHONPATH"] = ServiceHarness.repository.appendingPathComponent("scripts").path
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let result = try await LoggedProcess.run(process, timeout: 900, name: "schemathesis")
        return (result.status, result.output)
    }
}
