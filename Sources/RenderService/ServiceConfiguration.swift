public import Foundation
import StyleKit

/// Everything the service reads at start-up. Every key has a default that runs on one machine with no
/// Redis and no object store; each is documented in the README under "Configuration".
///
/// Keys come from environment variables (`CARTOPRESS_PORT`) or from a JSON file named by
/// `CARTOPRESS_CONFIG` whose keys are the lower-case names without the prefix (`{"port": 8080}`);
/// the environment wins over the file.
public struct ServiceConfiguration: Sendable, Hashable {
    /// Interface to listen on.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one (tests).
    public var port: Int = 8080
    /// Base URL clients reach the service at, used for local `download_url`s; defaults to `http://host:port`.
    public var publicURL: String?
    /// `redis://host:port`; nil keeps the queue, keys and rate limits in this process.
    public var redisURL: String?
    /// Prefix of every Redis key.
    public var redisPrefix: String = "cartopress:"
    /// Where local state lives: finished posters (when no object store is set), API keys without Redis,
    /// the generated pepper.
    public var dataDirectory: String = "cartopress-data"
    /// Vector tiles to draw from: a PMTiles file, or a URL (an XYZ template with `{z}/{x}/{y}`, a TileJSON
    /// document, or a PMTiles archive over HTTP ranges); nil uses the bundled Helsinki tiles.
    public var tilesPath: String?
    /// The DEM behind the styles' terrain, contours and bathymetry; nil uses the bundled one (Tennessee only).
    public var terrain: TerrainSetting?
    /// Directory of the on-disk tile cache for remote tiles; nil keeps them in memory only.
    public var tileCacheDirectory: String?
    /// Bytes of remote tiles kept in memory and on disk.
    public var tileCacheMemoryBytes: Int = 256 << 20
    public var tileCacheDiskBytes: Int = 2 << 30
    /// Seconds a remote tile stays fresh when its server does not say.
    public var tileCacheMaxAge: Double = 7 * 24 * 3600
    /// Remote tile requests in flight at once per poster, and the seconds a poster's tiles may take.
    public var tileConcurrency: Int = 16
    public var tileDeadline: Double = 60
    /// Render workers in this process; 0 runs the API alone (`cartopress worker` renders elsewhere).
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Upper bound on render contexts.
    public var maxContexts: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Memory the render contexts may hold, in bytes.
    public var memoryBudget: Int = 768 << 20
    /// Pixels in each context's band buffer: a poster wider than this many pixels per row band is drawn
    /// in several bands.
    public var bandPixels: Int = 16 << 20
    /// Renders after which a context is dropped and made afresh (bounds fragmentation and cache growth).
    public var recycleAfter: Int = 200
    /// Idle contexts kept warm when the pool shrinks.
    public var minIdleContexts: Int = 1
    /// Seconds a context may sit idle before it is released (down to `minIdleContexts`).
    public var idleTimeout: Double = 300
    /// Largest side of a poster in pixels.
    public var maxSide: Int = PosterLimits.standard.maxSide
    /// Largest poster in pixels (width × height); the default allows 10800×16200.
    public var maxPixels: Int = PosterLimits.standard.maxPixels
    /// Largest request body in bytes.
    public var maxBodyBytes: Int = 5 << 20
    /// Deepest JSON nesting accepted.
    public var maxJSONDepth: Int = 32
    /// Most vertices in a GPX or GeoJSON overlay.
    public var maxOverlayVertices: Int = PosterLimits.standard.maxOverlayVertices
    /// `required` (default) or `disabled` (trusted networks and local use only).
    public var authRequired: Bool = true
    /// Secret mixed into API key hashes; nil generates one into `dataDirectory/pepper` on first start.
    public var apiKeyPepper: String?
    /// Requests per key per minute (a key record may set its own).
    public var rateLimitPerMinute: Int = 120
    /// The longest a `Prefer: wait=N` request is held for its poster, in seconds.
    public var maxWaitSeconds: Double = 60
    /// Whether a JSON request that sends no `Prefer` waits for its poster (up to `maxWaitSeconds`) and answers
    /// `200` with carto-art's body, for clients written against carto-art's synchronous API. Off: such a
    /// request is answered `202` at once. A key record's `syncJSON` overrides it.
    public var compatSyncJSON: Bool = false
    /// A Nominatim-compatible search endpoint (`https://nominatim.example/search`) behind `GET /api/geocode`,
    /// which carto-art's MCP tool calls; nil answers that route 404.
    public var geocoderURL: String?
    /// Days a finished poster stays in the local store (`dataDirectory/posters`) before it is deleted.
    public var posterRetentionDays: Double = 7
    /// Job timeout when a request gives none, in milliseconds.
    public var defaultTimeoutMilliseconds: Int = 120_000
    /// Seconds a graceful shutdown waits for running renders before releasing them to the queue.
    public var shutdownGrace: Double = 30
    /// Seconds a worker's lease lasts without a heartbeat.
    public var leaseSeconds: Double = 30
    /// Attempts before a job is dead-lettered.
    public var maxAttempts: Int = 3
    /// First retry delay in seconds.
    public var retryBaseSeconds: Double = 5
    /// Seconds a job keeps being retried while storage or a tile server is unavailable, without using
    /// its attempts.
    public var outageWindowSeconds: Double = 3_600
    /// The longest delay between retries during such an outage.
    public var outageRetryCapSeconds: Double = 60
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error`.
    public var logLevel: String = "info"

    /// The S3-compatible object store; nil keeps posters in `dataDirectory/posters`.
    public var s3: S3Settings?
    /// How webhooks are delivered.
    public var webhooks = WebhookSettings()

    /// Variables with the prefix that are no setting (a typo, a setting of a newer version): each is named
    /// here, with the nearest setting, and logged at start-up instead of stopping it.
    public var warnings: [String] = []

    public init() {}

    /// The bytes one render context holds: its band buffer (4 bytes a pixel) plus fonts and scratch.
    public var bytesPerContext: Int { bandPixels * 4 + 24 << 20 }

    /// How many contexts the pool keeps: `min(max_contexts, memory_budget / bytes_per_context)`, at least 1.
    public var poolSize: Int { max(1, min(maxContexts, memoryBudget / bytesPerContext)) }

    /// The URL download links start with.
    public var resolvedPublicURL: String {
        if let publicURL, !publicURL.isEmpty { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "http://\(shown):\(port)"
    }

    /// The configuration from the process environment (and the file it names).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> ServiceConfiguration {
        var values: [String: String] = [:]
        if let path = environment["CARTOPRESS_CONFIG"], !path.isEmpty {
            values = try fileValues(path)
        }
        for (name, value) in environment where name.hasPrefix("CARTOPRESS_") && !notServiceSettings.contains(name)
            && !isKubernetesServiceLink(name, value) {
            values[String(name.dropFirst("CARTOPRESS_".count)).lowercased()] = value
        }
        return try from(values: values)
    }

    /// Variables with the prefix that are not service settings: resource root, the file itself, the load
    /// test's key and the golden-image switch of the tests.
    static let notServiceSettings: Set<String> = ["CARTOPRESS_CONFIG", "CARTOPRESS_HOME", "CARTOPRESS_API_KEY", "CARTOPRESS_UPDATE_GOLDEN"]

    /// Whether a variable is one Kubernetes injects into every pod for a Service named `cartopress`
    /// (`CARTOPRESS_SERVICE_HOST`, `CARTOPRESS_SERVICE_PORT…`, `CARTOPRESS_PORT=tcp://…`,
    /// `CARTOPRESS_PORT_8080_TCP…`): not a setting, so it must neither configure nor stop the service.
    static func isKubernetesServiceLink(_ name: String, _ value: String) -> Bool {
        if name.hasPrefix("CARTOPRESS_SERVICE_HOST") || name.hasPrefix("CARTOPRESS_SERVICE_PORT") || name.hasPrefix("CARTOPRESS_PORT_") {
            return true
        }
        return name == "CARTOPRESS_PORT" && value.contains("://")
    }

