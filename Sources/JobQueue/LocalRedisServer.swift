public import Foundation

/// A redis-server started by this process on a free loopback port, with its data in a temporary
/// directory, and killed when released: for tests, benchmarks and trying the queue without a Redis.
public final class LocalRedisServer: @unchecked Sendable {
    // @unchecked: `process` is replaced only by `restart()`, which callers do not run concurrently.
    public private(set) var port: Int
    public let directory: URL
    private let arguments: [String]
    private var process: Process

    /// Starts a server; `extraArguments` are redis-server options, e.g. `["--appendonly", "yes"]`.
    public init(extraArguments: [String] = []) throws(RedisError) {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-redis-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        arguments = extraArguments
        var lastError = RedisError(.connect, "could not start redis-server")
        for _ in 0..<20 {
            let port = Int.random(in: 20_000...60_000)
            do throws(RedisError) {
                process = try Self.launch(port: port, directory: directory, arguments: extraArguments)
                self.port = port
                return
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func launch(port: Int, directory: URL, arguments: [String]) throws(RedisError) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", directory.path, "--daemonize", "no", "--loglevel", "warning"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw RedisError(.connect, "cannot run \(executable): \(error.localizedDescription); install redis-server (scripts/setup.sh does)")
        }
        // Ready when it answers PING; a port clash makes it exit at once.
        for _ in 0..<250 {
            if !process.isRunning { break }
            if let connection = try? RedisConnection(RedisConfiguration(port: port, connectTimeout: 0.2, reconnectAttempts: 0)),
               (try? connection.command(["PING"])) == .status("PONG") {
                return process
            }
            usleep(20_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw RedisError(.connect, "redis-server on port \(port) did not start")
    }

    /// Kills the server without warning and starts it again on the same port and data directory.
    public func restart() throws(RedisError) {
        stop()
        process = try Self.launch(port: port, directory: directory, arguments: arguments)
    }

    static var executable: String {
        for path in ["/usr/bin/redis-server", "/usr/local/bin/redis-server"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return "/usr/bin/redis-server"
    }

    public var configuration: RedisConfiguration { RedisConfiguration(port: port) }

    /// Kills the server (SIGKILL: nothing to save) and waits briefly for it to go. Foundation's
    /// waitUntilExit can hang on Linux off the main thread, so this polls instead.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning { usleep(10_000) }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
