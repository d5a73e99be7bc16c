import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import JobQueue
import Logging
import NIOCore
import PosterPipeline
import PosterRenderer

/// `POST /api/v1/posters/generate`, job status, cancel and downloads.
struct PosterRoutes {
    let runtime: ServiceRuntime

    func add(to group: RouterGroup<ServiceRequestContext>) {
        group.post("generate") { request, context in try await generate(request, context: context) }
        group.get("jobs/:id") { request, context in
            try await status(id: context.parameters.get("id") ?? "", caller: context.keyPrefix, request: request)
        }
        group.delete("jobs/:id") { _, context in try await cancel(id: context.parameters.get("id") ?? "", caller: context.keyPrefix) }
    }

    /// Job `id` if the caller's key submitted it. Another key's job answers exactly as a job that does not
    /// exist, so that ids cannot be probed. Without auth every job has the one owner nil.
    static func ownedJob(_ id: String, caller: String?, queue: any JobQueue) throws(APIError) -> Job? {
        let job: Job?
        do { job = try queue.job(id: id) } catch { throw APIError.unavailable("the job queue is unavailable: \(error)", cause: error) }
        guard let job, Self.isOwned(job, by: caller) else { return nil }
        return job
    }

    /// Whether the key prefix stored with a job's order is `caller`'s; a payload that does not decode
    /// belongs to nobody.
    static func isOwned(_ job: Job, by caller: String?) -> Bool {
        guard let order = try? PosterOrder.decode(job.payload) else { return false }
        return order.owner == caller
    }

    /// The body, read up to the limit; a larger one is a 413 without reading it all.
    func body(of request: Request) async throws(APIError) -> [UInt8] {
        let limit = runtime.configuration.maxBodyBytes
        let tooLarge = APIError(.payloadTooLarge, "the body is larger than \(limit) bytes; send smaller overlays")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        do {
            var buffer = try await request.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw tooLarge
        }
    }

    /// What the client asked for: JSON (queue the job) or the poster itself (render now).
    enum Wanted: Equatable { case json, image(PosterFormat) }

