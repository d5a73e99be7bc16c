public import HTTPTransport
public import TileFetch

/// How the pipeline gets tiles from the network: the cache in front of remote sources, how many requests
/// go at once, how long a poster's tiles may take, and the transport (timeouts, retries, address policy).
public struct TileFetchSettings: Sendable {
    public var cache: TileCache.Configuration
    public var concurrency: Int
    /// Seconds all of a poster's tiles may take to arrive.
    public var deadline: Double
    public var transport: TransportConfiguration

    public init(cache: TileCache.Configuration = TileCache.Configuration(), concurrency: Int = 16, deadline: Double = 60,
                transport: TransportConfiguration = TileFetchSettings.defaultTransport) {
        self.cache = cache
        self.concurrency = concurrency
        self.deadline = deadline
        self.transport = transport
    }

    /// Tile servers answer small bodies quickly: shorter timeouts than for object storage, and retries.
    public static var defaultTransport: TransportConfiguration {
        var configuration = TransportConfiguration()
        configuration.connectTimeout = 5
        configuration.maxResponseBytes = 16 << 20
        return configuration
    }
}
