/// Measures how deeply a JSON text nests before it is decoded, for every JSON document that comes from
/// outside (styles, request bodies): a hostile one must not exhaust a parser's stack, and Foundation's
/// `JSONDecoder` accepts 512 levels but its cost per value grows with the square of the value's depth (a
/// 120 KB style of six 480-level expressions took 37 s to decode).
public enum JSONNesting {
    /// The byte offset where nesting first goes deeper than `limit`, or nil if it never does.
    public static func firstExcessOffset(in bytes: [UInt8], limit: Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return offset }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }

    /// Where nesting first goes deeper than `limit`, as a 1-based line and column, or nil if it never does.
    static func firstExcess(in bytes: [UInt8], limit: Int) -> (line: Int, column: Int)? {
        firstExcessOffset(in: bytes, limit: limit).map { position(of: $0, in: bytes) }
    }

    private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let before = bytes[..<offset]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let lines = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        return (lines, offset - lineStart + 1)
    }
}
