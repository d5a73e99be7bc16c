import Foundation

/// Starts `scripts/test_http_server.py` on a free loopback port for one test and stops it after.
final class TestHTTPServer: @unchecked Sendable {
    // @unchecked: set up once in init, then only read.
    let process = Process()
    let port: Int

    init() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [repository.appendingPathComponent("scripts/test_http_server.py").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The first line is the port.
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            guard let first = byte.first else { break }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the test HTTP server did not start"])
        }
        self.port = port
    }

    var base: String { "http://127.0.0.1:\(port)" }

    deinit {
        process.terminate()
    }
}
