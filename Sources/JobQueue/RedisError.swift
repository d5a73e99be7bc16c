/// Errors from talking to Redis, with stable codes.
public struct RedisError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case connect = "redis.connect"
        case io = "redis.io"
        /// The connection broke after a command that must not run twice was sent: it may or may not have run.
        case outcomeUnknown = "redis.outcome_unknown"
        case reply = "redis.reply"
        case protocolError = "redis.protocol"
        case configuration = "redis.configuration"
        /// Redis Cluster could not serve a command: the slot had no master (`CLUSTERDOWN`) or was being
        /// migrated (`TRYAGAIN`) through every retry, or redirections went round in circles.
        case cluster = "redis.cluster"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
