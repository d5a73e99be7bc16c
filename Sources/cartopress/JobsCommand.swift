import ArgumentParser
import Foundation
import JobQueue
import RenderService

/// `cartopress jobs list|show|requeue|purge`: the queue's jobs for operators, dead letters above all.
/// Reaches the queue in Redis (`CARTOPRESS_REDIS_URL`); the same operations exist over HTTP for admin keys.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List, show, requeue and purge jobs in the Redis queue (failed jobs are the dead letters).",
        subcommands: [List.self, Show.self, Requeue.self, Purge.self])

    /// The filters `list` and `purge` share.
    struct Selection: ParsableArguments {
        @Option(help: "queued, processing, retrying, completed, failed (dead letters) or cancelled.")
        var status: String = "failed"
        @Option(help: "Only jobs of this key (its prefix, cpk_…; 'anonymous' for jobs submitted without auth).")
        var key: String?
        @Option(name: .customLong("older-than"), help: "Only jobs last changed at least this long ago: 90s, 30m, 24h, 7d.")
        var olderThan: String?

        func filter() throws -> JobAdministration.Filter {
            guard let status = JobStatus(rawValue: status) else {
                throw ValidationError("--status \(status) is not a status; give one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var seconds: Double?
            if let olderThan {
                guard let parsed = JobAdministration.seconds(olderThan) else { throw ValidationError("--older-than \(olderThan) is not a duration such as 90s, 30m, 24h or 7d") }
                seconds = parsed
            }
            let owner: String?? = key.map { key -> String? in key == "anonymous" ? nil : key }
            return JobAdministration.Filter(status: status, owner: owner, olderThan: seconds)
        }
    }

    static func administration() throws -> JobAdministration {
        do {
            return try KeyManagement.jobs(try ServiceSetup.configuration())
        } catch let error as ServiceStartupError {
            throw ValidationError(error.message)
        }
    }

    static func line(_ job: Job) -> String {
        let formatter = ISO8601DateFormatter()
        let owner = (try? PosterOrder.decode(job.payload)).map { $0.owner ?? "anonymous" } ?? "?"
        let error = job.error.map { "  \($0.code): \($0.message)" } ?? ""
        return "\(job.id)  \(job.status.rawValue)  \(formatter.string(from: job.updatedAt))  attempts \(job.attempts)  \(owner)\(error)"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first (queued ones in claim order).")
        @OptionGroup var selection: Selection
        @Option(help: "At most this many (1-\(JobAdministration.maxPageSize)).")
        var limit: Int = 50

        func run() throws {
            guard (1...JobAdministration.maxPageSize).contains(limit) else { throw ValidationError("--limit must be 1 to \(JobAdministration.maxPageSize)") }
            let page = try JobsCommand.administration().list(try selection.filter(), limit: limit)
            for job in page.jobs { print(JobsCommand.line(job)) }
            if page.jobs.isEmpty { FileHandle.standardError.write(Data("no \(selection.status) jobs match\n".utf8)) }
            if page.nextCursor != nil { FileHandle.standardError.write(Data("more jobs match; raise --limit or narrow the filter\n".utf8)) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one job: its record and its poster order, as JSON.")
        @Argument(help: "The job id.")
        var id: String

        func run() throws {
            guard let job = try JobsCommand.administration().queue.job(id: id) else { throw ValidationError("no job \(id); records are kept 7 days after a job ends") }
            var record: [String: Any] = ["job_id": job.id, "status": job.status.rawValue, "priority": job.priority.rawValue, "attempts": job.attempts,
                                         "progress": job.progress, "created_at": ISO8601DateFormatter().string(from: job.createdAt),
                                         "updated_at": ISO8601DateFormatter().string(from: job.updatedAt)]
            if let error = job.error { record["error"] = ["code": error.code, "message": error.message] }
            if let result = job.result, let object = try? JSONSerialization.jsonObject(with: Data(result.utf8)) { record["result"] = object }
            if let order = try? JSONSerialization.jsonObject(with: Data(job.payload.utf8)) { record["order"] = order }
            let data = try JSONSerialization.data(withJSONObject: record, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct Requeue: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "requeue", abstract: "Put failed jobs (dead letters) back in the queue, attempts reset.")
        @Argument(help: "Job ids; with none, every failed job matching --key and --older-than.")
        var ids: [String] = []
        @Option(help: "With no ids: only this key's failed jobs.")
        var key: String?
        @Option(name: .customLong("older-than"), help: "With no ids: only jobs failed at least this long ago.")
        var olderThan: String?

        func run() throws {
            let administration = try JobsCommand.administration()
            var ids = self.ids
            if ids.isEmpty {
                let filter = try Selection.parse(["--status", "failed"] + (key.map { ["--key", $0] } ?? []) + (olderThan.map { ["--older-than", $0] } ?? [])).filter()
                var cursor: Int? = 0
                while let start = cursor {
                    let page = try administration.list(filter, cursor: start, limit: JobAdministration.maxPageSize)
                    ids += page.jobs.map(\.id)
                    cursor = page.nextCursor
                }
            }
            var failures = 0
            for id in ids {
                if try administration.requeue(id: id) { print("requeued \(id)") } else {
                    failures += 1
                    FileHandle.standardError.write(Data("not requeued \(id): no failed job has this id\n".utf8))
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "purge", abstract: "Delete ended jobs (completed, failed or cancelled) before their records expire.")
        @Argument(help: "Job ids; with none, every job matching the filters.")
        var ids: [String] = []
        @OptionGroup var selection: Selection

        func run() throws {
            let administration = try JobsCommand.administration()
            if ids.isEmpty {
                let purged = try administration.purge(try selection.filter())
                for id in purged { print("purged \(id)") }
                FileHandle.standardError.write(Data("purged \(purged.count) \(selection.status) jobs\n".utf8))
                return
            }
            var failures = 0
            for id in ids {
                if try administration.queue.purge(id: id) { print("purged \(id)") } else {
                    failures += 1
                    FileHandle.standardError.write(Data("not purged \(id): no ended job has this id\n".utf8))
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
