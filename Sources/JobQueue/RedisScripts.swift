/// The queue's atomic operations as Lua scripts. Each runs inside Redis as one step, so a job is in exactly
/// one state set at every moment. Blocking commands are not allowed in scripts (Redis 7.0), so workers wait
/// on the wake list outside them. KEYS[1] is the key prefix; times are milliseconds.
///
/// The scripts build their keys from KEYS[1] instead of declaring each, since some are known only inside
/// (the job hashes `promote` and `reap` move). Redis Cluster allows that while every key is in the declared
/// key's slot, which the hash-tagged prefix guarantees (``RedisKeyPrefix``); KEYS[1] routes the script there.
///
/// Every script may be sent twice: when the connection breaks after a script was written, the client
/// cannot know whether Redis ran it. So each script first asks its fencing token what happened — a claim
/// finds its own `claim:<token>` marker, a finish finds `finished_by == token` and answers what the first
/// run answered — and only then acts. Running any of them twice has the effect of running it once.
///
/// A job that asked for a notification (`notify` = 1) enters the outbox (`outbox`, in the order jobs end) in the
/// same script that ends it — completed, failed for good or cancelled — so that "job ended" and "webhook
/// owed" can never be separated by a crash; the service drains it (``JobQueue/pendingNotifications(limit:)``).
enum RedisScripts {
    /// Moves due retries back to the queue; shared by claim and reap.
    private static let promote = """
    local function promote(p, now)
      local due = redis.call('ZRANGEBYSCORE', p..'delayed', '-inf', now, 'LIMIT', 0, 100)
      for _, id in ipairs(due) do
        local key = p..'job:'..id
        redis.call('ZREM', p..'delayed', id)
        local rank = tonumber(redis.call('HGET', key, 'rank'))
        local seq = tonumber(redis.call('HGET', key, 'seq'))
        redis.call('ZADD', p..'queued', rank * 1e13 + seq, id)
        redis.call('HSET', key, 'status', 'queued', 'updated_at', now)
      end
    end

    """

    /// Puts an ended job into the outbox when it asked to be reported.
    private static let notify = """
    local function notify(p, key, id, now)
      if redis.call('HGET', key, 'notify') == '1' then redis.call('ZADD', p..'outbox', redis.call('INCR', p..'outbox_seq'), id) end
    end

    """

    /// Takes the next queued job for lease token `token`; the `claim:<token>` marker lets a resent claim
    /// return the job the first run took instead of taking a second one.
    private static let take = """
    local function take(p, now, lease, token, worker)
      local popped = redis.call('ZPOPMIN', p..'queued')
      if #popped == 0 then return false end
      local id = popped[1]
      local key = p..'job:'..id
      redis.call('HINCRBY', key, 'attempts', 1)
      redis.call('HSET', key, 'status', 'processing', 'lease_token', token, 'worker', worker, 'updated_at', now, 'progress', 0)
      redis.call('HDEL', key, 'stage')
      redis.call('ZADD', p..'processing', now + lease, id)
      redis.call('SET', p..'claim:'..token, id, 'PX', math.max(lease, 60000))
      return redis.call('HGETALL', key)
    end
    local function claimed(p, token)
      local prior = redis.call('GET', p..'claim:'..token)
      if not prior then return nil end
      local key = p..'job:'..prior
      if redis.call('HGET', key, 'lease_token') == token then return redis.call('HGETALL', key) end
      return false
    end

    """

    static let enqueue = """
    local p = KEYS[1]
    if redis.call('EXISTS', p..'job:'..ARGV[1]) == 1 then return ARGV[1] end
    if ARGV[7] ~= '' then
      local existing = redis.call('GET', p..'idem:'..ARGV[7])
      if existing then return existing end
      redis.call('SET', p..'idem:'..ARGV[7], ARGV[1], 'EX', ARGV[8])
    end
    local seq = redis.call('INCR', p..'seq')
    redis.call('HSET', p..'job:'..ARGV[1], 'id', ARGV[1], 'payload', ARGV[2], 'priority', ARGV[4], 'rank', ARGV[3],
      'seq', seq, 'status', 'queued', 'attempts', 0, 'max_attempts', ARGV[6], 'progress', 0, 'stalls', 0,
      'created_at', ARGV[5], 'updated_at', ARGV[5], 'notify', ARGV[9])
    redis.call('ZADD', p..'queued', tonumber(ARGV[3]) * 1e13 + seq, ARGV[1])
    redis.call('LPUSH', p..'wake', 1)
    redis.call('LTRIM', p..'wake', 0, 99)
    return ARGV[1]
    """

    static let claim = promote + take + """

    local p = KEYS[1]
    local now = tonumber(ARGV[1])
    local prior = claimed(p, ARGV[3])
    if prior ~= nil then return prior end
    promote(p, now)
    return take(p, now, tonumber(ARGV[2]), ARGV[3], ARGV[4])
    """

