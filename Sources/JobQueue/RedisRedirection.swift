/// An error reply by which Redis Cluster says a command did not run on this node and where or when to send it.
/// None of them ran the command, so sending it again is always safe, whatever its ``RedisConnection/Resend``.
enum RedisRedirection: Equatable {
    /// `MOVED <slot> <host:port>`: the slot lives on that node now; remember it.
    case moved(slot: Int, to: RedisEndpoint)
    /// `ASK <slot> <host:port>`: the slot is being migrated and this key is already on that node: send
    /// `ASKING` and the command there, once, without remembering it.
    case ask(slot: Int, to: RedisEndpoint)
    /// `TRYAGAIN` (a multi-key command during a migration) or `CLUSTERDOWN` (no master for the slot, e.g.
    /// during a failover): the same node may serve it after a pause.
    case unavailable(String)

    /// The redirection in `reply`, if it is one; `host` is the node that replied (for a `MOVED :7001`).
    init?(_ reply: RedisValue, host: String) {
        guard case .error(let message) = reply else { return nil }
        let words = message.split(separator: " ")
        switch words.first {
        case "MOVED"?, "ASK"?:
            guard words.count == 3, let slot = Int(words[1]), let endpoint = RedisEndpoint(words[2], fallbackHost: host) else { return nil }
            self = words[0] == "MOVED" ? .moved(slot: slot, to: endpoint) : .ask(slot: slot, to: endpoint)
        case "TRYAGAIN"?, "CLUSTERDOWN"?:
            self = .unavailable(message)
        default:
            return nil
        }
    }
}
