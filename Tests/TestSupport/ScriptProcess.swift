import Foundation

/// A helper server the tests start from `scripts/` (a Python program), on loopback, and stop in `deinit`.
/// Its first line of output says it is ready; a server that does not start fails the test with its
/// own error output.
public final class ScriptProcess: @unchecked Sendable {
    // @unchecked: set up once in init, then only read; `stop` is idempotent through `Process`.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The project's tools virtualenv (scripts/setup.sh installs it), where the servers' packages live.
    public static let python = repository.appendingPathComponent(".build-tools/venv/bin/python").path

    let process = Process()
    private let input = Pipe()
    /// The first line the program printed.
    public let firstLine: String

    /// - Parameter python: the interpreter; the tools virtualenv by default, the system one for scripts
    ///   that need only the standard library.
    public init(script: String, arguments: [String], timeout: Double = 60, python: String = ScriptProcess.python) throws {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ScriptProcessError("\(python) is missing: run scripts/setup.sh to install the test tools")
        }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.repository.appendingPathComponent("scripts/\(script)").path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        // The program also stops when this pipe closes, so a crashed test process leaves nothing behind.
        process.standardInput = input
        try process.run()
        let line = LineReader(output.fileHandleForReading).line(timeout: timeout)
        guard let line, !line.isEmpty else {
            process.terminate()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().suffix(2000), as: UTF8.self)
            throw ScriptProcessError("scripts/\(script) did not start: \(stderr)")
        }
        firstLine = line
        // Keep draining stderr so the program never blocks on a full pipe.
        let drain = errors.fileHandleForReading
        Thread { _ = drain.readDataToEndOfFile() }.start()
    }

    /// SIGTERM, then SIGKILL if the program has not ended within 10 s.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
        stop()
    }
}

/// Reads one line from a pipe with a time limit.
struct LineReader {
    let handle: FileHandle
    init(_ handle: FileHandle) { self.handle = handle }

    func line(timeout: Double) -> String? {
        let box = LineBox()
        let done = DispatchSemaphore(value: 0)
        Thread { [handle] in
            var bytes: [UInt8] = []
            while true {
                let chunk = handle.readData(ofLength: 1)
                guard let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
                bytes.append(byte)
            }
            box.set(String(decoding: bytes, as: UTF8.self))
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        return box.get()
    }
}

final class LineBox: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var value: String?
    func set(_ text: String) { lock.withLock { value = text } }
    func get() -> String? { lock.withLock { value } }
}

public struct ScriptProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
