import JobQueue
import TestSupport

extension LocalRedisServer {
    /// How `JobQueue` reaches this server (TestSupport is Foundation only, so it cannot say).
    var configuration: RedisConfiguration { RedisConfiguration(port: port) }
}
