public import Foundation

/// Raw tiles kept in memory (least recently used first out, bounded in bytes) and on disk (one file per
/// tile, named by a hash of its key, written whole by rename, bounded in bytes and age). Only tiles that
/// arrived whole are stored: failures and error pages never reach it.
public final class TileCache: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.
    public struct Configuration: Sendable, Hashable {
        /// Bytes of tiles kept in memory.
        public var memoryBytes: Int = 256 << 20
        /// The disk cache's directory; nil keeps tiles in memory only.
        public var directory: String?
        /// Bytes of tiles kept on disk; the oldest-used go first beyond it.
        public var diskBytes: Int = 2 << 30
        /// How long a tile stays fresh when its server did not say (seconds).
        public var defaultMaxAge: Double = 7 * 24 * 3600
        /// The longest a tile is kept, whatever its server said (seconds).
        public var maxAge: Double = 30 * 24 * 3600

        public init(memoryBytes: Int = 256 << 20, directory: String? = nil, diskBytes: Int = 2 << 30,
                    defaultMaxAge: Double = 7 * 24 * 3600, maxAge: Double = 30 * 24 * 3600) {
            self.memoryBytes = memoryBytes
            self.directory = directory
            self.diskBytes = diskBytes
            self.defaultMaxAge = defaultMaxAge
            self.maxAge = maxAge
        }
    }

    public let configuration: Configuration
    private let lock = NSLock()
    private var memory: [String: (bytes: [UInt8], expires: Double, tick: UInt64)] = [:]
    private var memoryUsed = 0
    private var tick: UInt64 = 0
    private var diskUsed = 0
    private let now: @Sendable () -> Double

    /// Counters for tests, metrics and benchmarks.
    public private(set) var hits = 0, misses = 0, diskHits = 0

    /// - Throws: ``TileFetchError/Code/configuration`` when the directory cannot be created.
    public init(_ configuration: Configuration, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws(TileFetchError) {
        self.configuration = configuration
        self.now = now
        if let directory = configuration.directory {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw TileFetchError(.configuration, "cannot create the tile cache directory \(directory): \(error.localizedDescription)")
            }
            diskUsed = cleanUp()
        }
    }

    /// The cached bytes for `key` if they are still fresh, from memory or else from disk.
    public func get(_ key: String) -> [UInt8]? {
        let t = now()
        let fromMemory: [UInt8]? = lock.withLock {
            tick += 1
            guard let entry = memory[key] else { return nil }
            guard entry.expires > t else {
                memory[key] = nil
                memoryUsed -= entry.bytes.count
                return nil
            }
            memory[key] = (entry.bytes, entry.expires, tick)
            hits += 1
            return entry.bytes
        }
        if let fromMemory { return fromMemory }
        if let (bytes, expires) = readFile(key), expires > t {
            lock.withLock { diskHits += 1; hits += 1 }
            remember(key, bytes, expires: expires)
            return bytes
        }
        lock.withLock { misses += 1 }
        return nil
    }

    /// Stores a tile that arrived whole; `maxAge` from its `Cache-Control` (0 stores nothing, nil the
    /// default), capped by the configuration's maximum.
    public func put(_ key: String, _ bytes: [UInt8], maxAge: Double?) {
        let age = min(maxAge ?? configuration.defaultMaxAge, configuration.maxAge)
        guard age > 0 else { return }
        let expires = now() + age
        remember(key, bytes, expires: expires)
        writeFile(key, bytes, expires: expires)
    }

    private func remember(_ key: String, _ bytes: [UInt8], expires: Double) {
        guard bytes.count <= configuration.memoryBytes else { return }
        lock.withLock {
            tick += 1
            if let old = memory[key] { memoryUsed -= old.bytes.count }
            memory[key] = (bytes, expires, tick)
            memoryUsed += bytes.count
            guard memoryUsed > configuration.memoryBytes else { return }
            // Evict the least recently used down to 90% of the budget, in one sort.
            for (k, entry) in memory.sorted(by: { $0.value.tick < $1.value.tick }) {
                guard memoryUsed > configuration.memoryBytes * 9 / 10 else { break }
                memory[k] = nil
                memoryUsed -= entry.bytes.count
            }
        }
    }

    // MARK: disk

    /// A file name from the key: two 64-bit FNV-1a hashes; the key itself is stored in the file and
    /// checked on reading, so a collision is a miss, never a wrong tile.
    static func fileName(_ key: String) -> String {
        var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4
        for byte in key.utf8 {
            a = (a ^ UInt64(byte)) &* 0x100000001b3
            b = (b ^ UInt64(byte)) &* 0x100000001b3 ^ 0x9e3779b97f4a7c15
        }
        return String(format: "%016llx%016llx.tile", a, b)
    }

    private static let magic: [UInt8] = Array("CPT1".utf8)

    private func path(_ key: String) -> String? {
        configuration.directory.map { ($0 as NSString).appendingPathComponent(Self.fileName(key)) }
    }

    private func readFile(_ key: String) -> ([UInt8], Double)? {
        guard let path = path(key), let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let keyBytes = Array(key.utf8)
        let headerLength = 4 + 8 + 4 + keyBytes.count
        guard bytes.count >= headerLength, Array(bytes[0..<4]) == Self.magic else { return nil }
        var expiresBits: UInt64 = 0
        for i in 0..<8 { expiresBits |= UInt64(bytes[4 + i]) << (8 * i) }
        var keyLength = 0
        for i in 0..<4 { keyLength |= Int(bytes[12 + i]) << (8 * i) }
        guard keyLength == keyBytes.count, Array(bytes[16..<(16 + keyLength)]) == keyBytes else { return nil }
        // Reading counts as use: the clean-up removes the least recently used first.
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
        return (Array(bytes[headerLength...]), Double(bitPattern: expiresBits))
    }

    private func writeFile(_ key: String, _ bytes: [UInt8], expires: Double) {
        guard let path = path(key) else { return }
        let keyBytes = Array(key.utf8)
        var file = Self.magic
        file.reserveCapacity(16 + keyBytes.count + bytes.count)
        let bits = expires.bitPattern
        for i in 0..<8 { file.append(UInt8(truncatingIfNeeded: bits >> (8 * i))) }
        for i in 0..<4 { file.append(UInt8(truncatingIfNeeded: keyBytes.count >> (8 * i))) }
        file += keyBytes
        file += bytes
        // Written beside the final name and renamed over it: a reader sees the old file or the new, whole.
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(file)) else { return }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
        let over = lock.withLock { () -> Bool in
            diskUsed += file.count
            return diskUsed > configuration.diskBytes
        }
        if over {
            let used = cleanUp()
            lock.withLock { diskUsed = used }
        }
    }

    /// Removes expired tiles, leftovers of interrupted writes, and the least recently used beyond the disk
    /// budget (down to 90% of it). Returns the bytes left. Runs at start and whenever the budget is passed.
    @discardableResult
    public func cleanUp() -> Int {
        guard let directory = configuration.directory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        let t = now()
        var kept: [(path: String, size: Int, used: Date)] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let used = attributes[.modificationDate] as? Date ?? Date.distantPast
            if name.hasSuffix(".tmp") {
                // Another writer may be mid-way: only leftovers older than a minute are removed.
                if t - used.timeIntervalSince1970 > 60 { unlink(path) }
                continue
            }
            guard name.hasSuffix(".tile") else { continue }
            if let expires = Self.expiry(path), expires <= t {
                unlink(path)
                continue
            }
            kept.append((path, size, used))
        }
        var total = kept.reduce(0) { $0 + $1.size }
        if total > configuration.diskBytes {
            for entry in kept.sorted(by: { $0.used < $1.used }) {
                guard total > configuration.diskBytes * 9 / 10 else { break }
                unlink(entry.path)
                total -= entry.size
            }
        }
        return total
    }

    private static func expiry(_ path: String) -> Double? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 12), head.count == 12, Array(head.prefix(4)) == magic else { return 0 }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(head[head.startIndex + 4 + i]) << (8 * i) }
        return Double(bitPattern: bits)
    }
}
