import Foundation

/// A webhook receiver on 127.0.0.1 (`scripts/webhook_receiver.py`) that verifies every delivery with the
/// Standard Webhooks reference library and records it, so tests can read what arrived.
public final class TestWebhookReceiver: @unchecked Sendable {
    // @unchecked: set up once in init, then only read.
    public let port: Int
    let process: ScriptProcess

    /// - Parameter secrets: `whsec_…` secrets; a delivery verified by any one of them counts.
    public init(secrets: [String]) throws {
        process = try ScriptProcess(script: "webhook_receiver.py", arguments: secrets.flatMap { ["--secret", $0] })
        guard let port = Int(process.firstLine) else {
            throw ScriptProcessError("the webhook receiver said \"\(process.firstLine)\" instead of its port")
        }
        self.port = port
    }

    public func url(_ name: String) -> String { "http://127.0.0.1:\(port)/hook/\(name)" }

    /// Sets how `/hook/<name>` answers: `["fail": 2, "status": 500]`, `["redirect": url]`, `["status": 410]`.
    public func control(_ name: String, _ behaviour: [String: Any]) throws {
        _ = try Self.fetch("POST", "http://127.0.0.1:\(port)/control/\(name)", body: try JSONSerialization.data(withJSONObject: behaviour))
    }

    /// Every delivery to `/hook/<name>` so far, in order, with what the receiver answered.
    public func deliveries(_ name: String) throws -> [[String: Any]] {
        let data = try Self.fetch("GET", "http://127.0.0.1:\(port)/deliveries/\(name)")
        return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }

    /// Polls until `count` deliveries to `name` arrived or `timeout` passes.
    public func waitForDeliveries(_ name: String, count: Int, timeout: Double) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [[String: Any]] = []
        while Date() < deadline {
            last = try deliveries(name)
            if last.count >= count { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return last
    }

    /// Plain loopback HTTP with curl's command line, so the receiver is checked by a client other than ours.
    static func fetch(_ method: String, _ url: String, body: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var arguments = ["-s", "-X", method, url]
        if let body {
            arguments += ["-H", "Content-Type: application/json", "--data-binary", String(decoding: body, as: UTF8.self)]
        }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
