import Foundation

/// The most recently used leaf directories of one archive, by their offset in the archive; bounded, so a
/// long-lived server reading many places does not grow without end. Safe to share between tasks.
final class LeafDirectoryCache: @unchecked Sendable {
    // @unchecked: every access to the mutable state below holds `lock`.
    private let lock = NSLock()
    private var slots: [UInt64: (directory: PMTilesDirectory, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    func directory(at offset: UInt64) -> PMTilesDirectory? {
        lock.withLock {
            guard let slot = slots[offset] else { return nil }
            clock += 1
            slots[offset] = (slot.directory, clock)
            return slot.directory
        }
    }

    func store(_ directory: PMTilesDirectory, at offset: UInt64) {
        lock.withLock {
            clock += 1
            if slots[offset] == nil && slots.count >= capacity,
               let oldest = slots.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                // A linear scan is fine: the cache holds tens of directories and misses cost a read anyway.
                slots[oldest] = nil
            }
            slots[offset] = (directory, clock)
        }
    }

    var count: Int { lock.withLock { slots.count } }
}
