import Foundation

/// Runs a child process to its end with its output in a log file, polling instead of `waitUntilExit` so
/// that no cooperative thread blocks: the one way the suites run long external tools (schemathesis, the
/// deploy validator).
public enum LoggedProcess {
    /// Starts `process`, stops it after `timeout` seconds, and returns its exit status and everything it wrote.
    public static func run(_ process: Process, timeout: Double, name: String) async throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
