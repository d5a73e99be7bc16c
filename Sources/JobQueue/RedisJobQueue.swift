public import Foundation

/// The distributed queue: jobs in Redis, every state change an atomic Lua script, claims leased and fenced.
public final class RedisJobQueue: JobQueue {
    public let configuration: JobQueueConfiguration
    /// The prefix as configured.
    public let prefix: String
    /// The prefix every key of this queue starts with: `prefix`, hash-tagged on Redis Cluster when it has no
    /// tag of its own (``RedisKeyPrefix``), so that all the queue's keys share one hash slot.
    public let keyPrefix: String
    let connection: RedisConnection
    /// A second connection for blocking waits, so that a waiting worker does not hold up commands.
    private let waiter: RedisConnection

    /// Connects to Redis (a lone server, or any node of a Redis Cluster) and names the keys under `prefix`.
    /// Throws ``JobQueueError/Code/backend`` when Redis cannot be reached, or for an empty prefix on a cluster.
    public init(redis: RedisConfiguration, prefix: String = "cartopress:", configuration: JobQueueConfiguration = JobQueueConfiguration()) throws(JobQueueError) {
        let cluster: Bool
        do {
            connection = try RedisConnection(redis)
            waiter = try RedisConnection(redis)
            cluster = try connection.isCluster()
        } catch {
            throw JobQueueError(.backend, error.message)
        }
        guard let keyPrefix = RedisKeyPrefix.effective(prefix, cluster: cluster) else {
            throw JobQueueError(.backend, "Redis at \(redis.host):\(redis.port) runs Redis Cluster and the key prefix is empty, so the queue's keys cannot share a hash slot; set a prefix such as cartopress:")
        }
        self.prefix = prefix
        self.keyPrefix = keyPrefix
        self.configuration = configuration
    }

    /// Start-up checks: the queue refuses a Redis that may evict keys, and warns when it does not persist.
    public func checkServer() throws(JobQueueError) -> [String] {
        let policy = try run { () throws(RedisError) in try connection.command(["CONFIG", "GET", "maxmemory-policy"]) }
        guard let value = policy.array?.last?.string else { return ["could not read maxmemory-policy"] }
        guard value == "noeviction" else {
            throw JobQueueError(.backend, "Redis maxmemory-policy is \(value); set it to noeviction so that jobs are never evicted (CONFIG SET maxmemory-policy noeviction)")
        }
        let aof = try run { () throws(RedisError) in try connection.command(["CONFIG", "GET", "appendonly"]) }
        return aof.array?.last?.string == "yes" ? [] : ["Redis appendonly is off: acknowledged jobs may be lost if Redis restarts; set appendonly yes"]
    }

    private func run<R>(_ body: () throws(RedisError) -> R) throws(JobQueueError) -> R {
        do {
            return try body()
        } catch {
            throw JobQueueError(.backend, error.message)
        }
    }

    /// Runs a queue script. Every script of ``RedisScripts`` may be resent: it asks its fencing token
    /// whether it already ran before it acts.
    private func script(_ source: String, _ arguments: [String]) throws(JobQueueError) -> RedisValue {
        try run { () throws(RedisError) in try connection.eval(source, keys: [keyPrefix], arguments: arguments, resend: .safe) }
    }

