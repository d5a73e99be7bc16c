import Foundation
import HTTPTransport

/// The `WEBHOOK_*` settings: how `webhook_url`s are called when a job finishes.
public struct WebhookSettings: Sendable, Hashable {
    /// Seconds one delivery attempt may take.
    public var timeoutSeconds: Double = 15
    /// Attempts before a delivery is given up and recorded in the webhook dead letter list.
    public var maxAttempts: Int = 8
    /// First retry delay; each later one is `backoffFactor` times longer (5 s, 25 s, 2 min … 22 h: about
    /// 27 hours in all with the defaults).
    public var retryBaseSeconds: Double = 5
    public var backoffFactor: Double = 5
    /// Threads delivering webhooks in this process (0: deliveries wait for another instance).
    public var workers: Int = 2
    /// Private networks webhooks may reach anyway, as CIDRs (`10.0.0.0/8,127.0.0.1/32`). Empty by default:
    /// every private, loopback, link-local and CGNAT address is refused.
    public var allowedNetworks: [String] = []
    /// The signing secret (`whsec_…`) of jobs submitted without an API key (`AUTH=disabled`); nil generates
    /// one into `DATA_DIR/webhook-secret`.
    public var anonymousSecret: String?

    public init() {}

    static func read(_ reader: inout ConfigurationReader) throws(ConfigurationError) -> WebhookSettings {
        var w = WebhookSettings()
        w.timeoutSeconds = try reader.number("webhook_timeout_seconds", in: 1...300) ?? w.timeoutSeconds
        w.maxAttempts = try reader.integer("webhook_max_attempts", in: 1...50) ?? w.maxAttempts
        w.retryBaseSeconds = try reader.number("webhook_retry_base_seconds", in: 0...86_400) ?? w.retryBaseSeconds
        w.backoffFactor = try reader.number("webhook_backoff_factor", in: 1...100) ?? w.backoffFactor
        w.workers = try reader.integer("webhook_workers", in: 0...64) ?? w.workers
        if let networks = reader.string("webhook_allowed_networks") {
            w.allowedNetworks = networks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for network in w.allowedNetworks where !AddressPolicy.isValidRange(network) {
                throw ConfigurationError(key: "webhook_allowed_networks", "has \"\(network)\", which is not an address range like 10.0.0.0/8 or fd00::/8")
            }
        }
        if let secret = reader.string("webhook_secret"), !secret.isEmpty {
            guard WebhookSecret(secret) != nil else {
                throw ConfigurationError(key: "webhook_secret", "must be whsec_ followed by base64 of 24 to 64 bytes (cartopress keys create prints one)")
            }
            w.anonymousSecret = secret
        }
        return w
    }
}
