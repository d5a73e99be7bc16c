import CHiredis
import Foundation

/// One hiredis connection to one Redis server: the configured one or a cluster node. Commands are binary
/// safe (`redisCommandArgv`); a lost connection is re-established with backoff. Not thread-safe:
/// ``RedisConnection`` touches it only under its lock.
final class RedisNode {
    let endpoint: RedisEndpoint
    private let configuration: RedisConfiguration
    private var context: UnsafeMutablePointer<redisContext>?

    init(_ endpoint: RedisEndpoint, configuration: RedisConfiguration) {
        self.endpoint = endpoint
        self.configuration = configuration
    }

    deinit { disconnect() }

    func disconnect() {
        if let context { redisFree(context) }
        context = nil
    }

    private static func timeval(_ seconds: Double) -> Glibc.timeval {
        Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
    }

    func connect() throws(RedisError) {
        disconnect()
        guard let created = redisConnectWithTimeout(endpoint.host, Int32(endpoint.port), Self.timeval(configuration.connectTimeout)) else {
            throw RedisError(.connect, "cannot allocate a Redis connection")
        }
        if created.pointee.err != 0 {
            let reason = withUnsafeBytes(of: created.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            redisFree(created)
            throw RedisError(.connect, "cannot connect to Redis at \(endpoint): \(reason); is redis-server running?")
        }
        redisSetTimeout(created, Self.timeval(configuration.commandTimeout))
        context = created
    }

    /// Sends `commands` in one round trip and returns their replies in order. A connection that cannot be
    /// made is retried with backoff; one that breaks after the commands were written is retried only for
    /// `resend: .safe`, since Redis may already have run them.
    func send(_ commands: [[String]], timeout: Double?, resend: RedisConnection.Resend) throws(RedisError) -> [RedisValue] {
        var attempt = 0
        while true {
            var written = false
            do throws(RedisError) {
                if context == nil { try connect() }
                written = true
                return try sendOnce(commands, timeout: timeout)
            } catch where error.code == .io || error.code == .connect {
                disconnect()
                if written && resend == .never {
                    throw RedisError(.outcomeUnknown, "\(error.message); the command may or may not have run, so it was not sent again")
                }
                attempt += 1
                if attempt > configuration.reconnectAttempts { throw error }
                usleep(UInt32(50_000 << min(attempt - 1, 6)))
            }
        }
    }

    private func sendOnce(_ commands: [[String]], timeout: Double?) throws(RedisError) -> [RedisValue] {
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
        return RedisError(.io, "Redis at \(endpoint): \(reason.isEmpty ? "connection lost" : reason)")
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
}
