import Foundation
import HTTPTypes
import Hummingbird
import JobQueue

/// Listing jobs over HTTP: `GET /api/v1/posters/jobs` (a key's own), and for keys with the `admin` scope
/// (or any caller when auth is disabled) every key's jobs under `/api/v1/admin/jobs`: list, show, requeue a
/// dead letter, purge an ended job. The same operations as `cartopress jobs`, through ``JobAdministration``.
struct JobRoutes {
    let runtime: ServiceRuntime

    func add(posters: RouterGroup<ServiceRequestContext>, admin: RouterGroup<ServiceRequestContext>) {
        posters.get("jobs") { request, context in
            try await list(request, owner: .some(context.keyPrefix), allowKeyFilter: false)
        }
        admin.get("jobs") { request, context in
            try authorize(context)
            return try await list(request, owner: nil, allowKeyFilter: true)
        }
        admin.get("jobs/:id") { _, context in
            try authorize(context)
            let id = context.parameters.get("id") ?? ""
            let queue = runtime.queue
            let job = try await Offload.api { () throws(APIError) -> Job? in
                do { return try queue.job(id: id) } catch { throw APIError.unavailable("the job queue is unavailable: \(error)", cause: error) }
            }
            guard let job else { throw APIError.notFound("no job \(id)") }
            return try JSONBody.response(JobStatusResponse(job), status: .ok)
        }
        admin.post("jobs/:id/requeue") { _, context in
            try authorize(context)
            return try await requeue(context.parameters.get("id") ?? "")
        }
        admin.delete("jobs/:id") { _, context in
            try authorize(context)
            return try await purge(context.parameters.get("id") ?? "")
        }
    }

    private func authorize(_ context: ServiceRequestContext) throws(APIError) {
        guard runtime.configuration.authRequired else { return }
        guard context.key?.isAdmin == true else {
            throw APIError(.forbidden, "this key has no admin scope; create one with cartopress keys create --name <name> --admin")
        }
    }

    /// One page of jobs in one status; `status` is required, `limit` 1-200 (default 50), `cursor` from the
    /// previous page, `older_than` a duration (`90s`, `30m`, `24h`, `7d`), `key` a key prefix (admin only).
    private func list(_ request: Request, owner: String??, allowKeyFilter: Bool) async throws -> Response {
        let query = request.uri.queryParameters
        var problems: [APIError.Detail] = []
        // A listing is new API with nothing to be compatible with: a parameter it does not know is an error.
        let known: Set<String> = allowKeyFilter ? ["status", "limit", "cursor", "older_than", "key"] : ["status", "limit", "cursor", "older_than"]
        for name in Set(query.map { String($0.key) }).subtracting(known).sorted() {
            problems.append(.init(field: String(name.prefix(100)), reason: "is not a parameter; give \(known.sorted().joined(separator: ", "))"))
        }
        let statusText = query.get("status")
        let status = statusText.flatMap(JobStatus.init(rawValue:))
        if status == nil {
            problems.append(.init(field: "status", reason: "give one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let limit = query.get("limit").map { Int($0) ?? -1 } ?? 50
        if !(1...JobAdministration.maxPageSize).contains(limit) {
            problems.append(.init(field: "limit", reason: "must be a whole number from 1 to \(JobAdministration.maxPageSize)"))
        }
        let cursor = query.get("cursor").map { Int($0) ?? -1 } ?? 0
        if cursor < 0 { problems.append(.init(field: "cursor", reason: "must be the next_cursor of the previous page")) }
        var olderThan: Double?
        if let text = query.get("older_than") {
            olderThan = JobAdministration.seconds(text)
            if olderThan == nil { problems.append(.init(field: "older_than", reason: "must be a duration such as 90s, 30m, 24h or 7d")) }
        }
        var owner = owner
        // Only the admin listing filters by key (for the own listing it is an unknown parameter, above).
        if allowKeyFilter, let key = query.get("key") {
            if key.count > 100 {
                problems.append(.init(field: "key", reason: "is longer than a key prefix (at most 100 characters)"))
            } else {
                owner = .some(key == "anonymous" ? nil : key)
            }
        }
        guard problems.isEmpty, let status else { throw APIError.invalid(problems) }
        let administration = JobAdministration(queue: runtime.queue)
        let filter = JobAdministration.Filter(status: status, owner: owner, olderThan: olderThan)
        let page = try await Offload.api { () throws(APIError) -> JobAdministration.Page in
            do { return try administration.list(filter, cursor: cursor, limit: limit) } catch {
                throw APIError.unavailable("the job queue is unavailable: \(error)", cause: error)
            }
        }
        return try JSONBody.response(JobPage(jobs: page.jobs.map(JobStatusResponse.init), nextCursor: page.nextCursor), status: .ok)
    }

    private func requeue(_ id: String) async throws -> Response {
        let queue = runtime.queue
        let (moved, job) = try await Offload.api { () throws(APIError) -> (Bool, Job?) in
            do {
                let moved = try JobAdministration(queue: queue).requeue(id: id)
                return (moved, try queue.job(id: id))
            } catch { throw APIError.unavailable("the job queue is unavailable: \(error)", cause: error) }
        }
        guard let job else { throw APIError.notFound("no job \(id)") }
        guard moved else { throw APIError(.conflict, "job \(id) is \(job.status.rawValue); only failed jobs (dead letters) are requeued") }
        runtime.logger.notice("requeued", metadata: ["job_id": .string(id)])
        return try JSONBody.response(["job_id": id, "status": job.status.rawValue], status: .ok)
    }

    private func purge(_ id: String) async throws -> Response {
        let queue = runtime.queue
        let (purged, job) = try await Offload.api { () throws(APIError) -> (Bool, Job?) in
            do {
                let job = try queue.job(id: id)
                return (try queue.purge(id: id), job)
            } catch { throw APIError.unavailable("the job queue is unavailable: \(error)", cause: error) }
        }
        guard let job else { throw APIError.notFound("no job \(id)") }
        guard purged else { throw APIError(.conflict, "job \(id) is \(job.status.rawValue); only ended jobs are purged (cancel it first)") }
        runtime.logger.notice("purged", metadata: ["job_id": .string(id)])
        return try JSONBody.response(["job_id": id, "status": "purged"], status: .ok)
    }
}

/// A page of `GET /api/v1/posters/jobs`.
struct JobPage: Encodable {
    var jobs: [JobStatusResponse]
    var nextCursor: Int?
    enum CodingKeys: String, CodingKey { case jobs, nextCursor = "next_cursor" }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}
