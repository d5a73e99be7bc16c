import Foundation

/// A connection to Redis: one server, or every node of a Redis Cluster it needs. Thread-safe: commands
/// are serialised on the connection.
///
/// With Redis Cluster the configured address may be any node. A command goes to the node that owns its
/// key's hash slot, as far as the connection knows; a node that does not own it answers `MOVED` and the
/// connection sends the command there and remembers the slot's owner. `ASK` (a slot being migrated) sends
/// `ASKING` and the command to the named node once. `CLUSTERDOWN` and `TRYAGAIN` are retried with backoff,
/// then fail with ``RedisError/Code/cluster``. None of these replies ran the command, so following them is
/// safe for any ``Resend``. A lone server never sends them, so nothing changes there.
public final class RedisConnection: @unchecked Sendable {
    // @unchecked: every stored property but `configuration` is only touched under `lock`.
    public let configuration: RedisConfiguration
    private let lock = NSLock()
    /// Where keyless commands and commands for slots not yet learnt go: the configured node, or, once it
    /// stopped answering, another node that did.
    private var home: RedisEndpoint
    private var nodes: [RedisEndpoint: RedisNode] = [:]
    /// Slot owners learnt from `MOVED`.
    private var owners: [Int: RedisEndpoint] = [:]
    private var scriptShas: [String: String] = [:]
    private var followed = 0
    private var waited = 0

    /// Redirections followed so far (`MOVED` and `ASK`), and pauses for `CLUSTERDOWN`/`TRYAGAIN`: for tests
    /// and diagnostics.
    var clusterStatistics: (redirections: Int, waits: Int) { lock.withLock { (followed, waited) } }

    /// Connects to the configured server at once, so that a wrong address fails here and not on first use.
    public init(_ configuration: RedisConfiguration = RedisConfiguration()) throws(RedisError) {
        self.configuration = configuration
        home = RedisEndpoint(host: configuration.host, port: configuration.port)
        try locked { () throws(RedisError) in try node(home).connect() }
    }

    private func locked<R>(_ body: () throws(RedisError) -> R) throws(RedisError) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func node(_ endpoint: RedisEndpoint) -> RedisNode {
        if let node = nodes[endpoint] { return node }
        let node = RedisNode(endpoint, configuration: configuration)
        nodes[endpoint] = node
        return node
    }

    /// Runs one command. Error replies come back as `.error`, not as thrown errors (cluster redirections
    /// excepted: they are followed).
    /// - Parameter resend: ``Resend`` says whether the command may be sent again after the connection broke
    ///   while it was in flight.
    @discardableResult
    public func command(_ arguments: [String], timeout: Double? = nil, resend: Resend = .safe) throws(RedisError) -> RedisValue {
        try pipeline([arguments], timeout: timeout, resend: resend)[0]
    }

    /// Whether commands may be sent again after the connection broke once they were (perhaps) written.
    public enum Resend: Sendable {
        /// Running them twice has the effect of running them once: reads, `SET`, and scripts that find out
        /// from their fencing token whether they already ran.
        case safe
        /// Running them twice does something twice (`INCR`, a bare `LPUSH`): after a break in flight the
        /// call throws ``RedisError/Code/outcomeUnknown`` and the caller must find out what happened.
        case never
    }

    /// Sends several commands in one round trip and returns their replies in order. A connection that
    /// cannot be made is retried with backoff; one that breaks after the commands were written is retried
    /// only for `resend: .safe`, since Redis may already have run them.
    ///
    /// With Redis Cluster the round trip goes to the owner of the first command's key; meant for commands
    /// whose keys share a slot (as all of one queue's do). A command another node must run is redirected on
    /// its own afterwards, so a pipeline over several slots still works, in more round trips.
    public func pipeline(_ commands: [[String]], timeout: Double? = nil, resend: Resend = .safe) throws(RedisError) -> [RedisValue] {
        try locked { () throws(RedisError) -> [RedisValue] in
            let key = commands.lazy.compactMap(RedisSlot.key(of:)).first
            let target = key.flatMap { owners[RedisSlot.of($0)] } ?? home
            var (replies, from) = try sendLocked(commands, to: target, asking: false, timeout: timeout, resend: resend)
            for index in replies.indices where RedisRedirection(replies[index], host: from.host) != nil {
                replies[index] = try followLocked(commands[index], reply: replies[index], from: from, timeout: timeout, resend: resend)
            }
            return replies
        }
    }

