import ArgumentParser
import Foundation
import RenderService

/// `cartopress keys create|list|revoke`: API keys in the service's key store (Redis, or the data directory).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys (stored as peppered hashes; a key is shown once, at creation).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it once.")
        @Option(help: "Who or what the key is for.")
        var name: String

        func run() throws {
            let access = try KeyAccess()
            let (key, record) = access.hasher.makeKey(name: name)
            try access.store.save(record)
            print(key)
            FileHandle.standardError.write(Data("created \(record.prefix) for \"\(name)\"; store the key now, it is not shown again\n".utf8))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys by prefix (never the keys themselves).")
        func run() throws {
            let access = try KeyAccess()
            let formatter = ISO8601DateFormatter()
            for record in try access.store.all() {
                let state = record.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                print("\(record.prefix)  \(formatter.string(from: record.createdAt))  \(state)  \(record.name)")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its prefix (cpk_ and 12 hex digits).")
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
