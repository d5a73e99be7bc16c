/// A job's place in its lifecycle: queued → processing → completed, with retrying, failed (the dead
/// letter list) and cancelled.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued, processing, completed, retrying, failed, cancelled

    public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }
}
