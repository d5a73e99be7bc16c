/// A Redis reply as a Swift value: no C types leave the connection.
public enum RedisValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case bulk([UInt8])
    case status(String)
    case error(String)
    case array([RedisValue])

    /// The value as text (bulk strings and status replies).
    public var string: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let s): s
        case .integer(let i): String(i)
        default: nil
        }
    }

    public var int: Int64? {
        switch self {
        case .integer(let i): i
        case .bulk: string.flatMap { Int64($0) }
        default: nil
        }
    }

    public var array: [RedisValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

/// Errors from talking to Redis, with stable codes.
public struct RedisError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case connect = "redis.connect"
        case io = "redis.io"
        case reply = "redis.reply"
        case protocolError = "redis.protocol"
        case configuration = "redis.configuration"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
