import ArgumentParser
import Foundation
import ObjectStorage
import RenderService

/// `cartopress storage lifecycle`: the configured bucket's expiry rule for posters, so that a bucket keeps
/// them as long as the local store would (`POSTER_RETENTION_DAYS`).
struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Operate the poster store.",
        subcommands: [Lifecycle.self])

    struct Lifecycle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lifecycle",
            abstract: "Give the S3 bucket the rule that expires posters under S3_KEY_PREFIX after POSTER_RETENTION_DAYS (rounded up to whole days).")
        @Option(help: "Days instead of CARTOPRESS_POSTER_RETENTION_DAYS.")
        var days: Int?
        @Flag(help: "Replace the bucket's other lifecycle rules (S3 sets a bucket's rules all at once).")
        var replace = false
        @Flag(name: .customLong("dry-run"), help: "Print the rule's document and change nothing.")
        var dryRun = false

        func run() throws {
            let settings = try ServiceSetup.configuration()
            let s3: S3Configuration?
            do { s3 = try settings.s3Configuration() } catch { throw ValidationError(error.description) }
            guard let s3 else {
                throw ValidationError("no bucket is configured (CARTOPRESS_S3_ENDPOINT): local posters are deleted by the service itself after POSTER_RETENTION_DAYS (\(FieldFormat.days(settings.posterRetentionDays)))")
            }
            let days = days ?? Int(settings.posterRetentionDays.rounded(.up))
            guard days >= 1 else { throw ValidationError("--days must be 1 or more") }
            if dryRun {
                print(String(decoding: BucketLifecycle.document(prefix: s3.keyPrefix, days: days), as: UTF8.self))
                return
            }
            let store = try S3ObjectStore(configuration: s3)
            try store.applyExpiry(days: days, replacingOtherRules: replace)
            print("bucket \(s3.endpoint.bucket): objects under \"\(s3.keyPrefix)\" now expire \(days) days after upload (rule \(BucketLifecycle.ruleID))")
        }
    }
}

enum FieldFormat {
    static func days(_ value: Double) -> String { value == value.rounded() ? "\(Int(value)) days" : "\(value) days" }
}
