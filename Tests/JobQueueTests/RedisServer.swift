import Foundation
import JobQueue

/// A real redis-server started for one test on a free loopback port, stopped when released.
final class RedisServer: @unchecked Sendable {
    let port: Int
    let directory: URL
    private let process: Process

    init(extraArguments: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError: Error?
        for _ in 0..<20 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                 "--dir", directory.path, "--daemonize", "no", "--loglevel", "warning"] + extraArguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                lastError = error
                continue
            }
            // Ready when it answers PING; a port clash makes it exit at once.
            for _ in 0..<100 {
                if !process.isRunning { break }
                if let connection = try? RedisConnection(RedisConfiguration(port: port, connectTimeout: 0.2, reconnectAttempts: 0)),
                   (try? connection.command(["PING"])) == .status("PONG") {
                    self.port = port
                    self.process = process
                    return
                }
                usleep(20_000)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            lastError = RedisError(.connect, "redis-server on port \(port) did not start")
        }
        throw lastError ?? RedisError(.connect, "could not start redis-server")
    }

    static var executable: String {
        for path in ["/usr/bin/redis-server", "/usr/local/bin/redis-server"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return "/usr/bin/redis-server"
    }

    var configuration: RedisConfiguration { RedisConfiguration(port: port) }

    /// Kills the server (SIGKILL: nothing to save) and waits briefly for it to go. Foundation's
    /// waitUntilExit can hang on Linux off the main thread, so this polls instead.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning { usleep(10_000) }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
