/// Errors from running a poster job end to end; each says what failed and what to do next, and keeps the
/// error that caused it.
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
        /// The tiles have no map where the poster is: outside the area they cover, or every tile under the
        /// poster empty. A poster of paper and a title is never shipped.
        case locationOutsideTiles = "location_outside_tiles"
    }

    public let code: Code
    public let message: String
    /// The lower-level error this one reports (a tile fetch, a style parse, a render), when there is one.
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// Equal when code and message are: causes are not comparable, and the message already describes them.
    public static func == (lhs: PipelineError, rhs: PipelineError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
