import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobQueue
import Logging
import NIOCore
import PosterPipeline
import TestSupport
@testable import RenderService

/// Starts the real service on loopback (HTTP through a socket, real workers, real files) for one test.
enum ServiceHarness {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A configuration with a fresh data directory and the bundled tiles.
    static func configuration(_ adjust: (inout ServiceConfiguration) -> Void = { _ in }) -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cartopress-test-\(UUID().uuidString)").path
        configuration.authRequired = false
        configuration.workers = 1
        configuration.maxContexts = 2
        configuration.apiKeyPepper = "test-pepper"
        adjust(&configuration)
        return configuration
    }

    static func runtime(_ configuration: ServiceConfiguration, observeQueue: (any JobQueue) -> any JobQueue = { $0 }) throws -> ServiceRuntime {
        var logger = Logger(label: "cartopress-test")
        logger.logLevel = .warning
        return try ServiceRuntime(configuration: configuration, resources: ResourceLocator(root: repository.path), logger: logger,
                                  observeQueue: observeQueue)
    }

    static func withService<R: Sendable>(_ configuration: ServiceConfiguration, observeQueue: (any JobQueue) -> any JobQueue = { $0 },
                                         _ body: @Sendable (any TestClientProtocol, ServiceRuntime) async throws -> R) async throws -> R {
        let runtime = try runtime(configuration, observeQueue: observeQueue)
        defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
        try runtime.pool.prewarm()
        let app = RenderServer.makeApplication(runtime: runtime, workers: configuration.workers)
        return try await app.test(.live) { client in try await body(client, runtime) }
    }

    /// S3 settings for the test server's credentials at `port` on loopback.
    static func s3(port: Int) -> S3Settings {
        var s3 = S3Settings(endpoint: "http://127.0.0.1:\(port)", bucket: "posters")
        s3.accessKeyID = TestS3Server.accessKey
        s3.secretAccessKey = TestS3Server.secretKey
        return s3
    }

    /// API keys of these names, stored in the service's key store; returns the keys themselves.
    static func keys(_ names: String..., in runtime: ServiceRuntime) throws -> [String] {
        try names.map { name in
            let (key, record) = runtime.hasher.makeKey(name: name)
            try runtime.keys.save(record)
            return key
        }
    }

    /// A poster request body.
    static func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    static func headers(key: String? = nil, accept: String? = nil, idempotency: String? = nil) -> HTTPFields {
        var headers = jsonHeaders
        if let key { headers[.authorization] = "Bearer \(key)" }
        if let accept { headers[.accept] = accept }
        if let idempotency { headers[HTTPField.Name("Idempotency-Key")!] = idempotency }
        return headers
    }

    static func object(_ buffer: ByteBuffer?) -> [String: Any] {
        guard let buffer, let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else { return [:] }
        return object
    }

    /// Polls a job until it reaches a terminal status or `timeout` passes.
    static func waitForJob(_ client: any TestClientProtocol, id: String, key: String? = nil, timeout: Double = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: Any] = [:]
        while Date() < deadline {
            last = try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: .get, headers: headers(key: key)) { object($0.body) }
            if let status = last["status"] as? String, ["completed", "failed", "cancelled"].contains(status) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }
}
