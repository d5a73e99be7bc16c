/// The queue's atomic operations as Lua scripts. Each runs inside Redis as one step, so a job is in exactly
/// one state set at every moment. Blocking commands are not allowed in scripts (Redis 7.0), so workers wait
/// on the wake list outside them. KEYS[1] is the key prefix; times are milliseconds.
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

    static let enqueue = """
    local p = KEYS[1]
    if ARGV[7] ~= '' then
      local existing = redis.call('GET', p..'idem:'..ARGV[7])
      if existing then return existing end
      redis.call('SET', p..'idem:'..ARGV[7], ARGV[1], 'EX', ARGV[8])
    end
    local seq = redis.call('INCR', p..'seq')
    redis.call('HSET', p..'job:'..ARGV[1], 'id', ARGV[1], 'payload', ARGV[2], 'priority', ARGV[4], 'rank', ARGV[3],
      'seq', seq, 'status', 'queued', 'attempts', 0, 'max_attempts', ARGV[6], 'progress', 0, 'stalls', 0,
      'created_at', ARGV[5], 'updated_at', ARGV[5])
    redis.call('ZADD', p..'queued', tonumber(ARGV[3]) * 1e13 + seq, ARGV[1])
    redis.call('LPUSH', p..'wake', 1)
    redis.call('LTRIM', p..'wake', 0, 99)
    return ARGV[1]
    """

    static let claim = promote + """

    local p = KEYS[1]
    local now = tonumber(ARGV[1])
    promote(p, now)
    local popped = redis.call('ZPOPMIN', p..'queued')
    if #popped == 0 then return false end
    local id = popped[1]
    local key = p..'job:'..id
    redis.call('HINCRBY', key, 'attempts', 1)
    redis.call('HSET', key, 'status', 'processing', 'lease_token', ARGV[3], 'worker', ARGV[4], 'updated_at', now)
    redis.call('ZADD', p..'processing', now + tonumber(ARGV[2]), id)
    return redis.call('HGETALL', key)
    """

    /// The lease check shared by heartbeat, progress, complete and fail.
    private static let holdsLease = """
    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    if redis.call('HGET', key, 'lease_token') ~= ARGV[2] or not redis.call('ZSCORE', p..'processing', id) then
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
    return 1
    """

    static let complete = holdsLease + """

    redis.call('ZREM', p..'processing', id)
    redis.call('ZADD', p..'completed', ARGV[3], id)
    redis.call('HSET', key, 'status', 'completed', 'result', ARGV[4], 'progress', 100, 'updated_at', ARGV[3])
    redis.call('HDEL', key, 'lease_token')
    redis.call('EXPIRE', key, ARGV[5])
    return 1
    """

    /// Completes a job and claims the next one in the same round trip, as busy workers do.
    static let completeAndClaim = promote + """

    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    if redis.call('HGET', key, 'lease_token') ~= ARGV[2] or not redis.call('ZSCORE', p..'processing', id) then
      return 0
    end
    redis.call('ZREM', p..'processing', id)
    redis.call('ZADD', p..'completed', ARGV[3], id)
    redis.call('HSET', key, 'status', 'completed', 'result', ARGV[4], 'progress', 100, 'updated_at', ARGV[3])
    redis.call('HDEL', key, 'lease_token')
    redis.call('EXPIRE', key, ARGV[5])
    local now = tonumber(ARGV[3])
    promote(p, now)
    local popped = redis.call('ZPOPMIN', p..'queued')
    if #popped == 0 then return 1 end
    local next = popped[1]
    local nextKey = p..'job:'..next
    redis.call('HINCRBY', nextKey, 'attempts', 1)
    redis.call('HSET', nextKey, 'status', 'processing', 'lease_token', ARGV[6], 'worker', ARGV[8], 'updated_at', now)
    redis.call('ZADD', p..'processing', now + tonumber(ARGV[7]), next)
    return redis.call('HGETALL', nextKey)
    """

    static let fail = holdsLease + """

    redis.call('ZREM', p..'processing', id)
    local attempts = tonumber(redis.call('HGET', key, 'attempts'))
    local max = tonumber(redis.call('HGET', key, 'max_attempts'))
    redis.call('HSET', key, 'error_code', ARGV[4], 'error_message', ARGV[5], 'updated_at', ARGV[3])
    redis.call('HDEL', key, 'lease_token')
    if ARGV[6] == '1' and attempts < max then
      redis.call('ZADD', p..'delayed', tonumber(ARGV[3]) + tonumber(ARGV[7]), id)
      redis.call('HSET', key, 'status', 'retrying')
      return 2
    end
    redis.call('ZADD', p..'failed', ARGV[3], id)
    redis.call('HSET', key, 'status', 'failed')
    redis.call('EXPIRE', key, ARGV[8])
    return 3
    """

    /// Gives a claimed job back unfinished (a worker shutting down): queued again at its old place, the
    /// attempt not counted.
    static let release = holdsLease + """

    redis.call('ZREM', p..'processing', id)
    redis.call('HDEL', key, 'lease_token')
    redis.call('HINCRBY', key, 'attempts', -1)
    local rank = tonumber(redis.call('HGET', key, 'rank'))
    local seq = tonumber(redis.call('HGET', key, 'seq'))
    redis.call('ZADD', p..'queued', rank * 1e13 + seq, id)
    redis.call('HSET', key, 'status', 'queued', 'progress', 0, 'updated_at', ARGV[3])
    redis.call('LPUSH', p..'wake', 1)
    return 1
    """

    static let cancel = """
    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    local status = redis.call('HGET', key, 'status')
    if not status then return -1 end
    if status == 'queued' then redis.call('ZREM', p..'queued', id)
    elseif status == 'retrying' then redis.call('ZREM', p..'delayed', id)
    elseif status == 'processing' then redis.call('ZREM', p..'processing', id)
    else return 0 end
    redis.call('ZADD', p..'cancelled', ARGV[2], id)
    redis.call('HSET', key, 'status', 'cancelled', 'updated_at', ARGV[2])
    redis.call('HDEL', key, 'lease_token')
    redis.call('EXPIRE', key, ARGV[3])
    return 1
    """

    static let requeue = """
    local p = KEYS[1]
    local id = ARGV[1]
    local key = p..'job:'..id
    if redis.call('ZREM', p..'failed', id) == 0 then return 0 end
    redis.call('PERSIST', key)
    local rank = tonumber(redis.call('HGET', key, 'rank'))
    local seq = tonumber(redis.call('HGET', key, 'seq'))
    redis.call('HSET', key, 'status', 'queued', 'attempts', 0, 'stalls', 0, 'updated_at', ARGV[2])
    redis.call('HDEL', key, 'error_code', 'error_message')
    redis.call('ZADD', p..'queued', rank * 1e13 + seq, id)
    redis.call('LPUSH', p..'wake', 1)
    return 1
    """

    static let reap = promote + """

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