    /// The lease check shared by heartbeat and progress.
    private static let holdsLease = """
    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    if redis.call('HGET', key, 'lease_token') ~= ARGV[2] or not redis.call('ZSCORE', p..'processing', id) then
      return 0
    end

    """

    /// The lease check of the scripts that end an attempt: one that already ended it with this token (a
    /// resent script) answers what it answered then.
    private static let holdsLeaseOrFinished = """
    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    if redis.call('HGET', key, 'lease_token') ~= ARGV[2] or not redis.call('ZSCORE', p..'processing', id) then
      if redis.call('HGET', key, 'finished_by') == ARGV[2] then return tonumber(redis.call('HGET', key, 'finish_outcome')) end
      return 0
    end

    """

    static let heartbeat = holdsLease + """

    redis.call('ZADD', p..'processing', tonumber(ARGV[3]) + tonumber(ARGV[4]), id)
    redis.call('HSET', key, 'updated_at', ARGV[3])
    return 1
    """

    static let progress = holdsLease + """

    redis.call('HSET', key, 'progress', ARGV[4], 'updated_at', ARGV[3])
    if ARGV[5] ~= '' then redis.call('HSET', key, 'stage', ARGV[5]) end
    return 1
    """

    /// Marks the job completed by lease `token`; shared by complete and completeAndClaim.
    private static let completeJob = notify + """

    local function completeJob(p, key, id, token, now, result, ttl)
      redis.call('ZREM', p..'processing', id)
      redis.call('ZADD', p..'completed', now, id)
      redis.call('HSET', key, 'status', 'completed', 'result', result, 'progress', 100, 'updated_at', now,
        'finished_by', token, 'finish_outcome', 1)
      redis.call('HDEL', key, 'lease_token')
      redis.call('EXPIRE', key, ttl)
      notify(p, key, id, now)
    end

    """

    static let complete = completeJob + holdsLeaseOrFinished + """

    completeJob(p, key, id, ARGV[2], ARGV[3], ARGV[4], ARGV[5])
    return 1
    """

    /// Completes a job and claims the next one in the same round trip, as busy workers do. ARGV[6] is the
    /// next lease's token: a resent script that finds it already used returns that claim.
    static let completeAndClaim = promote + take + completeJob + """

    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    local prior = claimed(p, ARGV[6])
    if prior ~= nil then return prior end
    if redis.call('HGET', key, 'lease_token') == ARGV[2] and redis.call('ZSCORE', p..'processing', id) then
      completeJob(p, key, id, ARGV[2], ARGV[3], ARGV[4], ARGV[5])
    elseif redis.call('HGET', key, 'finished_by') == ARGV[2] then
      -- A resend whose first run completed the job and found nothing to claim.
      return 1
    else
      return 0
    end
    local now = tonumber(ARGV[3])
    promote(p, now)
    local next = take(p, now, tonumber(ARGV[7]), ARGV[6], ARGV[8])
    if not next then return 1 end
    return next
    """

    /// ARGV[6]: 0 for good, 1 retry while attempts remain, 2 a dependency is unavailable: retried without
    /// using an attempt, with capped backoff (ARGV[10] base ms × ARGV[11]^n, at most ARGV[12] ms, times
    /// ARGV[13] for jitter) until the outage has lasted ARGV[9] ms; after that it counts as 1.
    static let fail = notify + holdsLeaseOrFinished + """

    redis.call('ZREM', p..'processing', id)
    local now = tonumber(ARGV[3])
    local attempts = tonumber(redis.call('HGET', key, 'attempts'))
    local max = tonumber(redis.call('HGET', key, 'max_attempts'))
    redis.call('HSET', key, 'error_code', ARGV[4], 'error_message', ARGV[5], 'updated_at', ARGV[3], 'finished_by', ARGV[2])
    redis.call('HDEL', key, 'lease_token')
    if ARGV[6] == '2' then
      local since = tonumber(redis.call('HGET', key, 'outage_since') or ARGV[3])
      if now - since <= tonumber(ARGV[9]) then
        local outages = redis.call('HINCRBY', key, 'outages', 1)
        redis.call('HINCRBY', key, 'attempts', -1)
        local delay = math.min(tonumber(ARGV[12]), tonumber(ARGV[10]) * math.pow(tonumber(ARGV[11]), outages - 1)) * tonumber(ARGV[13])
        redis.call('ZADD', p..'delayed', now + delay, id)
        redis.call('HSET', key, 'status', 'retrying', 'outage_since', since, 'finish_outcome', 2)
        return 2
      end
    end
    if ARGV[6] ~= '0' and attempts < max then
      redis.call('ZADD', p..'delayed', now + tonumber(ARGV[7]), id)
      redis.call('HSET', key, 'status', 'retrying', 'finish_outcome', 2)
      return 2
    end
    redis.call('ZADD', p..'failed', ARGV[3], id)
    redis.call('HSET', key, 'status', 'failed', 'finish_outcome', 3)
    redis.call('EXPIRE', key, ARGV[8])
    notify(p, key, id, ARGV[3])
    return 3
    """

