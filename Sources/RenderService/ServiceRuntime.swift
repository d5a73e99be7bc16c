import Canvas
import Foundation
public import JobQueue
public import Logging
public import ObjectStorage
public import PosterPipeline
import PosterRenderer
public import StyleKit

/// Everything the API and the workers share in one process: configuration, queue, store, render pool,
/// key store, rate limiter and metrics. Built once at start-up; start-up fails with a message naming the
/// setting to fix.
public final class ServiceRuntime: @unchecked Sendable {
    // @unchecked: every member is immutable; the mutable ones are Sendable classes of their own.
    public let configuration: ServiceConfiguration
    public let pipeline: PosterPipeline
    /// Every bundled style and palette, checked at start: a broken package stops `serve` with its errors
    /// instead of failing the jobs that use it, and the listings and the request parser need them all anyway.
    public let catalog: StyleCatalog
    public let queue: any JobQueue
    public let store: any ObjectStore
    public let pool: RenderContextPool
    public let metrics: ServiceMetrics
    public let keys: any APIKeyStore
    public let hasher: APIKeyHasher
    public let limiter: any RateLimiter
    public let logger: Logger
    /// Webhooks waiting to be delivered, with their own retries (a day of backoff) and dead letter list.
    public let webhookQueue: any JobQueue
    let webhooks: WebhookDispatcher
    let deliverer: WebhookDeliverer
    /// The connection used for `/readyz`, keys and rate limits when the service has Redis.
    let redis: RedisConnection?
    let parser: PosterRequestParser
    /// How long renders take, for `estimated_time`.
    let estimator: RenderTimeEstimator

    public convenience init(configuration: ServiceConfiguration, resources: ResourceLocator, logger: Logger) throws(ServiceStartupError) {
        try self.init(configuration: configuration, resources: resources, logger: logger, observeQueue: { $0 })
    }

    /// - Parameter observeQueue: wraps the job queue, for tests that watch what the workers tell it.
    init(configuration: ServiceConfiguration, resources: ResourceLocator, logger: Logger,
         observeQueue: (any JobQueue) -> any JobQueue) throws(ServiceStartupError) {
        self.configuration = configuration
        self.logger = logger
        do throws(PipelineError) {
            pipeline = try PosterPipeline(resources: resources, tileFetch: configuration.tileFetchSettings, tiles: configuration.tilesPath,
                                          terrain: configuration.terrain)
            catalog = try pipeline.catalog
            // Renders load faces as they need them; a service checks every one now, not mid-poster.
            do throws(CanvasError) { try pipeline.fonts.loadAll() } catch { throw PipelineError(.resourcesNotFound, "\(error)", cause: error) }
        } catch {
            throw ServiceStartupError("loading fonts and styles from \(resources.root): \(error.message)", cause: error)
        }
        let tilesPath = pipeline.defaultTiles
        let remote = tilesPath.hasPrefix("http://") || tilesPath.hasPrefix("https://")
        guard remote || FileManager.default.isReadableFile(atPath: tilesPath) else {
            throw ServiceStartupError("the tiles \(tilesPath) cannot be read; set CARTOPRESS_TILES to a PMTiles file or a tile URL")
        }
        let queueConfiguration = JobQueueConfiguration(lease: configuration.leaseSeconds, maxAttempts: configuration.maxAttempts,
                                                       backoffBase: configuration.retryBaseSeconds, backoffFactor: 3,
                                                       outageWindow: configuration.outageWindowSeconds,
                                                       outageRetryCap: configuration.outageRetryCapSeconds)
        let endpoint: (host: String, port: Int)?
        do {
            endpoint = try configuration.redisEndpoint()
        } catch {
            throw ServiceStartupError(error.description)
        }
        if let endpoint {
            let redisConfiguration = RedisConfiguration(host: endpoint.host, port: endpoint.port)
            do {
                let redisQueue = try RedisJobQueue(redis: redisConfiguration, prefix: configuration.redisPrefix, configuration: queueConfiguration)
                for warning in try redisQueue.checkServer() { logger.warning("\(warning)") }
                queue = observeQueue(redisQueue)
                webhookQueue = try RedisJobQueue(redis: redisConfiguration, prefix: configuration.redisPrefix + "webhooks:",
                                                 configuration: Self.webhookQueueConfiguration(configuration.webhooks))
                let connection = try RedisConnection(redisConfiguration)
                redis = connection
                keys = RedisAPIKeyStore(redis: connection, prefix: configuration.redisPrefix)
                limiter = RedisRateLimiter(redis: connection, prefix: configuration.redisPrefix, limit: configuration.rateLimitPerMinute)
            } catch {
                throw ServiceStartupError("Redis at \(configuration.redisURL ?? ""): \(error); check CARTOPRESS_REDIS_URL or unset it to queue in this process", cause: error)
            }
        } else {
            queue = observeQueue(InProcessJobQueue(configuration: queueConfiguration))
            webhookQueue = InProcessJobQueue(configuration: Self.webhookQueueConfiguration(configuration.webhooks))
            redis = nil
            keys = FileAPIKeyStore(path: configuration.dataDirectory + "/keys.json")
            limiter = LocalRateLimiter(limit: configuration.rateLimitPerMinute)
        }
        let pepper = try Self.pepper(configuration)
        hasher = APIKeyHasher(pepper: pepper)
        do {
            if let s3 = try configuration.s3Configuration() {
                store = try S3ObjectStore(configuration: s3)
            } else {
                // Download links are signed with the key pepper, which every instance shares.
                store = try FileObjectStore(directory: configuration.dataDirectory + "/posters", publicURL: configuration.resolvedPublicURL,
                                            linkSecret: pepper, linkLifetime: Int(queueConfiguration.terminalTTL))
            }
        } catch let error as StorageError {
            throw ServiceStartupError(error.message)
        } catch {
            throw ServiceStartupError("\(error)", cause: error)
        }
        let fontsDirectory = resources.fontsDirectory
        let bandPixels = configuration.bandPixels
        pool = RenderContextPool(capacity: configuration.poolSize, recycleAfter: configuration.recycleAfter,
                                 minIdle: configuration.minIdleContexts, idleTimeout: configuration.idleTimeout) { id in
            try RenderContext(id: id, fontsDirectory: fontsDirectory, bandPixels: bandPixels)
        }
        metrics = ServiceMetrics()
        estimator = RenderTimeEstimator(workers: configuration.workers)
        webhooks = WebhookDispatcher(queue: webhookQueue, jobs: queue, logger: logger)
        deliverer = WebhookDeliverer(queue: webhookQueue, keys: keys, anonymousSecret: try Self.anonymousWebhookSecret(configuration, redis: redis),
                                     settings: configuration.webhooks, metrics: metrics, logger: logger)
        var parser = PosterRequestParser(limits: RequestLimits(configuration), catalog: catalog)
        let places = pipeline.places
        parser.findPlace = { query in (try? places.search(query, limit: 1))?.first }
        self.parser = parser
    }

