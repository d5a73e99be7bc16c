/// How a failed attempt counts against a job.
public enum FailureKind: String, Sendable, Hashable, CaseIterable {
    /// The request itself cannot succeed (bad input, a timeout it set): the job fails now.
    case permanent
    /// Another attempt may succeed: retried with backoff while attempts remain.
    case retryable
    /// A dependency is down (storage, a tile server): retried with backoff capped at
    /// ``JobQueueConfiguration/outageRetryCap`` without using an attempt, until the outage has lasted
    /// ``JobQueueConfiguration/outageWindow``; after that it counts as ``retryable``. An outage delays
    /// posters but loses none.
    case dependencyUnavailable
}
