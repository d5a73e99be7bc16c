/// Wall time of each phase of one render, in seconds.
public struct RenderTimings: Sendable, Hashable {
    /// Reading tile bytes from the source (filled in by the caller that fetched them).
    public var tileRead: Double = 0
    /// Decoding tiles and projecting their geometry for the style's layers.
    public var decode: Double = 0
    /// Drawing the map and the typography.
    public var draw: Double = 0
    /// PNG or PDF encoding.
    public var encode: Double = 0

    public init(tileRead: Double = 0, decode: Double = 0, draw: Double = 0, encode: Double = 0) {
        self.tileRead = tileRead
        self.decode = decode
        self.draw = draw
        self.encode = encode
    }

    public var total: Double { tileRead + decode + draw + encode }
}

/// Measures consecutive phases of work in seconds.
public struct Stopwatch: Sendable {
    private var start = ContinuousClock.now

    public init() {}

    /// Seconds since the last lap (or creation), and starts the next lap.
    public mutating func lap() -> Double {
        let now = ContinuousClock.now
        let elapsed = now - start
        start = now
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
