import Foundation
public import HTTPTypes
public import Hummingbird
import NIOCore

/// An error answered to an API client: a status, a stable code, a message that says what to do next, and
/// the fields at fault. Its body is `{"error": "<short title>", "message", "code", "details": [{"field",
/// "reason"}]}`: flat, so that carto-art's clients, which show `body.message` or `body.error`, show words.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible, Sendable {
    /// One field at fault, named by its JSON path (`text.title`).
    public struct Detail: Sendable, Codable, Equatable {
        public var field: String
        public var reason: String
        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }
    }

    public let status: HTTPResponse.Status
    public let code: ErrorCode
    public let message: String
    public let details: [Detail]
    public let headers: HTTPFields
    /// The error behind this answer (a pipeline failure, the queue's), kept for logs; never sent to clients.
    public let cause: (any Error)?

    /// An error answered with its code's status (``ErrorCode/status``), or `status` where the HTTP layer
    /// decided it (an unknown route, a method not allowed).
    public init(_ code: ErrorCode, _ message: String, details: [Detail] = [], headers: HTTPFields = [:], status: HTTPResponse.Status? = nil,
                cause: (any Error)? = nil) {
        self.status = status ?? code.status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
        self.cause = cause
    }

    public var description: String { "\(status.code) \(code.rawValue): \(message)" }

    /// A 400 for a request that breaks the schema; the message lists the first problems.
    public static func invalid(_ details: [Detail]) -> APIError {
        let summary = details.prefix(3).map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
        return APIError(.invalidRequest, "the request is invalid: \(summary)", details: details)
    }

    /// The same error with `extra` headers added to its answer.
    func adding(headers extra: HTTPFields) -> APIError {
        var merged = headers
        merged.append(contentsOf: extra)
        return APIError(code, message, details: details, headers: merged, status: status, cause: cause)
    }

    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    /// A 503 for a dependency that is down (the queue, the key store, Redis): with `Retry-After`, so that
    /// clients come back rather than give up.
    public static func unavailable(_ message: String, cause: (any Error)? = nil) -> APIError {
        APIError(.unavailable, message, headers: [.retryAfter: "5"], cause: cause)
    }

    struct Body: Encodable {
        /// The status's reason phrase (`Bad Request`, `Too Many Requests`).
        var error: String
        var message: String
        var code: String
        var details: [Detail]
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: status.reasonPhrase, message: message, code: code.rawValue, details: details))) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
