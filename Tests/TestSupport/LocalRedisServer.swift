import Foundation

/// A redis-server started by this process on a free loopback port, with its data in a temporary
/// directory, and killed when released: for tests and benchmarks. Foundation only, so that it needs nothing
/// from `JobQueue`: a target that does gets its `RedisConfiguration` from ``port`` (the test targets and
/// `cartopress-bench` each add a `configuration` property for that).
public final class LocalRedisServer: @unchecked Sendable {
    // @unchecked: `process` is replaced only by `restart()`, which callers do not run concurrently.
    public private(set) var port: Int
    public let directory: URL
    private let arguments: [String]
    private var process: Process

    /// Starts a server; `extraArguments` are redis-server options, e.g. `["--appendonly", "yes"]`. The port
    /// is drawn from `ports` (a cluster node also listens on port + 10000, so it keeps below 55536).
    public init(extraArguments: [String] = [], ports: ClosedRange<Int> = 20_000...60_000) throws(LocalRedisServerError) {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-redis-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        arguments = extraArguments
        var lastError = LocalRedisServerError("could not start redis-server")
        for _ in 0..<20 {
            let port = Int.random(in: ports)
            do throws(LocalRedisServerError) {
                process = try Self.launch(port: port, directory: directory, arguments: extraArguments)
                self.port = port
                return
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func launch(port: Int, directory: URL, arguments: [String]) throws(LocalRedisServerError) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", directory.path, "--daemonize", "no", "--loglevel", "warning"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw LocalRedisServerError("cannot run \(executable): \(error.localizedDescription); install redis-server (scripts/setup.sh does)")
        }
        // Ready when it answers PING; a port clash makes it exit at once.
        for _ in 0..<250 {
            if !process.isRunning { break }
            if answersPing(port: port) { return process }
            usleep(20_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw LocalRedisServerError("redis-server on port \(port) did not start")
    }

    /// Whether a server on 127.0.0.1:`port` answers an inline PING with +PONG within 200 ms.
    private static func answersPing(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        let timeoutLength = socklen_t(MemoryLayout<timeval>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, timeoutLength)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, timeoutLength)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let ping = Array("PING\r\n".utf8)
        guard send(fd, ping, ping.count, Int32(MSG_NOSIGNAL)) == ping.count else { return false }
        var reply = [UInt8](repeating: 0, count: 16)
        let count = recv(fd, &reply, reply.count, 0)
        return count >= 5 && Array(reply.prefix(5)) == Array("+PONG".utf8)
    }

    /// Kills the server without warning and starts it again on the same port and data directory.
    public func restart() throws(LocalRedisServerError) {
        stop()
        process = try Self.launch(port: port, directory: directory, arguments: arguments)
    }

    static var executable: String {
        for path in ["/usr/bin/redis-server", "/usr/local/bin/redis-server"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return "/usr/bin/redis-server"
    }

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

/// Why a ``LocalRedisServer`` did not start.
public struct LocalRedisServerError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
