/// How a queue names its keys so that Redis Cluster keeps all of them in one hash slot, as its scripts
/// need: every script reads and writes keys it builds from the prefix, and Redis Cluster runs a script only
/// when all its keys live in one slot of the node it runs on.
enum RedisKeyPrefix {
    /// The prefix the queue's keys start with.
    ///
    /// - A prefix with a hash tag of its own (`{cartopress}:`, `tenant:{eu}:`) is used as it is: the operator
    ///   chose the slot, and may put several queues in one slot on purpose.
    /// - On Redis Cluster an untagged prefix is wrapped as one: `cartopress:` → `{cartopress}:`,
    ///   `cartopress:webhooks:` → `{cartopress:webhooks}:` (one trailing `:` stays outside the braces).
    /// - On a lone server an untagged prefix is kept, so that the keys of existing deployments keep their
    ///   names (docs/ARCHITECTURE.md, "Redis Cluster").
    /// Returns nil for an empty prefix on a cluster: there is nothing to make a tag of.
    static func effective(_ prefix: String, cluster: Bool) -> String? {
        if hasHashTag(prefix) || !cluster { return prefix }
        let body = prefix.hasSuffix(":") ? String(prefix.dropLast()) : prefix
        guard !body.isEmpty else { return nil }
        return "{\(body)}" + (prefix.hasSuffix(":") ? ":" : "")
    }

    /// Whether keys starting with `prefix` hash by a tag in it (Redis' rule: a non-empty text between the first
    /// `{` and the first `}` after it).
    static func hasHashTag(_ prefix: String) -> Bool {
        RedisSlot.hashed(prefix.utf8).count < prefix.utf8.count
    }
}
