public import Foundation

/// A job record.
public struct Job: Sendable, Equatable {
    public var id: String
    /// The canonical request, opaque to the queue.
    public var payload: String
    public var priority: JobPriority
    public var status: JobStatus
    public var attempts: Int
    public var maxAttempts: Int
    public var progress: Int
    /// The stage the running attempt reported last (see ``JobQueue/reportProgress(_:progress:stage:now:)``);
    /// nil before the first report of an attempt.
    public var stage: String?
    public var stalls: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The result (for example a JSON document with the download URL), once completed.
    public var result: String?
    public var error: JobError?
}
