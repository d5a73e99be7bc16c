import TileFetch

/// Sorts a failure to read tiles into what waiting may cure and what it cannot: a server or archive that
/// cannot be reached is `tilesUnavailable` (the service retries such jobs through an outage), a tile or
/// archive that is not what it should be is `tileInvalid` (retrying reads the same bytes again).
enum TileFailure {
    static func error(_ cause: any Error, _ message: String) -> PipelineError {
        PipelineError(isOutage(cause) ? .tilesUnavailable : .tileInvalid, message, cause: cause)
    }

    static func isOutage(_ cause: any Error) -> Bool {
        switch cause {
        case let error as TileFetchError:
            switch error.code {
            case .transport, .status, .failed, .deadline: return true
            case .invalid, .configuration: return false
            }
        case let error as PMTilesError:
            // Reading failed; anything else is the archive's own content.
            return error.code == .io
        default:
            return true
        }
    }
}