    private static func ms(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded())) }

    public func enqueue(payload: String, priority: JobPriority, idempotencyKey: String?, notify: Bool, now: Date) throws(JobQueueError) -> String {
        let reply = try script(RedisScripts.enqueue, [JobIdentifier.make(), payload, String(priority.rank), priority.rawValue, Self.ms(now),
                                                      String(configuration.maxAttempts), idempotencyKey ?? "", String(Int(configuration.idempotencyTTL)),
                                                      notify ? "1" : "0"])
        guard let id = reply.string else { throw JobQueueError(.backend, "enqueue returned \(reply)") }
        return id
    }

    public func claim(worker: String, now: Date) throws(JobQueueError) -> ClaimedJob? {
        try claim(worker: worker, token: UUID().uuidString, now: now)
    }

    /// A claim with a given lease token: the same token claims at most one job, however often it is sent.
    func claim(worker: String, token: String, now: Date) throws(JobQueueError) -> ClaimedJob? {
        let reply = try script(RedisScripts.claim, [Self.ms(now), String(Int64(configuration.lease * 1000)), token, worker])
        guard let fields = reply.array else { return nil }
        guard let job = Self.job(fields) else { throw JobQueueError(.backend, "claim returned an unreadable job") }
        return ClaimedJob(job: job, leaseToken: token)
    }

    public func heartbeat(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool {
        try script(RedisScripts.heartbeat, [claim.job.id, claim.leaseToken, Self.ms(now), String(Int64(configuration.lease * 1000))]).int == 1
    }

    public func reportProgress(_ claim: ClaimedJob, progress: Int, stage: String?, now: Date) throws(JobQueueError) -> Bool {
        try script(RedisScripts.progress, [claim.job.id, claim.leaseToken, Self.ms(now), String(min(max(progress, 0), 100)), stage ?? ""]).int == 1
    }

    public func release(_ claim: ClaimedJob, now: Date) throws(JobQueueError) -> Bool {
        try script(RedisScripts.release, [claim.job.id, claim.leaseToken, Self.ms(now)]).int == 1
    }

    public func complete(_ claim: ClaimedJob, result: String, now: Date) throws(JobQueueError) {
        let reply = try script(RedisScripts.complete, [claim.job.id, claim.leaseToken, Self.ms(now), result, String(Int(configuration.terminalTTL))])
        guard reply.int == 1 else { throw JobQueueError(.leaseLost, "job \(claim.job.id): this worker's lease was lost; another worker owns the job now") }
    }

    public func completeAndClaimNext(_ claim: ClaimedJob, result: String, worker: String, now: Date) throws(JobQueueError) -> ClaimedJob? {
        try completeAndClaimNext(claim, result: result, worker: worker, nextToken: UUID().uuidString, now: now)
    }

    func completeAndClaimNext(_ claim: ClaimedJob, result: String, worker: String, nextToken token: String, now: Date) throws(JobQueueError) -> ClaimedJob? {
        let reply = try script(RedisScripts.completeAndClaim, [claim.job.id, claim.leaseToken, Self.ms(now), result, String(Int(configuration.terminalTTL)),
                                                               token, String(Int64(configuration.lease * 1000)), worker])
        if let fields = reply.array {
            guard let job = Self.job(fields) else { throw JobQueueError(.backend, "claim returned an unreadable job") }
            return ClaimedJob(job: job, leaseToken: token)
        }
        guard reply.int == 1 else { throw JobQueueError(.leaseLost, "job \(claim.job.id): this worker's lease was lost; another worker owns the job now") }
        return nil
    }

    public func fail(_ claim: ClaimedJob, error: JobError, kind: FailureKind, now: Date) throws(JobQueueError) -> JobStatus {
        let delay = configuration.retryDelay(afterAttempt: claim.job.attempts)
        let kindArgument = switch kind {
        case .permanent: "0"
        case .retryable: "1"
        case .dependencyUnavailable: "2"
        }
        let jitter = 1 + configuration.backoffJitter * Double.random(in: -1...1)
        let reply = try script(RedisScripts.fail, [claim.job.id, claim.leaseToken, Self.ms(now), error.code, error.message, kindArgument,
                                                   String(Int64(delay * 1000)), String(Int(configuration.terminalTTL)),
                                                   String(Int64(configuration.outageWindow * 1000)), String(Int64(configuration.backoffBase * 1000)),
                                                   String(configuration.backoffFactor), String(Int64(configuration.outageRetryCap * 1000)),
                                                   String(jitter)])
        switch reply.int {
        case 2: return .retrying
        case 3: return .failed
        default: throw JobQueueError(.leaseLost, "job \(claim.job.id): this worker's lease was lost; another worker owns the job now")
        }
    }

    public func cancel(id: String, now: Date) throws(JobQueueError) -> Bool {
        let reply = try script(RedisScripts.cancel, [id, Self.ms(now), String(Int(configuration.terminalTTL)), UUID().uuidString])
        if reply.int == -1 { throw JobQueueError(.notFound, "no job \(id)") }
        return reply.int == 1
    }

    public func requeue(id: String, now: Date) throws(JobQueueError) -> Bool {
        try script(RedisScripts.requeue, [id, Self.ms(now), UUID().uuidString]).int == 1
    }

    public func pendingNotifications(limit: Int) throws(JobQueueError) -> [String] {
        let reply = try run { () throws(RedisError) in try connection.command(["ZRANGE", "\(keyPrefix)outbox", "0", String(max(limit, 1) - 1)]) }
        return reply.array?.compactMap(\.string) ?? []
    }

    public func acknowledgeNotification(id: String) throws(JobQueueError) {
        _ = try run { () throws(RedisError) in try connection.command(["ZREM", "\(keyPrefix)outbox", id]) }
    }

    public func reap(now: Date) throws(JobQueueError) -> Int {
        Int(try script(RedisScripts.reap, [Self.ms(now), String(configuration.stallLimit), String(Int(configuration.terminalTTL))]).int ?? 0)
    }

    public func job(id: String) throws(JobQueueError) -> Job? {
        let reply = try run { () throws(RedisError) in try connection.command(["HGETALL", "\(keyPrefix)job:\(id)"]) }
        guard let fields = reply.array, !fields.isEmpty else { return nil }
        return Self.job(fields)
    }

    public func jobs(status: JobStatus, offset: Int, limit: Int) throws(JobQueueError) -> [Job] {
        guard limit > 0 else { return [] }
        let set = keyPrefix + Self.stateSet(status)
        let start = String(max(offset, 0)), stop = String(max(offset, 0) + limit - 1)
        // Queue scores put the next claim first; every other set is scored by time, newest last.
        let reply = try run { () throws(RedisError) in try connection.command([status == .queued ? "ZRANGE" : "ZREVRANGE", set, start, stop]) }
        let ids = reply.array?.compactMap(\.string) ?? []
        guard !ids.isEmpty else { return [] }
        let replies = try run { () throws(RedisError) in try connection.pipeline(ids.map { ["HGETALL", "\(keyPrefix)job:\($0)"] }) }
        // A record that expired between the two reads is left out.
        return replies.compactMap { $0.array.flatMap { $0.isEmpty ? nil : Self.job($0) } }
    }

    public func purge(id: String) throws(JobQueueError) -> Bool {
        try script(RedisScripts.purge, [id]).int == 1
    }

    /// The sorted set holding jobs in `status`.
    static func stateSet(_ status: JobStatus) -> String {
        switch status {
        case .queued: "queued"
        case .processing: "processing"
        case .retrying: "delayed"
        case .completed: "completed"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }

    public func queuedByPriority() throws(JobQueueError) -> [JobPriority: Int] {
        // Queue scores are rank * 1e13 + sequence, so each priority is one score range.
        let commands = JobPriority.allCases.map { priority in
            ["ZCOUNT", keyPrefix + "queued", String(format: "%.0f", Double(priority.rank) * 1e13), "(" + String(format: "%.0f", Double(priority.rank + 1) * 1e13)]
        }
        let replies = try run { () throws(RedisError) in try connection.pipeline(commands) }
        var depth: [JobPriority: Int] = [:]
        for (priority, reply) in zip(JobPriority.allCases, replies) { depth[priority] = Int(reply.int ?? 0) }
        return depth
    }

    public func counts() throws(JobQueueError) -> JobCounts {
        let states: [(JobStatus, String)] = [(.queued, "queued"), (.processing, "processing"), (.retrying, "delayed"),
                                             (.completed, "completed"), (.failed, "failed"), (.cancelled, "cancelled")]
        let replies = try run { () throws(RedisError) in try connection.pipeline(states.map { ["ZCARD", "\(keyPrefix)\($0.1)"] }) }
        var counts: [JobStatus: Int] = [:]
        for (state, reply) in zip(states, replies) { counts[state.0] = Int(reply.int ?? 0) }
        return JobCounts(counts: counts)
    }

    /// Blocks until work may be available or `timeout` passes (a BLPOP on the wake list, outside any script).
    public func waitForWork(timeout: Double) throws(JobQueueError) {
        _ = try run { () throws(RedisError) in
            try waiter.command(["BLPOP", "\(keyPrefix)wake", String(format: "%.3f", timeout)], timeout: timeout + waiter.configuration.commandTimeout)
        }
    }

    static func job(_ fields: [RedisValue]) -> Job? {
        var map: [String: String] = [:]
        var i = 0
        while i + 1 < fields.count {
            if let key = fields[i].string { map[key] = fields[i + 1].string ?? "" }
            i += 2
        }
        guard let id = map["id"], let status = map["status"].flatMap(JobStatus.init(rawValue:)),
              let priority = map["priority"].flatMap(JobPriority.init(rawValue:)) else { return nil }
        func date(_ key: String) -> Date { Date(timeIntervalSince1970: (Double(map[key] ?? "0") ?? 0) / 1000) }
        var error: JobError?
        if let code = map["error_code"] { error = JobError(code: code, message: map["error_message"] ?? "") }
        return Job(id: id, payload: map["payload"] ?? "", priority: priority, status: status, attempts: Int(map["attempts"] ?? "0") ?? 0,
                   maxAttempts: Int(map["max_attempts"] ?? "0") ?? 0, progress: Int(map["progress"] ?? "0") ?? 0, stage: map["stage"],
                   stalls: Int(map["stalls"] ?? "0") ?? 0, createdAt: date("created_at"), updatedAt: date("updated_at"),
                   result: map["result"], error: error)
    }
}
