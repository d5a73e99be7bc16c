import Foundation

/// Where Redis is and how long to wait for it. With Redis Cluster, `host` and `port` name any node: the
/// connection learns where each hash slot lives from the nodes' `MOVED` replies.
public struct RedisConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Seconds to wait for a TCP connection.
    public var connectTimeout: Double
    /// Seconds to wait for a command's reply (blocking commands add their own timeout).
    public var commandTimeout: Double
    /// Reconnect attempts before a command fails; they back off from 50 ms, doubling.
    public var reconnectAttempts: Int
    /// Retries of a command that Redis Cluster cannot serve for now (`CLUSTERDOWN` during a failover,
    /// `TRYAGAIN` or a script's slot being migrated) before it fails with ``RedisError/Code/cluster``; they back
    /// off from 100 ms, doubling up to 2 s (about 11 s in all with the default 8).
    public var clusterRetryAttempts: Int

    public init(host: String = "127.0.0.1", port: Int = 6379, connectTimeout: Double = 2, commandTimeout: Double = 5,
                reconnectAttempts: Int = 5, clusterRetryAttempts: Int = 8) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectAttempts = reconnectAttempts
        self.clusterRetryAttempts = clusterRetryAttempts
    }
}
