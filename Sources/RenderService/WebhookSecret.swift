import Crypto
public import Foundation

/// A webhook signing secret in the Standard Webhooks form: `whsec_` and the base64 of the key bytes.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible {
    /// The whole secret, `whsec_…`, as handed to the customer.
    public let text: String
    let key: [UInt8]

    /// Parses a secret; nil unless it is `whsec_` and standard base64 of 24 to 64 bytes.
    public init?(_ text: String) {
        guard text.hasPrefix("whsec_") else { return nil }
        var encoded = String(text.dropFirst("whsec_".count))
        guard !encoded.isEmpty, encoded.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=") }) else {
            return nil
        }
        // Receivers accept unpadded secrets; so do we.
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded), (24...64).contains(data.count) else { return nil }
        self.text = text
        key = Array(data)
    }

    /// A new random secret of 24 bytes (192 bits), as the Standard Webhooks libraries make them.
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return WebhookSecret("whsec_" + Data(bytes).base64EncodedString())!
    }

    /// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
    public func signature(id: String, timestamp: Int, body: [UInt8]) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// Never prints the secret itself.
    public var description: String { "whsec_…(\(key.count) bytes)" }
}

/// A secret as stored with its API key. During a rotation the old secret is kept until `retiresAt`, and
/// every delivery carries both signatures, so receivers can switch over without missing a message.
public struct WebhookSecretRecord: Codable, Sendable, Equatable {
    public var secret: String
    public var createdAt: Date
    public var retiresAt: Date?

    public init(secret: String, createdAt: Date, retiresAt: Date? = nil) {
        self.secret = secret
        self.createdAt = createdAt
        self.retiresAt = retiresAt
    }

    public func isActive(at now: Date) -> Bool { retiresAt.map { $0 > now } ?? true }
}