    /// Reads a JSON configuration file whose values are strings, numbers or booleans.
    static func fileValues(_ path: String) throws(ConfigurationError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "CARTOPRESS_CONFIG", "cannot read the configuration file \(path)")
        }
        guard case .object(let object)? = try? JSONParser.parse([UInt8](data)) else {
            throw ConfigurationError(key: "CARTOPRESS_CONFIG", "\(path) is not a JSON object of settings")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case .string(let string): values[key.lowercased()] = string
            case .bool(let flag): values[key.lowercased()] = flag ? "true" : "false"
            case .number(let number):
                values[key.lowercased()] = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            default: throw ConfigurationError(key: key, "in \(path): give a string, number or boolean")
            }
        }
        return values
    }

    /// Builds a configuration from lower-case keys without the prefix. A bad value is an error; an unknown
    /// key is a warning naming the nearest setting, so a typo is visible without stopping the service.
    public static func from(values: [String: String]) throws(ConfigurationError) -> ServiceConfiguration {
        var c = ServiceConfiguration()
        var reader = ConfigurationReader(values: values)
        c.host = reader.string("host") ?? c.host
        c.port = try reader.integer("port", in: 0...65535) ?? c.port
        c.publicURL = reader.string("public_url")
        c.redisURL = reader.string("redis_url").flatMap { $0.isEmpty ? nil : $0 }
        c.redisPrefix = reader.string("redis_prefix") ?? c.redisPrefix
        c.dataDirectory = reader.string("data_dir") ?? c.dataDirectory
        c.tilesPath = reader.string("tiles").flatMap { $0.isEmpty ? nil : $0 }
        let terrainLocation = reader.string("terrain").flatMap { $0.isEmpty ? nil : $0 }
        let terrainEncoding = reader.string("terrain_encoding")
        let terrainMaxZoom = try reader.integer("terrain_maxzoom", in: 0...22)
        let terrainAttribution = reader.string("terrain_attribution").flatMap { $0.isEmpty ? nil : $0 }
        if let location = terrainLocation {
            var terrain = TerrainSetting(location: location, maxZoom: terrainMaxZoom ?? 15, attribution: terrainAttribution)
            if let encoding = terrainEncoding {
                guard TerrainSetting.encodings.contains(encoding) else {
                    throw ConfigurationError(key: "terrain_encoding", "must be \(TerrainSetting.encodings.joined(separator: " or ")), not \"\(encoding)\"")
                }
                terrain.encoding = encoding
            }
            c.terrain = terrain
        } else if terrainEncoding != nil || terrainMaxZoom != nil || terrainAttribution != nil {
            throw ConfigurationError(key: "terrain", "is not set: TERRAIN_ENCODING, TERRAIN_MAXZOOM and TERRAIN_ATTRIBUTION describe the DEM it names")
        }
        c.tileCacheDirectory = reader.string("tile_cache_dir").flatMap { $0.isEmpty ? nil : $0 }
        c.tileCacheMemoryBytes = try reader.integer("tile_cache_memory_mb", in: 0...1_048_576).map { $0 << 20 } ?? c.tileCacheMemoryBytes
        c.tileCacheDiskBytes = try reader.integer("tile_cache_disk_mb", in: 1...16_777_216).map { $0 << 20 } ?? c.tileCacheDiskBytes
        c.tileCacheMaxAge = try reader.number("tile_cache_max_age_s", in: 1...31_536_000) ?? c.tileCacheMaxAge
        c.tileConcurrency = try reader.integer("tile_concurrency", in: 1...256) ?? c.tileConcurrency
        c.tileDeadline = try reader.number("tile_deadline_s", in: 1...3600) ?? c.tileDeadline
        c.workers = try reader.integer("workers", in: 0...256) ?? c.workers
        c.maxContexts = try reader.integer("max_contexts", in: 1...256) ?? c.maxContexts
        c.memoryBudget = try reader.integer("memory_budget_mb", in: 64...1_048_576).map { $0 << 20 } ?? c.memoryBudget
        c.bandPixels = try reader.integer("band_pixels", in: 65_536...268_435_456) ?? c.bandPixels
        c.recycleAfter = try reader.integer("context_recycle_after", in: 1...1_000_000) ?? c.recycleAfter
        c.minIdleContexts = try reader.integer("min_idle_contexts", in: 0...256) ?? c.minIdleContexts
        c.idleTimeout = try reader.number("context_idle_seconds", in: 1...86_400) ?? c.idleTimeout
        c.maxSide = try reader.integer("max_side", in: PosterLimits.minSide...32767) ?? c.maxSide
        c.maxPixels = try reader.integer("max_pixels", in: 4096...1_073_741_824) ?? c.maxPixels
        c.maxBodyBytes = try reader.integer("max_body_bytes", in: 1024...1_073_741_824) ?? c.maxBodyBytes
        c.maxJSONDepth = try reader.integer("max_json_depth", in: 4...512) ?? c.maxJSONDepth
        c.maxOverlayVertices = try reader.integer("max_overlay_vertices", in: 1...100_000_000) ?? c.maxOverlayVertices
        if let auth = reader.string("auth") {
            switch auth.lowercased() {
            case "required": c.authRequired = true
            case "disabled": c.authRequired = false
            default: throw ConfigurationError(key: "auth", "is \"\(auth)\"; give required or disabled")
            }
        }
        c.apiKeyPepper = reader.string("api_key_pepper").flatMap { $0.isEmpty ? nil : $0 }
        c.rateLimitPerMinute = try reader.integer("rate_limit_per_minute", in: 1...1_000_000) ?? c.rateLimitPerMinute
        c.maxWaitSeconds = try reader.number("max_wait_seconds", in: 0...600) ?? c.maxWaitSeconds
        c.compatSyncJSON = try reader.bool("compat_sync_json") ?? c.compatSyncJSON
        c.geocoderURL = reader.string("geocoder_url").flatMap { $0.isEmpty ? nil : $0 }
        if let url = c.geocoderURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) || URL(string: url) == nil {
            throw ConfigurationError(key: "geocoder_url", "is \"\(url)\"; give an http or https URL of a Nominatim search endpoint")
        }
        c.posterRetentionDays = try reader.number("poster_retention_days", in: 0.001...36_500) ?? c.posterRetentionDays
        c.defaultTimeoutMilliseconds = try reader.integer("job_timeout_ms", in: 1000...3_600_000) ?? c.defaultTimeoutMilliseconds
        c.shutdownGrace = try reader.number("shutdown_grace_seconds", in: 0...3600) ?? c.shutdownGrace
        c.leaseSeconds = try reader.number("lease_seconds", in: 1...3600) ?? c.leaseSeconds
        c.maxAttempts = try reader.integer("max_attempts", in: 1...100) ?? c.maxAttempts
        c.retryBaseSeconds = try reader.number("retry_base_seconds", in: 0...86_400) ?? c.retryBaseSeconds
        c.outageWindowSeconds = try reader.number("outage_window_seconds", in: 0...604_800) ?? c.outageWindowSeconds
        c.outageRetryCapSeconds = try reader.number("outage_retry_cap_seconds", in: 1...86_400) ?? c.outageRetryCapSeconds
        if let level = reader.string("log_level") {
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level.lowercased()) else {
                throw ConfigurationError(key: "log_level", "is \"\(level)\"; give trace, debug, info, notice, warning or error")
            }
            c.logLevel = level.lowercased()
        }
        c.s3 = try S3Settings.read(&reader)
        c.webhooks = try WebhookSettings.read(&reader)
        for unknown in reader.unread.sorted() {
            let nearest = reader.known.min { ConfigurationReader.distance(unknown, $0) < ConfigurationReader.distance(unknown, $1) }
            let hint = nearest.flatMap { ConfigurationReader.distance(unknown, $0) <= 3 ? " (did you mean CARTOPRESS_\($0.uppercased())?)" : nil } ?? ""
            c.warnings.append("CARTOPRESS_\(unknown.uppercased()) is not a setting and is ignored\(hint); the README's Configuration section lists the keys")
        }
        if c.redisURL != nil { _ = try c.redisEndpoint() }
        return c
    }

    /// Host and port of `redisURL`.
    public func redisEndpoint() throws(ConfigurationError) -> (host: String, port: Int)? {
        guard let redisURL else { return nil }
        guard let url = URL(string: redisURL), url.scheme == "redis", let host = url.host, !host.isEmpty else {
            throw ConfigurationError(key: "redis_url", "is \"\(redisURL)\"; give redis://host:port")
        }
        return (host, url.port ?? 6379)
    }
}