    /// The pepper for key hashes: configured, or generated once into the data directory. With Redis every
    /// instance must hash alike, so it must be configured.
    static func pepper(_ configuration: ServiceConfiguration) throws(ServiceStartupError) -> String {
        if let pepper = configuration.apiKeyPepper { return pepper }
        if configuration.redisURL != nil && configuration.authRequired {
            throw ServiceStartupError("with Redis, set CARTOPRESS_API_KEY_PEPPER (a long random secret, the same on every instance) so that API keys hash alike everywhere")
        }
        return try storedSecret(configuration, file: "pepper", hint: "CARTOPRESS_API_KEY_PEPPER") {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        }
    }

    /// A secret kept in `DATA_DIR/<file>` (mode 0600): read if a valid one is there, else made by `make`
    /// and written. `isValid` rejects a damaged file, which is then replaced.
    static func storedSecret(_ configuration: ServiceConfiguration, file: String, hint: String, isValid: (String) -> Bool = { !$0.isEmpty },
                             make: () -> String) throws(ServiceStartupError) -> String {
        let path = configuration.dataDirectory + "/" + file
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if isValid(text) { return text }
        }
        let secret = make()
        do {
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            try Data(secret.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw ServiceStartupError("cannot write \(path): \(error.localizedDescription); set CARTOPRESS_DATA_DIR to a writable directory or \(hint)")
        }
        return secret
    }

    static func webhookQueueConfiguration(_ settings: WebhookSettings) -> JobQueueConfiguration {
        JobQueueConfiguration(lease: settings.timeoutSeconds + 30, maxAttempts: settings.maxAttempts, backoffBase: settings.retryBaseSeconds,
                              backoffFactor: settings.backoffFactor)
    }

    /// The secret that signs webhooks of jobs submitted without an API key: configured; with Redis, one
    /// shared by every instance (the first to start stores it, so any instance's signature verifies); else
    /// generated once into the data directory. `cartopress keys webhook-secret` prints it.
    public static func anonymousWebhookSecret(_ configuration: ServiceConfiguration,
                                              redis: RedisConnection? = nil) throws(ServiceStartupError) -> WebhookSecret {
        if let text = configuration.webhooks.anonymousSecret, let secret = WebhookSecret(text) { return secret }
        if let redis {
            let key = configuration.redisPrefix + "webhook-secret"
            do {
                _ = try redis.command(["SET", key, WebhookSecret.generate().text, "NX"])
                if let text = try redis.command(["GET", key]).string, let secret = WebhookSecret(text) { return secret }
            } catch {
                throw ServiceStartupError("reading the shared webhook secret from Redis: \(error.message); check CARTOPRESS_REDIS_URL or set CARTOPRESS_WEBHOOK_SECRET")
            }
            throw ServiceStartupError("the Redis key \(key) holds no webhook secret; delete it, or set CARTOPRESS_WEBHOOK_SECRET")
        }
        let text = try storedSecret(configuration, file: "webhook-secret", hint: "CARTOPRESS_WEBHOOK_SECRET",
                                    isValid: { WebhookSecret($0) != nil }, make: { WebhookSecret.generate().text })
        // storedSecret returns only text that parses (or that it just made from a valid secret).
        return WebhookSecret(text)!
    }
}

/// A reason the service cannot start, with the setting to change.
public struct ServiceStartupError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// The error that stopped the start (a pipeline, queue or storage error), when there is one.
    public let cause: (any Error)?
    public init(_ message: String, cause: (any Error)? = nil) {
        self.message = message
        self.cause = cause
    }
    public var description: String { message }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
