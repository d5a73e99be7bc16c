import Foundation
public import Geo

/// A tile source behind a ``TileCache``: fresh cached tiles are answered without a request, and when
/// several threads ask for the same missing tile at once only one fetches it while the others wait for
/// its answer (success or failure alike; a failure is not cached).
public final class CachedTileSource: SyncTileSource, @unchecked Sendable {
    // @unchecked: `inFlight` is guarded by `lock`; each waiter's result by its own condition.
    public let upstream: any SyncTileSource
    public let cache: TileCache
    private let lock = NSLock()
    private var inFlight: [TileID: Waiter] = [:]
    /// Requests that reached the upstream source (the rest were cache hits or joined another's fetch).
    public private(set) var upstreamRequests = 0

    private final class Waiter: @unchecked Sendable {
        // @unchecked: `result` is written once under `condition` before `done` is set.
        let condition = NSCondition()
        var done = false
        var result: Result<[UInt8]?, any Error> = .success(nil)
    }

    public init(_ upstream: any SyncTileSource, cache: TileCache) {
        self.upstream = upstream
        self.cache = cache
    }

    public var minZoom: Int { upstream.minZoom }
    public var maxZoom: Int { upstream.maxZoom }
    public var tileType: TileType { upstream.tileType }
    public var identifier: String { upstream.identifier }
    public var coverage: GeoBounds? { upstream.coverage }

    private func key(_ id: TileID) -> String { "\(upstream.identifier)#\(id.z)/\(id.x)/\(id.y)" }

    public func tileNow(_ id: TileID) throws -> [UInt8]? {
        let key = key(id)
        if let cached = cache.get(key) { return cached }
        let (waiter, leads) = lock.withLock { () -> (Waiter, Bool) in
            if let existing = inFlight[id] { return (existing, false) }
            let created = Waiter()
            inFlight[id] = created
            upstreamRequests += 1
            return (created, true)
        }
        if !leads {
            waiter.condition.lock()
            while !waiter.done { waiter.condition.wait() }
            waiter.condition.unlock()
            return try waiter.result.get()
        }
        let result: Result<[UInt8]?, any Error>
        do {
            let fetched = try upstream.fetchNow(id)
            if let bytes = fetched.bytes { cache.put(key, bytes, maxAge: fetched.maxAge) }
            result = .success(fetched.bytes)
        } catch {
            result = .failure(error)
        }
        lock.withLock { inFlight[id] = nil }
        waiter.condition.lock()
        waiter.result = result
        waiter.done = true
        waiter.condition.broadcast()
        waiter.condition.unlock()
        return try result.get()
    }
}