/// A setting that could not be used, named by its key.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let key: String
    public let message: String
    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }
    public var description: String { "configuration: CARTOPRESS_\(key.uppercased()) \(message)" }
}

/// Reads typed values and remembers which keys were used.
struct ConfigurationReader {
    let values: [String: String]
    private(set) var unread: Set<String>
    /// Every key asked for, present or not: the settings there are.
    private(set) var known: Set<String> = []

    init(values: [String: String]) {
        self.values = values
        unread = Set(values.keys)
    }

    mutating func string(_ key: String) -> String? {
        unread.remove(key)
        known.insert(key)
        return values[key]
    }

    /// Edits (insertions, deletions, substitutions) between two keys, to suggest the setting a typo meant.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(key: key, "is \"\(text)\"; give a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// true/false, also as 1/0, yes/no, on/off, in any case.
    mutating func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(key: key, "is \"\(text)\"; give true or false")
        }
    }

    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let text = string(key) else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(key: key, "is \"\(text)\"; give a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

public import PosterPipeline
import TileFetch

extension ServiceConfiguration {
    /// The shared table of poster limits with this service's size limits.
    public var posterLimits: PosterLimits {
        PosterLimits(maxSide: maxSide, maxPixels: maxPixels, maxOverlayVertices: maxOverlayVertices)
    }

    /// The pipeline's settings for remote tiles.
    public var tileFetchSettings: TileFetchSettings {
        TileFetchSettings(cache: TileCache.Configuration(memoryBytes: tileCacheMemoryBytes, directory: tileCacheDirectory,
                                                         diskBytes: tileCacheDiskBytes, defaultMaxAge: tileCacheMaxAge),
                          concurrency: tileConcurrency, deadline: tileDeadline)
    }
}
