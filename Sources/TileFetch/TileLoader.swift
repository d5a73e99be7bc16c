import Dispatch
import Foundation
public import Geo

/// Fetches every tile a poster needs at once, a bounded number at a time, within a deadline. A tile that
/// still fails after its retries fails the whole load with an error listing every failed tile, so that
/// no poster is drawn with holes in its map.
public struct TileLoader: Sendable {
    /// Requests in flight at once.
    public var concurrency: Int
    /// Seconds the whole load may take.
    public var deadline: Double

    public init(concurrency: Int = 16, deadline: Double = 60) {
        self.concurrency = max(1, concurrency)
        self.deadline = deadline
    }

    /// The bytes of each tile the source has (tiles it has none for are left out).
    /// - Throws: ``TileFetchError`` listing the tiles that failed, with each one's reason, or
    ///   ``TileFetchError/Code/deadline`` naming the tiles still outstanding when time ran out.
    public func load(_ ids: [TileID], from source: any SyncTileSource) throws(TileFetchError) -> [(TileID, [UInt8])] {
        guard !ids.isEmpty else { return [] }
        final class Results: @unchecked Sendable {
            // @unchecked: guarded by `lock`.
            let lock = NSLock()
            var tiles: [TileID: [UInt8]] = [:]
            /// Each failed tile with what went wrong and, for a ``TileFetchError``, its code.
            var failures: [(TileID, String, TileFetchError.Code?)] = []
            var finished = Set<TileID>()
            var next = 0
        }
        let results = Results()
        let group = DispatchGroup()
        // Threads of their own rather than a dispatch queue: the requests block, and dispatch adds threads
        // for blocked work only slowly, which would serialise the first round trips.
        let workers = min(concurrency, ids.count)
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while true {
                    let index: Int? = results.lock.withLock {
                        guard results.next < ids.count else { return nil }
                        results.next += 1
                        return results.next - 1
                    }
                    guard let index else { return }
                    let id = ids[index]
                    do {
                        let bytes = try source.tileNow(id)
                        results.lock.withLock {
                            if let bytes { results.tiles[id] = bytes }
                            results.finished.insert(id)
                        }
                    } catch {
                        results.lock.withLock {
                            results.failures.append((id, "\(error)", (error as? TileFetchError)?.code))
                            results.finished.insert(id)
                        }
                    }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        if group.wait(timeout: .now() + deadline) == .timedOut {
            let missing = results.lock.withLock { ids.filter { !results.finished.contains($0) } }
            throw TileFetchError(.deadline, "\(missing.count) of \(ids.count) tiles from \(source.identifier) did not arrive within \(Int(deadline)) s: "
                                 + missing.prefix(10).map(\.description).joined(separator: ", ") + (missing.count > 10 ? ", …" : ""))
        }
        let (tiles, failures) = results.lock.withLock { (results.tiles, results.failures) }
        if !failures.isEmpty {
            let sorted = failures.sorted { $0.0 < $1.0 }
            // Tiles that all came back as something other than tiles say nothing about the server being down.
            let allInvalid = failures.allSatisfy { $0.2 == .invalid || $0.2 == .configuration }
            throw TileFetchError(allInvalid ? .invalid : .failed, "\(failures.count) of \(ids.count) tiles failed, so the poster is not drawn: "
                                 + sorted.prefix(10).map { "\($0.0): \($0.1)" }.joined(separator: "; ") + (sorted.count > 10 ? "; …" : ""))
        }
        return ids.compactMap { id in tiles[id].map { (id, $0) } }
    }
}
