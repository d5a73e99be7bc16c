import Crypto
public import Foundation

/// An API key as stored: never the key itself, only its public prefix and a peppered hash of it.
public struct APIKeyRecord: Codable, Sendable, Equatable {
    /// The public part of the key (`cpk_` and 12 hex digits), used to look the key up; safe to log.
    public var prefix: String
    public var name: String
    /// Hex HMAC-SHA256 of the whole key under the server's pepper.
    public var hash: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// The secrets its jobs' webhooks are signed with: one, or two during a rotation. Absent in records made
    /// before webhooks were signed: such a key's webhooks are not sent (never unsigned) until
    /// `cartopress keys rotate-webhook-secret` gives it one.
    public var webhookSecrets: [WebhookSecretRecord]?
    /// What the key may do beyond ordering posters: `admin` lists, requeues and purges every key's jobs
    /// over HTTP. Absent in ordinary keys and in records made before scopes existed.
    public var scopes: [String]?
    /// This key's requests per minute; nil uses the service's `RATE_LIMIT_PER_MINUTE`.
    public var rateLimitPerMinute: Int?
    /// Whether a JSON request from this key that sends no `Prefer` waits for its poster and answers `200`
    /// as carto-art did (for its SDK and MCP tool, which cannot send `Prefer`); nil uses `COMPAT_SYNC_JSON`.
    public var syncJSON: Bool?

    public var isActive: Bool { revokedAt == nil }
    /// Whether the key may operate on every key's jobs.
    public var isAdmin: Bool { scopes?.contains(APIKeyRecord.adminScope) ?? false }
    public static let adminScope = "admin"

    /// The secrets in force at `now`, newest first.
    public func activeWebhookSecrets(at now: Date) -> [WebhookSecret] {
        (webhookSecrets ?? []).filter { $0.isActive(at: now) }.sorted { $0.createdAt > $1.createdAt }.compactMap { WebhookSecret($0.secret) }
    }

    /// Starts a rotation: a new secret, and the ones in force now kept for `overlap` seconds more.
    public mutating func rotateWebhookSecret(now: Date, overlap: Double) -> WebhookSecret {
        let fresh = WebhookSecret.generate()
        var kept = (webhookSecrets ?? []).filter { $0.isActive(at: now) }
        for i in kept.indices { kept[i].retiresAt = min(kept[i].retiresAt ?? .distantFuture, now.addingTimeInterval(overlap)) }
        webhookSecrets = [WebhookSecretRecord(secret: fresh.text, createdAt: now)] + kept
        return fresh
    }
}
