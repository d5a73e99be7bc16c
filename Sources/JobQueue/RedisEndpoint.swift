/// A Redis server's address: the configured one, or a cluster node named in a `MOVED` or `ASK` reply.
struct RedisEndpoint: Hashable, Sendable, CustomStringConvertible {
    var host: String
    var port: Int

    var description: String { "\(host):\(port)" }

    /// Parses `host:port` as redirections give it (`[::1]:7000` for IPv6; an empty host, which a node that does
    /// not know its own address sends, means the node that replied: `fallbackHost`).
    init?(_ text: Substring, fallbackHost: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), port > 0 else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? fallbackHost : host
        self.port = port
    }

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}
