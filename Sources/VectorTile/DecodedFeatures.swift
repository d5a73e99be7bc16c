import Synchronization

/// A layer's features, decoded once on first use and then shared: a style draws one source layer in many
/// style layers (osm-liberty reads `transportation` in about thirty), each of which would otherwise decode
/// every feature's header and tags again.
final class DecodedFeatures: Sendable {
    private let features = Mutex<[Result<VectorTileFeature, VectorTileError>]?>(nil)

    /// The features, decoding them with `decode` the first time (under the lock: a second caller waits for
    /// the first's result instead of decoding the same bytes beside it).
    func all(_ decode: () -> [Result<VectorTileFeature, VectorTileError>]) -> [Result<VectorTileFeature, VectorTileError>] {
        features.withLock { cached in
            if let cached { return cached }
            let decoded = decode()
            cached = decoded
            return decoded
        }
    }
}