    /// As carto-art reads it: an Accept header that includes an image type asks for the poster itself,
    /// wherever in the list it stands (`application/json, image/png` is the image); JSON otherwise.
    static func wanted(_ accept: String?) -> Wanted? {
        guard let accept, !accept.isEmpty else { return .json }
        let types = Set(accept.split(separator: ",").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() })
        if types.contains("image/png") || types.contains("image/*") { return .image(.png) }
        if types.contains("application/pdf") { return .image(.pdf) }
        if !types.isDisjoint(with: ["application/json", "*/*", "application/*"]) { return .json }
        return nil
    }

    func generate(_ request: Request, context: ServiceRequestContext) async throws -> Response {
        guard let wanted = Self.wanted(request.headers[.accept]) else {
            throw APIError(.notAcceptable, "Accept must allow application/json (queue the job), image/png or application/pdf (render now)")
        }
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, "send the request as Content-Type: application/json, not \(type)")
        }
        let idempotencyHeader = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key = idempotencyHeader, key.isEmpty || key.utf8.count > 255 || !key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) {
            throw APIError.invalid([.init(field: "Idempotency-Key", reason: "must be 1 to 255 printable ASCII characters")])
        }
        let bytes = try await body(of: request)
        var order = try runtime.parser.parse(bytes)
        order.owner = context.keyPrefix
        for warning in order.warnings ?? [] {
            context.logger.notice("request warning: \(warning)", metadata: ["key": .string(context.keyPrefix ?? "anonymous")])
        }
        switch wanted {
        case .image(let format):
            order.poster.format = format
            return try await renderNow(order, logger: context.logger)
        case .json:
            let preference = WaitPreference(request.headers[values: HTTPField.Name("Prefer")!])
            let compat = context.key?.syncJSON ?? runtime.configuration.compatSyncJSON
            let wait = preference.seconds(maximum: runtime.configuration.maxWaitSeconds, compatDefault: compat)
            let (job, queued) = try await enqueue(order, idempotencyHeader: idempotencyHeader, keyPrefix: context.keyPrefix ?? "anonymous")
            if wait > 0, let finished = try await awaitEnd(of: job.id, seconds: wait) {
                return try answerFinished(finished, waited: preference.wait != nil ? wait : nil)
            }
            var response = try JSONBody.response(queued, status: .accepted)
            response.headers[HTTPField.Name.location] = "/api/v1/posters/jobs/\(job.id)"
            return response
        }
    }

    /// Polls the job until it ends or `seconds` pass; nil if it is still going. Polling (every 100 ms, then
    /// every 250 ms) works the same against Redis and in process, and costs one read of the job record.
    private func awaitEnd(of id: String, seconds: Double) async throws(APIError) -> Job? {
        let queue = runtime.queue
        let deadline = Date().addingTimeInterval(seconds)
        var polls = 0
        while Date() < deadline {
            let job = try await Offload.api { () throws(APIError) -> Job? in
                do { return try queue.job(id: id) } catch { throw APIError.unavailable("the job queue is unavailable: \(error); the job \(id) is queued, poll it", cause: error) }
            }
            guard let job else { return nil }
            if [.completed, .failed, .cancelled].contains(job.status) { return job }
            polls += 1
            let pause = min(polls < 20 ? 0.1 : 0.25, max(0, deadline.timeIntervalSinceNow))
            try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
        }
        return nil
    }

    /// The answer of a request that waited for its job: carto-art's `200` with the job's status document
    /// when the poster is done, the job's error when it failed.
    private func answerFinished(_ job: Job, waited: Double?) throws(APIError) -> Response {
        switch job.status {
        case .completed:
            var response = try JSONBody.response(JobStatusResponse(job), status: .ok)
            response.headers[HTTPField.Name.location] = "/api/v1/posters/jobs/\(job.id)"
            if let waited { response.headers[HTTPField.Name("Preference-Applied")!] = "wait=\(Int(waited.rounded(.up)))" }
            return response
        case .cancelled:
            throw APIError(.conflict, "job \(job.id) was cancelled while this request waited for it")
        default:
            let code = job.error.flatMap { ErrorCode(rawValue: $0.code) } ?? .internal
            let message = job.error?.message ?? "the job failed"
            // A dependency outage that outlasted the job's retries is still a 503 with a time to come back.
            let headers: HTTPFields = code.status == .serviceUnavailable ? [.retryAfter: "30"] : [:]
            throw APIError(code, "job \(job.id) failed: \(message)", headers: headers)
        }
    }

    private func enqueue(_ order: PosterOrder, idempotencyHeader: String?, keyPrefix: String) async throws(APIError) -> (Job, QueuedResponse) {
        let payload = order.canonicalJSON()
        let idempotency = idempotencyHeader.map { header in
            SHA256.hash(data: Data("\(keyPrefix)\n\(header)".utf8)).map { String(format: "%02x", $0) }.joined()
        }
        let runtime = self.runtime
        let (job, ahead) = try await Offload.api { () throws(APIError) -> (Job?, Int) in
            do {
                let id = try runtime.queue.enqueue(payload: payload, priority: order.priority, idempotencyKey: idempotency,
                                                   notify: order.webhookURL != nil, now: Date())
                let depth = try runtime.queue.queuedByPriority().values.reduce(0, +)
                return (try runtime.queue.job(id: id), max(0, depth - 1))
            } catch {
                throw APIError.unavailable("the job queue is unavailable: \(error); retry shortly", cause: error)
            }
        }
        guard let job else { throw APIError.unavailable("the job was queued but could not be read back; retry with the same Idempotency-Key") }
        // Idempotency keys are scoped by the API key already; a replay must still never hand out another key's job.
        guard Self.isOwned(job, by: order.owner) else { throw APIError.notFound("no job for this Idempotency-Key") }
        if idempotency != nil && job.payload != payload {
            throw APIError(.conflict, "this Idempotency-Key was used for a different request (job \(job.id)); use a new key for a new poster")
        }
        runtime.logger.info("queued", metadata: ["job_id": .string(job.id), "priority": .string(order.priority.rawValue), "key": .string(keyPrefix)])
        // A new job is reported queued even if a worker has already claimed it; a replay reports where it is.
        let body = QueuedResponse(jobID: job.id, status: idempotency == nil ? JobStatus.queued.rawValue : job.status.rawValue,
                                  estimatedTime: runtime.estimator.estimate(pixels: order.poster.pixelCount, ahead: ahead),
                                  warnings: order.warnings ?? [])
        return (job, body)
    }

    /// The synchronous contract: render in this request with a pooled context and answer the bytes.
    private func renderNow(_ order: PosterOrder, logger: Logger) async throws -> Response {
        let runtime = self.runtime
        let posterID = "pst_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let started = Date()
        let deadline = started.addingTimeInterval(Double(order.timeoutMilliseconds) / 1000)
        let outcome = try await Offload.onThread { () throws(APIError) -> RenderedPoster in
            let render = PooledRender(runtime: runtime).run(order, checkoutTimeout: min(30, Double(order.timeoutMilliseconds) / 1000),
                                                            shouldContinue: { Date() < deadline })
            switch render {
            case .success(let poster): return poster
            case .failure(.stopped):
                throw APIError(.timeout, "the render took longer than timeout_ms (\(order.timeoutMilliseconds) ms)")
            case .failure(.failed(let code, let message, let cause)) where code == .busy || code == .renderContext:
                throw APIError(.unavailable, "\(message); retry shortly or queue the job (Accept: application/json)", headers: [.retryAfter: "5"],
                               cause: cause)
            case .failure(.failed(let code, let message, let cause)) where code.failure == .dependencyUnavailable:
                // A dependency is down, not the request wrong: say when to come back, or queue it (a queued job
                // waits the outage out).
                throw APIError(code, "\(message); retry shortly, or queue the job (Accept: application/json) to have it wait the outage out",
                               headers: [.retryAfter: "30"], cause: cause)
            case .failure(.failed(let code, let message, let cause)):
                throw APIError(code, message, cause: cause)
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        runtime.metrics.jobFinished("completed_sync")
        logger.info("rendered synchronously", metadata: ["poster_id": .string(posterID), "render_ms": .stringConvertible(Int(elapsed * 1000))])
        var headers: HTTPFields = [.contentType: outcome.format.mimeType]
        headers[HTTPField.Name("X-Poster-ID")!] = posterID
        headers[HTTPField.Name("X-Render-Time-Ms")!] = String(Int(elapsed * 1000))
        headers[.contentDisposition] = "inline; filename=\"\(posterID).\(outcome.format.rawValue)\""
        let warnings = (order.warnings ?? []) + outcome.warnings
        if !warnings.isEmpty {
            // Header values are visible ASCII: other characters become "?"; the log keeps the words whole.
            let text = warnings.joined(separator: " | ").unicodeScalars.map { (0x20...0x7E).contains($0.value) ? Character($0) : "?" }
            headers[HTTPField.Name("X-Poster-Warnings")!] = String(text)
            for warning in outcome.warnings { logger.notice("poster warning: \(warning)", metadata: ["poster_id": .string(posterID)]) }
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: outcome.bytes)))
    }

    /// The job's status document with an ETag: a client polling with `If-None-Match` gets a bodiless `304`
    /// until something changes, so polling costs one queue read and no encoding on the wire.
    func status(id: String, caller: String?, request: Request) async throws -> Response {
        let queue = runtime.queue
        let job = try await Offload.api { () throws(APIError) -> Job? in try Self.ownedJob(id, caller: caller, queue: queue) }
        guard let job else { throw APIError.notFound("no job \(id); job records are kept 7 days after they finish") }
        return CachedBody.response(try JSONBody.bytes(JobStatusResponse(job)), contentType: "application/json; charset=utf-8", request: request, cacheControl: "private, no-cache")
    }

    func cancel(id: String, caller: String?) async throws -> Response {
        let runtime = self.runtime
        let (cancelled, job) = try await Offload.api { () throws(APIError) -> (Bool, Job?) in
            // Ownership first: another key's job must be left untouched, not just hidden.
            guard try Self.ownedJob(id, caller: caller, queue: runtime.queue) != nil else { return (false, nil) }
            do {
                let cancelled = try runtime.queue.cancel(id: id, now: Date())
                return (cancelled, try runtime.queue.job(id: id))
            } catch let error as JobQueueError where error.code == .notFound {
                return (false, nil)
            } catch {
                throw APIError.unavailable("the job queue is unavailable: \(error)", cause: error)
            }
        }
        guard let job else { throw APIError.notFound("no job \(id); job records are kept 7 days after they finish") }
        guard cancelled else {
            throw APIError(.conflict, "job \(id) is already \(job.status.rawValue) and cannot be cancelled")
        }
        runtime.metrics.jobFinished("cancelled")
        // The cancel put the job into the outbox; queue its webhook now rather than at a reaper's next pass.
        let webhooks = runtime.webhooks
        _ = try? await Offload.run { webhooks.drainOutbox() }
        runtime.logger.info("cancelled", metadata: ["job_id": .string(id)])
        return try JSONBody.response(["job_id": id, "status": "cancelled"], status: .ok)
    }
}

