/// Why ``Gazetteer/init(tsv:)`` rejected its input: which line, and what is wrong there.
///
/// Its `description` says what to do as well, e.g. `gazetteer line 7: latitude "91.5" is not a number between
/// -90 and 90 (rebuild the file with scripts/build-gazetteer.py rather than editing it by hand)`.
public struct GazetteerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based, counting every line of the input, comments included, as an editor does.
    public let line: Int
    /// What is wrong, without the position.
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "gazetteer line \(line): \(reason) (rebuild the file with scripts/build-gazetteer.py rather than editing it by hand)"
    }
}
