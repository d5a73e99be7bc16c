import Foundation
import HTTPTypes
import Hummingbird
import JobQueue
import NIOCore

/// `GET /api/v1/posters/jobs/{id}/events`: the job's status document as server-sent events
/// (`text/event-stream`), one `status` event at once and another at every change of status, stage or
/// progress, ending after the job ends. A browser sees its poster's progress without polling; the queue is
/// read on the server every ``interval``, which costs what one client polling at that rate would.
struct JobEvents {
    let runtime: ServiceRuntime
    private let open = OpenStreams()

    /// Streams open at once; each reads the queue four times a second, so more wait (503) rather than
    /// load Redis without bound.
    static let maxStreams = 256

    init(runtime: ServiceRuntime) {
        self.runtime = runtime
    }

    /// How often the job record is read.
    static let interval: Duration = .milliseconds(250)
    /// A comment line this often keeps proxies from closing a quiet stream.
    static let keepAlive: Duration = .seconds(15)
    /// Longest a stream stays open; a client that still waits reconnects or polls.
    static let maxDuration: Duration = .seconds(600)

    func add(to group: RouterGroup<ServiceRequestContext>) {
        group.get("jobs/:id/events") { _, context in
            try await events(id: context.parameters.get("id") ?? "", caller: context.keyPrefix)
        }
    }

    private func events(id: String, caller: String?) async throws -> Response {
        let queue = runtime.queue
        // The first read answers unknown ids (and other keys' jobs) with a plain 404, before the stream starts.
        let first = try await Offload.api { () throws(APIError) -> Job? in try PosterRoutes.ownedJob(id, caller: caller, queue: queue) }
        guard let first else { throw APIError.notFound("no job \(id); job records are kept 7 days after they finish") }
        guard open.enter(limit: Self.maxStreams) else {
            throw APIError(.unavailable, "\(Self.maxStreams) event streams are open; poll GET /api/v1/posters/jobs/\(id) or retry shortly",
                           headers: [.retryAfter: "2"])
        }
        let open = self.open
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
                                   HTTPField.Name("X-Accel-Buffering")!: "no"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { open.leave() }
            let clock = ContinuousClock()
            let start = clock.now
            var lastSent = clock.now
            var last = Self.shown(first)
            try await writer.write(ByteBuffer(bytes: try Self.event(first)))
            var job = first
            while !job.status.isTerminal, clock.now - start < Self.maxDuration {
                try await Task.sleep(for: Self.interval)
                guard let next = try await Offload.api({ () throws(APIError) -> Job? in try PosterRoutes.ownedJob(id, caller: caller, queue: queue) }) else { break }
                job = next
                if Self.shown(job) != last {
                    try await writer.write(ByteBuffer(bytes: try Self.event(job)))
                    last = Self.shown(job)
                    lastSent = clock.now
                } else if clock.now - lastSent >= Self.keepAlive {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    lastSent = clock.now
                }
            }
            try await writer.finish(nil)
        })
    }

    /// What a client shows of a job; the record's update time changes on every heartbeat and is not sent for.
    static func shown(_ job: Job) -> String { "\(job.status.rawValue) \(job.progress) \(job.stage ?? "")" }

    /// One `status` event: the job status document on a single `data:` line (JSON has no raw newlines).
    static func event(_ job: Job) throws(APIError) -> [UInt8] {
        Array("event: status\nid: \(job.status.rawValue)-\(job.progress)\ndata: ".utf8) + (try JSONBody.bytes(JobStatusResponse(job))) + Array("\n\n".utf8)
    }
}
