import Foundation

/// A real S3-compatible server that checks signatures (SeaweedFS, from the tools virtualenv), started by
/// `scripts/s3_test_server.py` on 127.0.0.1 with one bucket and one key pair.
public final class TestS3Server: @unchecked Sendable {
    // @unchecked: set up once in init, then only read.
    public static let accessKey = "CARTOPRESSTEST"
    public static let secretKey = "test/Secret+with=awkward/characters0"
    public let bucket: String
    public let port: Int
    let process: ScriptProcess

    /// - Parameter port: 0 picks a free port; a fixed port brings a server back where one was stopped.
    public init(bucket: String = "posters", port: Int = 0, directory: String? = nil) throws {
        var arguments = ["--access-key", Self.accessKey, "--secret-key", Self.secretKey, "--bucket", bucket, "--port", String(port)]
        if let directory { arguments += ["--dir", directory] }
        process = try ScriptProcess(script: "s3_test_server.py", arguments: arguments, timeout: 90)
        let parts = process.firstLine.split(separator: " ")
        guard parts.count == 2, parts[0] == "READY", let ready = Int(parts[1]) else {
            throw ScriptProcessError("the S3 test server said \"\(process.firstLine)\" instead of READY <port>")
        }
        self.bucket = bucket
        self.port = ready
    }

    public var endpoint: String { "http://127.0.0.1:\(port)" }

    public func stop() { process.stop() }

    /// A TCP port nothing listens on right now (for a server that is down).
    public static func freePort() throws -> Int {
        // Released when it goes out of scope: the port is free again, and nothing listens on it.
        try PortReservation().port
    }
}
