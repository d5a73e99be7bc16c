public import Foundation
public import JobQueue

/// Lists, shows, requeues and purges jobs: the one implementation behind `cartopress jobs` and the HTTP
/// routes (`GET /api/v1/posters/jobs` for a key's own jobs, `/api/v1/admin/jobs` for admin keys).
public struct JobAdministration: Sendable {
    /// Which jobs a listing or a purge takes.
    public struct Filter: Sendable, Equatable {
        public var status: JobStatus
        /// Only jobs of this key prefix (`cpk_…`); `.some(nil)` for jobs submitted without auth; nil for all.
        public var owner: String??
        /// Only jobs whose last change is at least this many seconds old.
        public var olderThan: Double?

        public init(status: JobStatus, owner: String?? = nil, olderThan: Double? = nil) {
            self.status = status
            self.owner = owner
            self.olderThan = olderThan
        }
    }

    /// One page of a listing; `nextCursor` continues it (nil at the end).
    public struct Page: Sendable {
        public var jobs: [Job]
        public var nextCursor: Int?
    }

    /// A page is at most this long, and a listing scans at most this many jobs for one page, so that a
    /// filter matching few of many jobs answers in bounded time (with a cursor to go on).
    public static let maxPageSize = 200
    static let maxScanned = 5_000

    public let queue: any JobQueue

    public init(queue: any JobQueue) {
        self.queue = queue
    }

    /// Jobs matching `filter`, from position `cursor` of their state's list.
    public func list(_ filter: Filter, cursor: Int = 0, limit: Int = 50, now: Date = Date()) throws(JobQueueError) -> Page {
        let limit = min(max(limit, 1), Self.maxPageSize)
        var matched: [Job] = []
        var position = max(cursor, 0)
        var scanned = 0
        while matched.count < limit, scanned < Self.maxScanned {
            let batch = try queue.jobs(status: filter.status, offset: position, limit: 200)
            if batch.isEmpty { return Page(jobs: matched, nextCursor: nil) }
            for job in batch {
                position += 1
                scanned += 1
                if Self.matches(job, filter, now: now) { matched.append(job) }
                if matched.count == limit { break }
            }
        }
        // More may follow; a client asks again from here.
        let more = try !queue.jobs(status: filter.status, offset: position, limit: 1).isEmpty
        return Page(jobs: matched, nextCursor: more ? position : nil)
    }

    static func matches(_ job: Job, _ filter: Filter, now: Date) -> Bool {
        if let olderThan = filter.olderThan, now.timeIntervalSince(job.updatedAt) < olderThan { return false }
        if let owner = filter.owner {
            guard let order = try? PosterOrder.decode(job.payload), order.owner == owner else { return false }
        }
        return true
    }

    /// Seconds in a duration such as `90s`, `30m`, `24h` or `7d` (a bare number is seconds); nil if it is none.
    public static func seconds(_ text: String) -> Double? {
        // The OpenAPI document's pattern: digits, an optional fraction, an optional unit.
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(text), factor = 1.0
        if let last = text.last, let unit = units[last] {
            number = number.dropLast()
            factor = unit
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count <= 9, parts.count == 1 || parts[1].count <= 2,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }), let value = Double(number) else { return nil }
        return value * factor
    }

    /// Puts a dead-lettered (failed) job back in the queue with its attempts reset; false if it is not failed.
    public func requeue(id: String, now: Date = Date()) throws(JobQueueError) -> Bool {
        try queue.requeue(id: id, now: now)
    }

    /// Deletes every ended job matching `filter` (not queued, running or retrying ones); returns the ids.
    public func purge(_ filter: Filter, now: Date = Date()) throws(JobQueueError) -> [String] {
        guard filter.status.isTerminal else { return [] }
        var purged: [String] = []
        var cursor: Int? = 0
        // Deleting shifts the positions after it: start again from the top until a pass deletes nothing.
        while let start = cursor {
            let page = try list(filter, cursor: start, limit: Self.maxPageSize, now: now)
            var deleted = 0
            for job in page.jobs where try queue.purge(id: job.id) {
                purged.append(job.id)
                deleted += 1
            }
            cursor = page.nextCursor.map { max(0, $0 - deleted) }
        }
        return purged
    }
}
