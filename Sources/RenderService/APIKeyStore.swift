public import Foundation
public import JobQueue

/// Where API key records live: Redis when the service has one (shared by every instance), else a JSON file.
public protocol APIKeyStore: Sendable {
    func record(prefix: String) throws(APIError) -> APIKeyRecord?
    func save(_ record: APIKeyRecord) throws(APIError)
    func all() throws(APIError) -> [APIKeyRecord]
}

extension APIKeyStore {
    /// Marks a key revoked; false if no key has that prefix.
    public func revoke(prefix: String, now: Date = Date()) throws(APIError) -> Bool {
        guard var record = try record(prefix: prefix) else { return false }
        if record.revokedAt == nil { record.revokedAt = now }
        try save(record)
        return true
    }
}

/// Key records in one Redis hash, `<prefix>apikeys`, field = key prefix.
public final class RedisAPIKeyStore: APIKeyStore {
    private let redis: RedisConnection
    private let key: String

    public init(redis: RedisConnection, prefix: String) {
        self.redis = redis
        key = prefix + "apikeys"
    }

    public func record(prefix: String) throws(APIError) -> APIKeyRecord? {
        let value = try run { () throws(RedisError) in try redis.command(["HGET", key, prefix]) }
        guard let json = value.string else { return nil }
        return try? Self.decoder.decode(APIKeyRecord.self, from: Data(json.utf8))
    }

    public func save(_ record: APIKeyRecord) throws(APIError) {
        let json = String(decoding: (try? Self.encoder.encode(record)) ?? Data(), as: UTF8.self)
        _ = try run { () throws(RedisError) in try redis.command(["HSET", key, record.prefix, json]) }
    }

    public func all() throws(APIError) -> [APIKeyRecord] {
        let value = try run { () throws(RedisError) in try redis.command(["HGETALL", key]) }
        let items = value.array ?? []
        return stride(from: 1, to: items.count, by: 2).compactMap { i in
            items[i].string.flatMap { try? Self.decoder.decode(APIKeyRecord.self, from: Data($0.utf8)) }
        }.sorted { $0.createdAt < $1.createdAt }
    }

    private func run<R>(_ body: () throws(RedisError) -> R) throws(APIError) -> R {
        do { return try body() } catch { throw APIError.unavailable("the key store (Redis) is unavailable: \(error.message)") }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}

/// Key records in a JSON file (mode 0600), for a service without Redis.
public final class FileAPIKeyStore: APIKeyStore, @unchecked Sendable {
    // @unchecked: the file is only read and written under `lock`.
    public let path: String
    private let lock = NSLock()

    public init(path: String) {
        self.path = path
    }

    public func record(prefix: String) throws(APIError) -> APIKeyRecord? {
        try all().first { $0.prefix == prefix }
    }

    public func save(_ record: APIKeyRecord) throws(APIError) {
        lock.lock()
        defer { lock.unlock() }
        var records = try readLocked().filter { $0.prefix != record.prefix }
        records.append(record)
        let data = (try? RedisAPIKeyStore.encoder.encode(records)) ?? Data()
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw APIError.unavailable("cannot write the key file \(path): \(error.localizedDescription)")
        }
    }

    public func all() throws(APIError) -> [APIKeyRecord] {
        lock.lock()
        defer { lock.unlock() }
        return try readLocked()
    }

    private func readLocked() throws(APIError) -> [APIKeyRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            return try RedisAPIKeyStore.decoder.decode([APIKeyRecord].self, from: data)
        } catch {
            throw APIError.unavailable("the key file \(path) is unreadable: \(error); restore it or move it away and create new keys")
        }
    }
}
