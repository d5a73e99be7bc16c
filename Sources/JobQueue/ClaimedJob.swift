/// A job handed to a worker, with the lease that lets it report back.
public struct ClaimedJob: Sendable, Equatable {
    public var job: Job
    /// The fencing token: only the worker holding the current lease may complete or fail the job.
    public var leaseToken: String
}
