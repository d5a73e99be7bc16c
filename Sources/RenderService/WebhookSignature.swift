import Foundation

/// The three headers of a Standard Webhooks delivery: `webhook-id` (the same on every attempt, so a
/// receiver can drop duplicates), `webhook-timestamp` (this attempt's time, in seconds) and
/// `webhook-signature`, one `v1,…` per active secret separated by single spaces.
public enum WebhookSignature {
    public static func headers(id: String, timestamp: Int, body: [UInt8], secrets: [WebhookSecret]) -> [(name: String, value: String)] {
        [
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", secrets.map { $0.signature(id: id, timestamp: timestamp, body: body) }.joined(separator: " ")),
        ]
    }
}
