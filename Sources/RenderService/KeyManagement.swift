import JobQueue

/// Opens the key store and hasher exactly as the service does, for `cartopress keys`.
public enum KeyManagement {
    /// The webhook secret of jobs without a key, as the service would find it (shared in Redis when the
    /// service has Redis), for `cartopress keys webhook-secret`.
    public static func anonymousWebhookSecret(_ configuration: ServiceConfiguration) throws(ServiceStartupError) -> WebhookSecret {
        let endpoint: (host: String, port: Int)?
        do { endpoint = try configuration.redisEndpoint() } catch { throw ServiceStartupError(error.description) }
        guard let endpoint, configuration.webhooks.anonymousSecret == nil else { return try ServiceRuntime.anonymousWebhookSecret(configuration) }
        do {
            let connection = try RedisConnection(RedisConfiguration(host: endpoint.host, port: endpoint.port))
            return try ServiceRuntime.anonymousWebhookSecret(configuration, redis: connection)
        } catch let error as ServiceStartupError {
            throw error
        } catch {
            throw ServiceStartupError("Redis at \(configuration.redisURL ?? ""): \(error)")
        }
    }

    /// The service's job queue, for `cartopress jobs`: only a Redis queue can be reached from another
    /// process; without `REDIS_URL` the queue lives inside `cartopress serve`, and its admin routes reach it.
    public static func jobs(_ configuration: ServiceConfiguration) throws(ServiceStartupError) -> JobAdministration {
        let endpoint: (host: String, port: Int)?
        do { endpoint = try configuration.redisEndpoint() } catch { throw ServiceStartupError(error.description) }
        guard let endpoint else {
            throw ServiceStartupError("CARTOPRESS_REDIS_URL is not set: without Redis the queue lives inside 'cartopress serve'; use its admin routes (GET /api/v1/admin/jobs with an --admin key) or set CARTOPRESS_REDIS_URL")
        }
        do {
            let queue = try RedisJobQueue(redis: RedisConfiguration(host: endpoint.host, port: endpoint.port), prefix: configuration.redisPrefix,
                                          configuration: JobQueueConfiguration(maxAttempts: configuration.maxAttempts))
            return JobAdministration(queue: queue)
        } catch {
            throw ServiceStartupError("Redis at \(configuration.redisURL ?? ""): \(error)", cause: error)
        }
    }

    public static func open(_ configuration: ServiceConfiguration) throws(ServiceStartupError) -> (any APIKeyStore, APIKeyHasher) {
        let hasher = APIKeyHasher(pepper: try ServiceRuntime.pepper(configuration))
        let endpoint: (host: String, port: Int)?
        do { endpoint = try configuration.redisEndpoint() } catch { throw ServiceStartupError(error.description) }
        guard let endpoint else { return (FileAPIKeyStore(path: configuration.dataDirectory + "/keys.json"), hasher) }
        do {
            let connection = try RedisConnection(RedisConfiguration(host: endpoint.host, port: endpoint.port))
            return (RedisAPIKeyStore(redis: connection, prefix: configuration.redisPrefix), hasher)
        } catch {
            throw ServiceStartupError("Redis at \(configuration.redisURL ?? ""): \(error.message)")
        }
    }
}
