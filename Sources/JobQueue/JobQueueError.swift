/// Errors of queue operations.
public struct JobQueueError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case notFound = "queue.not_found"
        case leaseLost = "queue.lease_lost"
        case invalidState = "queue.invalid_state"
        case backend = "queue.backend"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
