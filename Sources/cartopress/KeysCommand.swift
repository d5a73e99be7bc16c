import ArgumentParser
import Foundation
import RenderService

/// `cartopress keys create|list|revoke`: API keys in the service's key store (Redis, or the data directory).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys (stored as peppered hashes; a key is shown once, at creation).",
        subcommands: [Create.self, List.self, Update.self, Revoke.self, WebhookSecretCommand.self, RotateWebhookSecret.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a key and print it once.")
        @Option(help: "Who or what the key is for.")
        var name: String
        @Flag(help: "Let the key list, requeue and purge every key's jobs over HTTP (/api/v1/admin/jobs).")
        var admin = false
        @Option(name: .customLong("rate-limit"), help: "This key's requests per minute (default: CARTOPRESS_RATE_LIMIT_PER_MINUTE).")
        var rateLimit: Int?
        @Flag(name: .customLong("sync-json"), inversion: .prefixedNo,
              help: "Whether its JSON requests without Prefer wait for the poster and answer 200 as carto-art did (default: CARTOPRESS_COMPAT_SYNC_JSON). For carto-art's SDK and MCP tool.")
        var syncJSON: Bool?

        func run() throws {
            if let rateLimit, !(1...1_000_000).contains(rateLimit) { throw ValidationError("--rate-limit must be 1 to 1000000 requests per minute") }
            let access = try KeyAccess()
            var (key, record) = access.hasher.makeKey(name: name)
            record.scopes = admin ? [APIKeyRecord.adminScope] : nil
            record.rateLimitPerMinute = rateLimit
            record.syncJSON = syncJSON
            try access.store.save(record)
            print(key)
            let secret = record.activeWebhookSecrets(at: Date()).first?.text ?? ""
            FileHandle.standardError.write(Data("""
                created \(record.prefix) for "\(name)"; store the key now, it is not shown again
                its webhooks are signed with \(secret) ('cartopress keys webhook-secret \(record.prefix)' shows it again)

                """.utf8))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys by prefix (never the keys themselves).")
        func run() throws {
            let access = try KeyAccess()
            let formatter = ISO8601DateFormatter()
            for record in try access.store.all() {
                let state = record.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                print("\(record.prefix)  \(formatter.string(from: record.createdAt))  \(state)  \(record.name)  (\(KeysCommand.summary(record)))")
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a key's scope, rate limit or waiting (what is not given stays).")
        @Argument(help: "The key's prefix, as 'keys list' shows it, or the whole key.")
        var prefix: String
        @Flag(inversion: .prefixedNo, help: "Give or take the admin scope.")
        var admin: Bool?
        @Option(name: .customLong("rate-limit"), help: "Requests per minute for this key; 0 for the service's default.")
        var rateLimit: Int?
        @Flag(name: .customLong("sync-json"), inversion: .prefixedNo, help: "Whether its JSON requests without Prefer wait for the poster.")
        var syncJSON: Bool?

        func run() throws {
            if let rateLimit, !(0...1_000_000).contains(rateLimit) { throw ValidationError("--rate-limit must be 0 (the default) to 1000000") }
            let access = try KeyAccess()
            let id = APIKeyHasher.prefix(of: prefix) ?? prefix
            guard var record = try access.store.record(prefix: id) else { throw ValidationError("no key has the prefix \(id); see 'cartopress keys list'") }
            if let admin { record.scopes = admin ? [APIKeyRecord.adminScope] : nil }
            if let rateLimit { record.rateLimitPerMinute = rateLimit == 0 ? nil : rateLimit }
            if let syncJSON { record.syncJSON = syncJSON }
            try access.store.save(record)
            print("\(id): \(KeysCommand.summary(record))")
        }
    }

    /// What a key may do beyond the defaults, for `list` and `update`.
    static func summary(_ record: APIKeyRecord) -> String {
        var parts: [String] = []
        if record.isAdmin { parts.append("admin") }
        if let limit = record.rateLimitPerMinute { parts.append("\(limit)/min") }
        if let sync = record.syncJSON { parts.append(sync ? "sync-json" : "no-sync-json") }
        return parts.isEmpty ? "defaults" : parts.joined(separator: ", ")
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key by its prefix (cpk_ and 12 hex digits).")
        @Argument(help: "The key's prefix, as 'keys list' shows it, or the whole key.")
        var prefix: String

        func run() throws {
            let access = try KeyAccess()
            let id = APIKeyHasher.prefix(of: prefix) ?? prefix
            guard try access.store.revoke(prefix: id) else { throw ValidationError("no key has the prefix \(id); see 'cartopress keys list'") }
            print("revoked \(id)")
        }
    }
}

/// `cartopress keys webhook-secret [PREFIX]`: the secrets that sign a key's webhooks.
struct WebhookSecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook-secret",
        abstract: "Print the webhook signing secrets of a key (newest first), or with no key the one for jobs submitted without auth.")
    @Argument(help: "The key's prefix or the whole key; omit it for the secret of AUTH=disabled jobs.")
    var prefix: String?

    func run() throws {
        guard let prefix else {
            do {
                print(try KeyManagement.anonymousWebhookSecret(try ServiceSetup.configuration()).text)
            } catch let error as ServiceStartupError {
                throw ValidationError(error.message)
            }
            return
        }
        let access = try KeyAccess()
        let id = APIKeyHasher.prefix(of: prefix) ?? prefix
        guard let record = try access.store.record(prefix: id) else { throw ValidationError("no key has the prefix \(id); see 'cartopress keys list'") }
        let formatter = ISO8601DateFormatter()
        for entry in (record.webhookSecrets ?? []).filter({ $0.isActive(at: Date()) }).sorted(by: { $0.createdAt > $1.createdAt }) {
            print(entry.secret + (entry.retiresAt.map { "  retires \(formatter.string(from: $0))" } ?? ""))
        }
    }
}

/// `cartopress keys rotate-webhook-secret PREFIX`: a new secret, the old one kept for an overlap during
/// which every webhook carries both signatures.
struct RotateWebhookSecret: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-webhook-secret",
        abstract: "Give a key a new webhook secret; the old one keeps signing too until the overlap ends.")
    @Argument(help: "The key's prefix or the whole key.")
    var prefix: String
    @Option(help: "Hours the old secret keeps signing beside the new one.")
    var overlapHours: Double = 24

    func run() throws {
        let access = try KeyAccess()
        let id = APIKeyHasher.prefix(of: prefix) ?? prefix
        guard var record = try access.store.record(prefix: id) else { throw ValidationError("no key has the prefix \(id); see 'cartopress keys list'") }
        let secret = record.rotateWebhookSecret(now: Date(), overlap: overlapHours * 3600)
        try access.store.save(record)
        print(secret.text)
        FileHandle.standardError.write(Data("\(id): new webhook secret; the previous one keeps signing for \(overlapHours) h\n".utf8))
    }
}

/// The key store and hasher the server would use, from the same settings.
struct KeyAccess {
    let store: any APIKeyStore
    let hasher: APIKeyHasher

    init() throws {
        let configuration = try ServiceSetup.configuration()
        do {
            (store, hasher) = try KeyManagement.open(configuration)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