/// `202` body of a queued job.
struct QueuedResponse: Encodable {
    var jobID: String
    var status: String
    var estimatedTime: Double
    /// What the request asked for that is not used as sent (``PosterOrder/warnings``).
    var warnings: [String]
    enum CodingKeys: String, CodingKey { case jobID = "job_id", status, estimatedTime = "estimated_time", warnings }
}

/// The job status document of `GET /api/v1/posters/jobs/{id}`, and the `200` of a request that waited for
/// its poster. A completed job also carries carto-art's fields (`id`, `download_url`, `metadata`), which its
/// SDK and MCP tool read.
struct JobStatusResponse: Encodable {
    /// carto-art's `metadata`: `dimensions` is "WIDTHxHEIGHT" in pixels.
    struct Metadata: Encodable {
        var renderTimeMs: Int
        var fileSizeBytes: Int
        var dimensions: String
        enum CodingKeys: String, CodingKey { case renderTimeMs = "render_time_ms", fileSizeBytes = "file_size_bytes", dimensions }
    }

    var jobID: String
    var status: String
    var progress: Int
    var stage: String?
    var createdAt: Date
    var updatedAt: Date
    var attempts: Int
    var result: JobResult?
    var error: JobError?

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", status, progress, stage, createdAt = "created_at", updatedAt = "updated_at", attempts, result, error
        case id, downloadURL = "download_url", metadata, warnings
    }

    init(_ job: Job) {
        jobID = job.id
        status = job.status.rawValue
        progress = job.status == .completed ? 100 : job.progress
        stage = job.status == .processing ? (job.stage.flatMap(PosterStage.init(rawValue:)) ?? .starting).rawValue : nil
        createdAt = job.createdAt
        updatedAt = job.updatedAt
        attempts = job.attempts
        result = job.status == .completed ? job.result.flatMap { try? JSONDecoder().decode(JobResult.self, from: Data($0.utf8)) } : nil
        error = job.status == .failed || job.status == .retrying ? job.error : nil
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(status, forKey: .status)
        try c.encode(progress, forKey: .progress)
        try c.encode(stage, forKey: .stage)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(result, forKey: .result)
        try c.encode(error, forKey: .error)
        try c.encode(jobID, forKey: .id)
        try c.encode(result?.warnings ?? [], forKey: .warnings)
        if let result {
            try c.encode(result.downloadURL, forKey: .downloadURL)
            try c.encode(Metadata(renderTimeMs: result.renderTimeMs, fileSizeBytes: result.fileSize, dimensions: "\(result.width)x\(result.height)"),
                         forKey: .metadata)
        }
    }
}

/// JSON responses with the service's encoder settings.
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status) throws(APIError) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: try bytes(value))))
    }

    /// The value as the API writes JSON: keys sorted, dates in ISO 8601, slashes unescaped.
    static func bytes(_ value: some Encodable) throws(APIError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            throw APIError(.internal, "could not encode the response")
        }
        return [UInt8](data)
    }
}
