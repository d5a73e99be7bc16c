import Foundation
import TestSupport

/// `scripts/test_http_server.py` (standard library only) on a free loopback port for one test, stopped after.
final class TestHTTPServer: Sendable {
    let process: ScriptProcess
    let port: Int

    init() throws {
        process = try ScriptProcess(script: "test_http_server.py", arguments: [], python: "/usr/bin/python3")
        guard let port = Int(process.firstLine) else {
            throw ScriptProcessError("the test HTTP server said \"\(process.firstLine)\" instead of its port")
        }
        self.port = port
    }

    var base: String { "http://127.0.0.1:\(port)" }
}
