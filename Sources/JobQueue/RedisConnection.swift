import CHiredis
import Foundation

/// Where Redis is and how long to wait for it.
public struct RedisConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Seconds to wait for a TCP connection.
    public var connectTimeout: Double
    /// Seconds to wait for a command's reply (blocking commands add their own timeout).
    public var commandTimeout: Double
    /// Reconnect attempts before a command fails; they back off from 50 ms, doubling.
    public var reconnectAttempts: Int

    public init(host: String = "127.0.0.1", port: Int = 6379, connectTimeout: Double = 2, commandTimeout: Double = 5,
                reconnectAttempts: Int = 5) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectAttempts = reconnectAttempts
    }
}

/// One connection to Redis over hiredis. Commands are binary safe (`redisCommandArgv`); a lost connection
/// is re-established with backoff. Thread-safe: commands are serialised on the connection.
public final class RedisConnection: @unchecked Sendable {
    // @unchecked: `context` is only touched under `lock`.
    public let configuration: RedisConfiguration
    private let lock = NSLock()
    private var context: UnsafeMutablePointer<redisContext>?
    private var scriptShas: [String: String] = [:]

    public init(_ configuration: RedisConfiguration = RedisConfiguration()) throws(RedisError) {
        self.configuration = configuration
        try locked { () throws(RedisError) in try connectLocked() }
    }

    deinit {
        if let context { redisFree(context) }
    }

    private func locked<R>(_ body: () throws(RedisError) -> R) throws(RedisError) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private static func timeval(_ seconds: Double) -> Glibc.timeval {
        Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
    }

    private func connectLocked() throws(RedisError) {
        if let context { redisFree(context) }
        context = nil
        guard let created = redisConnectWithTimeout(configuration.host, Int32(configuration.port), Self.timeval(configuration.connectTimeout)) else {
            throw RedisError(.connect, "cannot allocate a Redis connection")
        }
        if created.pointee.err != 0 {
            let reason = withUnsafeBytes(of: created.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            redisFree(created)
            throw RedisError(.connect, "cannot connect to Redis at \(configuration.host):\(configuration.port): \(reason); is redis-server running?")
        }
        redisSetTimeout(created, Self.timeval(configuration.commandTimeout))
        context = created
    }

    /// Runs one command. Error replies come back as `.error`, not as thrown errors.
    /// - Parameter resend: ``Resend`` says whether the command may be sent again after the connection broke
    ///   while it was in flight.
    @discardableResult
    public func command(_ arguments: [String], timeout: Double? = nil, resend: Resend = .safe) throws(RedisError) -> RedisValue {
        try pipeline([arguments], timeout: timeout, resend: resend)[0]
    }

    /// Whether commands may be sent again after the connection broke once they were (perhaps) written.
    public enum Resend: Sendable {
        /// Running them twice has the effect of running them once: reads, `SET`, and scripts that find out
        /// from their fencing token whether they already ran.
        case safe
        /// Running them twice does something twice (`INCR`, a bare `LPUSH`): after a break in flight the
        /// call throws ``RedisError/Code/outcomeUnknown`` and the caller must find out what happened.
        case never
    }

    /// Sends several commands in one round trip and returns their replies in order. A connection that
    /// cannot be made is retried with backoff; one that breaks after the commands were written is retried
    /// only for `resend: .safe`, since Redis may already have run them.
    public func pipeline(_ commands: [[String]], timeout: Double? = nil, resend: Resend = .safe) throws(RedisError) -> [RedisValue] {
        try locked { () throws(RedisError) -> [RedisValue] in
            var attempt = 0
            while true {
                var written = false
                do throws(RedisError) {
                    if context == nil { try connectLocked() }
                    written = true
                    return try sendLocked(commands, timeout: timeout)
                } catch where error.code == .io || error.code == .connect {
                    if let context { redisFree(context) }
                    context = nil
                    if written && resend == .never {
                        throw RedisError(.outcomeUnknown, "\(error.message); the command may or may not have run, so it was not sent again")
                    }
                    attempt += 1
                    if attempt > configuration.reconnectAttempts { throw error }
                    usleep(UInt32(50_000 << min(attempt - 1, 6)))
                }
            }
        }
    }

    private func sendLocked(_ commands: [[String]], timeout: Double?) throws(RedisError) -> [RedisValue] {
        guard let context else { throw RedisError(.connect, "not connected") }
        if let timeout { redisSetTimeout(context, Self.timeval(timeout)) }
        defer { if timeout != nil { redisSetTimeout(context, Self.timeval(configuration.commandTimeout)) } }
        for arguments in commands {
            let status = Self.withArgv(arguments) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            guard status == REDIS_OK else { throw ioError(context) }
        }
        var replies: [RedisValue] = []
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw ioError(context) }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(Self.convert(reply))
            freeReplyObject(raw)
        }
        return replies
    }

    private func ioError(_ context: UnsafeMutablePointer<redisContext>) -> RedisError {
        let reason = withUnsafeBytes(of: context.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return RedisError(.io, "Redis at \(configuration.host):\(configuration.port): \(reason.isEmpty ? "connection lost" : reason)")
    }

    private static func withArgv<R>(_ arguments: [String], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R) -> R {
        let buffers = arguments.map { Array($0.utf8CString) }
        let lengths = arguments.map { $0.utf8.count }
        var pointers: [UnsafePointer<CChar>?] = []
        return withExtendedLifetime(buffers) {
            pointers = buffers.map { buffer in buffer.withUnsafeBufferPointer { UnsafePointer($0.baseAddress) } }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { body(Int32(arguments.count), argv.baseAddress!, $0.baseAddress!) }
            }
        }
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RedisValue {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            return .bulk(r.str.map { Array(UnsafeRawBufferPointer(start: $0, count: r.len)) } ?? [])
        case REDIS_REPLY_STATUS:
            return .status(r.str.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: r.len), as: UTF8.self) } ?? "")
        case REDIS_REPLY_ERROR:
            return .error(r.str.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: r.len), as: UTF8.self) } ?? "")
        case REDIS_REPLY_INTEGER:
            return .integer(r.integer)
        case REDIS_REPLY_ARRAY:
            var items: [RedisValue] = []
            for i in 0..<r.elements {
                if let element = r.element[i] { items.append(convert(element)) }
            }
            return .array(items)
        default:
            return .null
        }
    }

    /// Runs a Lua script by its SHA, loading it once (and again after NOSCRIPT, e.g. after a restart).
    /// - Parameter resend: `.safe` only for a script that, run a second time, finds out from its arguments
    ///   (a fencing token) that it already ran and answers as the first run did.
    public func eval(_ script: String, keys: [String], arguments: [String], resend: Resend) throws(RedisError) -> RedisValue {
        let cached = lock.withLock { scriptShas[script] }
        let sha: String
        if let cached { sha = cached } else { sha = try load(script) }
        var reply = try command(["EVALSHA", sha, String(keys.count)] + keys + arguments, resend: resend)
        if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
            let reloaded = try load(script)
            reply = try command(["EVALSHA", reloaded, String(keys.count)] + keys + arguments, resend: resend)
        }
        if case .error(let message) = reply { throw RedisError(.reply, "Redis script failed: \(message)") }
        return reply
    }

    private func load(_ script: String) throws(RedisError) -> String {
        let reply = try command(["SCRIPT", "LOAD", script])
        guard let sha = reply.string, case .bulk = reply else {
            throw RedisError(.reply, "SCRIPT LOAD failed: \(reply)")
        }
        lock.withLock { scriptShas[script] = sha }
        return sha
    }
}
