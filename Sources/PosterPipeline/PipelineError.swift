/// Errors from running a poster job end to end; each says what failed and what to do next.
public struct PipelineError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case resourcesNotFound = "pipeline.resources_not_found"
        case styleUnreadable = "pipeline.style_unreadable"
        case styleInvalid = "pipeline.style_invalid"
        case tilesUnavailable = "pipeline.tiles_unavailable"
        case tileInvalid = "pipeline.tile_invalid"
        case render = "pipeline.render"
        case output = "pipeline.output"
        case invalidRequest = "pipeline.invalid_request"
        /// The caller asked the job to stop (cancelled, lease lost or past its deadline).
        case cancelled = "pipeline.cancelled"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
