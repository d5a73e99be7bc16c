/// Where a poster job is. The pipeline passes through `starting` (style and layout), `fetching` (tiles and
/// terrain), `decoding` and `drawing` (the PNG or PDF is encoded as its bands are drawn); the service adds
/// `uploading`. One list, shared by the pipeline, the worker, the job status and the OpenAPI document.
public enum PosterStage: String, Sendable, CaseIterable, Codable {
    case starting, fetching, decoding, drawing, uploading

    /// The job's progress, in percent, when the stage begins.
    public var percent: Int {
        switch self {
        case .starting: 0
        case .fetching: 10
        case .decoding: 30
        case .drawing: 40
        case .uploading: 90
        }
    }
}
