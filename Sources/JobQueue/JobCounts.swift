/// Numbers of jobs in each state.
public struct JobCounts: Sendable, Equatable {
    public var counts: [JobStatus: Int]
    public var total: Int { counts.values.reduce(0, +) }
    public subscript(_ status: JobStatus) -> Int { counts[status] ?? 0 }
}
