import JobQueue

/// Opens the key store and hasher exactly as the service does, for `cartopress keys`.
public enum KeyManagement {
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
