public import HTTPTypes
public import JobQueue
public import PosterPipeline

/// Every error code the service answers a request with or records on a job, with the HTTP status it is
/// answered with and how a job that fails with it is retried. The one table: routes, workers, the error
/// middleware and docs/ARCHITECTURE.md read it.
public enum ErrorCode: String, CaseIterable, Sendable {
    // The request.
    case invalidRequest = "invalid_request"
    case unauthorized
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case notAcceptable = "not_acceptable"
    case conflict
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case unsupported
    case rateLimited = "rate_limited"
    // The service.
    case `internal`
    case unavailable
    case timeout
    // A job's attempt.
    case busy
    case renderContext = "render_context"
    case storage
    case storageRefused = "storage_refused"
    case invalidPayload = "invalid_payload"
    /// Set by the queue's reaper: the job's lease expired more often than the stall limit.
    case stalled
    // The pipeline (PipelineError's codes).
    case resourcesNotFound = "pipeline.resources_not_found"
    case styleUnreadable = "pipeline.style_unreadable"
    case styleInvalid = "pipeline.style_invalid"
    case tilesUnavailable = "pipeline.tiles_unavailable"
    case tileInvalid = "pipeline.tile_invalid"
    case render = "pipeline.render"
    case output = "pipeline.output"
    case pipelineInvalidRequest = "pipeline.invalid_request"
    case cancelled = "pipeline.cancelled"

    /// The status a request that fails with this code is answered with.
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidRequest: .badRequest
        case .unauthorized: .unauthorized
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .notAcceptable: .notAcceptable
        case .conflict: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        // A render that fails after validation passed is answered as the request's problem, never a 500 for input.
        case .unsupported, .styleUnreadable, .styleInvalid, .tileInvalid, .pipelineInvalidRequest, .invalidPayload, .render: .unprocessableContent
        case .rateLimited: .tooManyRequests
        case .internal, .resourcesNotFound, .output, .storageRefused, .stalled: .internalServerError
        case .unavailable, .timeout, .busy, .renderContext, .storage, .tilesUnavailable, .cancelled: .serviceUnavailable
        }
    }

    /// How a job whose attempt fails with this code is retried.
    public var failure: FailureKind {
        switch self {
        case .unavailable, .storage, .tilesUnavailable: .dependencyUnavailable
        case .busy, .renderContext, .output, .internal: .retryable
        default: .permanent
        }
    }

    /// The code of a pipeline failure.
    public init(_ code: PipelineError.Code) {
        switch code {
        case .resourcesNotFound: self = .resourcesNotFound
        case .styleUnreadable: self = .styleUnreadable
        case .styleInvalid: self = .styleInvalid
        case .tilesUnavailable: self = .tilesUnavailable
        case .tileInvalid: self = .tileInvalid
        case .render: self = .render
        case .output: self = .output
        case .invalidRequest: self = .pipelineInvalidRequest
        case .cancelled: self = .cancelled
        }
    }
}