    /// Gives a claimed job back unfinished (a worker shutting down): queued again at its old place, the
    /// attempt not counted.
    static let release = holdsLeaseOrFinished + """

    redis.call('ZREM', p..'processing', id)
    redis.call('HDEL', key, 'lease_token')
    redis.call('HINCRBY', key, 'attempts', -1)
    local rank = tonumber(redis.call('HGET', key, 'rank'))
    local seq = tonumber(redis.call('HGET', key, 'seq'))
    redis.call('ZADD', p..'queued', rank * 1e13 + seq, id)
    redis.call('HSET', key, 'status', 'queued', 'progress', 0, 'updated_at', ARGV[3], 'finished_by', ARGV[2], 'finish_outcome', 1)
    redis.call('HDEL', key, 'stage')
    redis.call('LPUSH', p..'wake', 1)
    return 1
    """

    /// ARGV[4] is the request's token: a resent cancel that finds it answers 1 as the first run did.
    static let cancel = notify + """

    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    local status = redis.call('HGET', key, 'status')
    if not status then return -1 end
    if redis.call('HGET', key, 'cancelled_by') == ARGV[4] then return 1 end
    if status == 'queued' then redis.call('ZREM', p..'queued', id)
    elseif status == 'retrying' then redis.call('ZREM', p..'delayed', id)
    elseif status == 'processing' then redis.call('ZREM', p..'processing', id)
    else return 0 end
    redis.call('ZADD', p..'cancelled', ARGV[2], id)
    redis.call('HSET', key, 'status', 'cancelled', 'updated_at', ARGV[2], 'cancelled_by', ARGV[4])
    redis.call('HDEL', key, 'lease_token')
    redis.call('EXPIRE', key, ARGV[3])
    notify(p, key, id, ARGV[2])
    return 1
    """

    /// Deletes an ended job: its record, its place in its state's set and in the outbox. 1 if deleted.
    static let purge = """
    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    local status = redis.call('HGET', key, 'status')
    if status ~= 'completed' and status ~= 'failed' and status ~= 'cancelled' then return 0 end
    redis.call('ZREM', p..status, id)
    redis.call('ZREM', p..'outbox', id)
    redis.call('DEL', key)
    return 1
    """

    /// ARGV[3] is the request's token, as for cancel.
    static let requeue = """
    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    if redis.call('HGET', key, 'requeued_by') == ARGV[3] then return 1 end
    if redis.call('ZREM', p..'failed', id) == 0 then return 0 end
    redis.call('PERSIST', key)
    local rank = tonumber(redis.call('HGET', key, 'rank'))
    local seq = tonumber(redis.call('HGET', key, 'seq'))
    redis.call('HSET', key, 'status', 'queued', 'attempts', 0, 'stalls', 0, 'outages', 0, 'updated_at', ARGV[2], 'requeued_by', ARGV[3])
    redis.call('HDEL', key, 'error_code', 'error_message', 'outage_since')
    redis.call('ZADD', p..'queued', rank * 1e13 + seq, id)
    redis.call('LPUSH', p..'wake', 1)
    return 1
    """

    static let reap = promote + notify + """

    local p = KEYS[1]
    local now = tonumber(ARGV[1])
    local limit = tonumber(ARGV[2])
    local expired = redis.call('ZRANGEBYSCORE', p..'processing', '-inf', now, 'LIMIT', 0, 1000)
    for _, id in ipairs(expired) do
      local key = p..'job:'..id
      redis.call('ZREM', p..'processing', id)
      redis.call('HDEL', key, 'lease_token')
      local stalls = redis.call('HINCRBY', key, 'stalls', 1)
      if stalls > limit then
        redis.call('ZADD', p..'failed', now, id)
        redis.call('HSET', key, 'status', 'failed', 'error_code', 'stalled',
          'error_message', 'the worker stopped renewing its lease ' .. stalls .. ' times', 'updated_at', now)
        redis.call('EXPIRE', key, ARGV[3])
        notify(p, key, id, now)
      else
        local rank = tonumber(redis.call('HGET', key, 'rank'))
        local seq = tonumber(redis.call('HGET', key, 'seq'))
        redis.call('ZADD', p..'queued', rank * 1e13 + seq, id)
        redis.call('HSET', key, 'status', 'queued', 'updated_at', now)
        redis.call('LPUSH', p..'wake', 1)
      end
    end
    promote(p, now)
    local cutoff = now - tonumber(ARGV[3]) * 1000
    for _, state in ipairs({'completed', 'failed', 'cancelled'}) do
      redis.call('ZREMRANGEBYSCORE', p..state, '-inf', cutoff)
    end
    return #expired
    """
}
