public import Foundation

/// Snapshot of the pool for metrics and `/readyz`.
public struct PoolStatistics: Sendable, Equatable {
    public var capacity: Int
    public var live: Int
    public var inUse: Int
    public var idle: Int
    public var created: Int
    public var recycled: Int
    public var released: Int
}

/// Render contexts, pre-warmed at start and lent to one render at a time. The pool holds at most
/// `capacity` contexts (`min(max_contexts, memory_budget / bytes_per_context)`), recycles a context after
/// `recycleAfter` renders and releases contexts idle for `idleTimeout` down to `minIdle`.
public final class RenderContextPool: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    public let capacity: Int
    public let recycleAfter: Int
    public let minIdle: Int
    public let idleTimeout: Double
    private let factory: @Sendable (Int) throws -> RenderContext
    private let condition = NSCondition()
    private var idle: [RenderContext] = []
    private var live = 0
    private var inUse = 0
    private var created = 0
    private var recycled = 0
    private var released = 0

    public init(capacity: Int, recycleAfter: Int, minIdle: Int, idleTimeout: Double,
                factory: @escaping @Sendable (Int) throws -> RenderContext) {
        self.capacity = max(1, capacity)
        self.recycleAfter = max(1, recycleAfter)
        self.minIdle = min(max(0, minIdle), max(1, capacity))
        self.idleTimeout = idleTimeout
        self.factory = factory
    }

    /// Creates every context now, so that the first requests do not pay for loading fonts.
    public func prewarm() throws {
        for _ in 0..<capacity {
            let context = try make()
            condition.lock()
            idle.append(context)
            condition.unlock()
        }
    }

    private func make() throws -> RenderContext {
        condition.lock()
        created += 1
        live += 1
        let id = created
        condition.unlock()
        do {
            return try factory(id)
        } catch {
            condition.lock()
            live -= 1
            condition.broadcast()
            condition.unlock()
            throw error
        }
    }

    /// Lends a context, waiting up to `timeout` seconds for one; nil if none came free.
    public func checkout(timeout: Double) throws -> RenderContext? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        while true {
            if let context = idle.popLast() {
                inUse += 1
                condition.unlock()
                return context
            }
            if live < capacity {
                condition.unlock()
                let context = try make()
                condition.lock()
                inUse += 1
                condition.unlock()
                return context
            }
            guard condition.wait(until: deadline) else {
                condition.unlock()
                return nil
            }
        }
    }

    /// Returns a context after a render; it is dropped instead once it has done `recycleAfter` renders.
    public func checkin(_ context: RenderContext) {
        context.renders += 1
        context.lastUsed = Date()
        condition.lock()
        inUse -= 1
        if context.renders >= recycleAfter {
            live -= 1
            recycled += 1
        } else {
            idle.append(context)
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` with a lent context.
    public func withContext<R>(timeout: Double, _ body: (RenderContext) throws -> R) throws -> R? {
        guard let context = try checkout(timeout: timeout) else { return nil }
        defer { checkin(context) }
        return try body(context)
    }

    /// Releases contexts idle longer than `idleTimeout`, keeping at least `minIdle`. Returns how many.
    @discardableResult
    public func trimIdle(now: Date = Date()) -> Int {
        condition.lock()
        defer { condition.unlock() }
        var dropped = 0
        // Oldest first: the most recently used contexts stay warm.
        idle.sort { $0.lastUsed > $1.lastUsed }
        while idle.count > minIdle, let oldest = idle.last, now.timeIntervalSince(oldest.lastUsed) >= idleTimeout {
            idle.removeLast()
            live -= 1
            dropped += 1
        }
        released += dropped
        return dropped
    }

    public var statistics: PoolStatistics {
        condition.lock()
        defer { condition.unlock() }
        return PoolStatistics(capacity: capacity, live: live, inUse: inUse, idle: idle.count, created: created,
                              recycled: recycled, released: released)
    }
}