    /// Sends `commands` to `endpoint` (after `ASKING` when `asking`). A node that cannot be reached any more
    /// (failed over, removed) is forgotten and the commands go to the other nodes known, the configured one
    /// first: any of them redirects to the slot's owner now. Returns the replies and the node that gave them.
    private func sendLocked(_ commands: [[String]], to endpoint: RedisEndpoint, asking: Bool, timeout: Double?,
                            resend: Resend) throws(RedisError) -> ([RedisValue], RedisEndpoint) {
        let batch = asking ? [["ASKING"]] + commands : commands
        do {
            let replies = try node(endpoint).send(batch, timeout: timeout, resend: resend)
            return (asking ? Array(replies.dropFirst()) : replies, endpoint)
        } catch where error.code == .connect {
            let configured = RedisEndpoint(host: configuration.host, port: configuration.port)
            let others = [configured] + nodes.keys.filter { $0 != configured }.sorted { $0.description < $1.description }
            owners = owners.filter { $0.value != endpoint }
            for other in others where other != endpoint {
                do {
                    let replies = try node(other).send(commands, timeout: timeout, resend: resend)
                    if endpoint == home { home = other }
                    return (replies, other)
                } catch where error.code == .connect {
                    continue
                }
            }
            throw error
        }
    }

    /// Follows the cluster's redirections of one command until a node runs it.
    private func followLocked(_ command: [String], reply first: RedisValue, from: RedisEndpoint, timeout: Double?,
                              resend: Resend) throws(RedisError) -> RedisValue {
        var reply = first
        var target = from
        var hops = 0
        var pauses = 0
        while let redirection = RedisRedirection(reply, host: target.host) {
            var asking = false
            switch redirection {
            case .moved(let slot, let owner):
                owners[slot] = owner
                target = owner
                hops += 1
                followed += 1
            case .ask(_, let node) where !RedisSlot.isScript(command):
                target = node
                asking = true
                hops += 1
                followed += 1
            case .ask(let slot, _):
                // The queue's scripts read keys they do not declare, which Redis cannot check during a
                // migration: run on the importing node, a script would see only the keys moved so far. So a
                // script waits on the old owner until the migration ends and it answers MOVED.
                try pauseLocked(&pauses, reason: "slot \(slot) is being migrated and a script must not run on half its keys")
            case .unavailable(let message):
                try pauseLocked(&pauses, reason: message)
            }
            if hops > 16 {
                throw RedisError(.cluster, "Redis Cluster redirected `\(command.first ?? "")` more than 16 times (last to \(target)); check `redis-cli --cluster check \(target)`")
            }
            let (replies, answered) = try sendLocked([command], to: target, asking: asking, timeout: timeout, resend: resend)
            reply = replies[0]
            target = answered
        }
        return reply
    }

    private func pauseLocked(_ pauses: inout Int, reason: String) throws(RedisError) {
        pauses += 1
        waited += 1
        guard pauses <= configuration.clusterRetryAttempts else {
            throw RedisError(.cluster, "Redis Cluster cannot serve the command: \(reason) (still after \(configuration.clusterRetryAttempts) retries); check `redis-cli cluster info` on a node and retry when cluster_state is ok")
        }
        usleep(UInt32(min(100_000 << min(pauses - 1, 5), 2_000_000)))
    }

    /// Whether the server runs Redis Cluster (`INFO cluster` says `cluster_enabled:1`). False when it does not
    /// say, as a server that renamed `INFO` away would.
    public func isCluster() throws(RedisError) -> Bool {
        (try command(["INFO", "cluster"]).string ?? "").contains("cluster_enabled:1")
    }

    /// Runs a Lua script by its SHA. A node that does not have it (a restart, `SCRIPT FLUSH`, or another
    /// cluster node than the one that loaded it) answers NOSCRIPT and gets the script itself by `EVAL`,
    /// which also caches it there.
    /// - Parameter resend: `.safe` only for a script that, run a second time, finds out from its arguments
    ///   (a fencing token) that it already ran and answers as the first run did.
    public func eval(_ script: String, keys: [String], arguments: [String], resend: Resend) throws(RedisError) -> RedisValue {
        let cached = lock.withLock { scriptShas[script] }
        let sha: String
        if let cached { sha = cached } else { sha = try load(script) }
        var reply = try command(["EVALSHA", sha, String(keys.count)] + keys + arguments, resend: resend)
        if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
            reply = try command(["EVAL", script, String(keys.count)] + keys + arguments, resend: resend)
        }
        if case .error(let message) = reply {
            if message.contains("non local key") || message.contains("same slot") || message.hasPrefix("CROSSSLOT") {
                throw RedisError(.reply, "Redis script failed: \(message); its keys span several cluster hash slots: give the key prefix a hash tag, e.g. {cartopress}:")
            }
            throw RedisError(.reply, "Redis script failed: \(message)")
        }
        return reply
    }

    private func load(_ script: String) throws(RedisError) -> String {
        let reply = try command(["SCRIPT", "LOAD", script])
        guard let sha = reply.string, case .bulk = reply else {
            throw RedisError(.reply, "SCRIPT LOAD failed: \(reply)")
        }
        lock.withLock { scriptShas[script] = sha }
        return sha
    }
}
