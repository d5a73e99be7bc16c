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
    /// The key is valid but may not do this (an admin route without the admin scope).
    case forbidden
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
    /// The render failed after the request was validated: a fault of the service, answered 500 as carto-art did.
    case render = "render_failed"
    case output = "pipeline.output"
    case pipelineInvalidRequest = "pipeline.invalid_request"
    case cancelled = "pipeline.cancelled"
    case locationOutsideTiles = "location_outside_tiles"

    /// The status a request that fails with this code is answered with.
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .notAcceptable: .notAcceptable
        case .conflict: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        // What the request asked for cannot be drawn (a style that does not load, tiles that do not decode).
        case .unsupported, .styleUnreadable, .styleInvalid, .tileInvalid, .pipelineInvalidRequest, .invalidPayload, .locationOutsideTiles:
            .unprocessableContent
        case .rateLimited: .tooManyRequests
        // Input never gets here: it was validated. A render that fails anyway is the service's fault.
        case .internal, .render, .resourcesNotFound, .output, .storageRefused, .stalled: .internalServerError
        case .unavailable, .busy, .renderContext, .storage, .tilesUnavailable, .cancelled: .serviceUnavailable
        case .timeout: .gatewayTimeout
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
        case .locationOutsideTiles: self = .locationOutsideTiles
        }
    }
}
