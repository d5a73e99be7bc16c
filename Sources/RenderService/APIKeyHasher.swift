import Crypto
public import Foundation

/// Makes and checks API keys. A key reads `cpk_<12 hex>_<43 base64url>`; the first two parts are its
/// prefix (stored and shown), the last its 256-bit secret (shown once, at creation).
public struct APIKeyHasher: Sendable {
    private let pepper: [UInt8]

    public init(pepper: String) {
        self.pepper = Array(pepper.utf8)
    }

    /// A new random key and the record that stores it.
    public func makeKey(name: String, now: Date = Date()) -> (key: String, record: APIKeyRecord) {
        var generator = SystemRandomNumberGenerator()
        let prefixBytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let prefix = "cpk_" + prefixBytes.map { String(format: "%02x", $0) }.joined()
        let secret = Data(secretBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let key = "\(prefix)_\(secret)"
        let signing = WebhookSecret.generate()
        return (key, APIKeyRecord(prefix: prefix, name: name, hash: hash(key), createdAt: now, revokedAt: nil,
                                  webhookSecrets: [WebhookSecretRecord(secret: signing.text, createdAt: now)]))
    }

    /// The prefix of a well-formed key, or nil.
    public static func prefix(of key: String) -> String? {
        let parts = key.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "cpk", parts[1].count == 12, parts[1].allSatisfy(\.isHexDigit),
              (20...100).contains(parts[2].count) else { return nil }
        return "cpk_\(parts[1])"
    }

    public func hash(_ key: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(key.utf8), using: SymmetricKey(data: pepper)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `key` is the one `record` stores, compared in constant time.
    public func matches(_ key: String, _ record: APIKeyRecord) -> Bool {
        let computed = Array(hash(key).utf8), stored = Array(record.hash.utf8)
        guard computed.count == stored.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<computed.count { difference |= computed[i] ^ stored[i] }
        return difference == 0
    }
}
