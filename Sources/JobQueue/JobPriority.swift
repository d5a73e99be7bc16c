/// Strict priority levels; FIFO within a level.
public enum JobPriority: String, Sendable, Codable, CaseIterable {
    case high, normal, low

    /// Lower ranks are claimed first.
    var rank: Int {
        switch self {
        case .high: 0
        case .normal: 1
        case .low: 2
        }
    }
}
