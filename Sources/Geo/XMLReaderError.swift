/// Why ``XMLReader`` stopped: where in the input, and what was wrong there.
///
/// Its `description` reads like `line 3, column 14: invalid UTF-8 byte 0xFF in an attribute name`, so it can
/// be shown to whoever sent the document.
public struct XMLReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based; "\n", "\r\n" and a lone "\r" each end a line.
    public let line: Int
    /// 1-based, counted in Unicode scalars from the start of the line (a byte order mark is not counted), so it
    /// matches what an editor shows for text without tabs.
    public let column: Int
    /// 0-based, in bytes from the start of the input (a byte order mark included).
    public let offset: Int
    /// What is wrong, without the position.
    public let reason: String

    public init(line: Int, column: Int, offset: Int, reason: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}
