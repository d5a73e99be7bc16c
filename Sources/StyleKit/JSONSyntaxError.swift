/// Why a JSON text could not be read, and where: the byte offset and its 1-based line and column (columns
/// count bytes, as editors showing UTF-8 do for ASCII).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The text is not RFC 8259 JSON.
        case syntax
        /// The text nests arrays and objects deeper than the parser was allowed to go; `offset` is the
        /// bracket that went one level too deep.
        case tooDeep(limit: Int)
    }

    public var kind: Kind
    /// The byte where the problem was found (0-based).
    public var offset: Int
    public var line: Int
    public var column: Int
    /// What was expected and what was found instead, e.g. `expected ',' or ']' after an array element, found '}'`.
    public var message: String

    public var description: String { "\(message) at line \(line), column \(column) (byte \(offset))" }

    init(_ kind: Kind, offset: Int, in bytes: UnsafeBufferPointer<UInt8>, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
        // Counted only when an error is thrown, so that parsing never tracks lines.
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        self.line = line
        column = offset - lineStart + 1
    }
}
