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
