/// Measures how deeply a JSON text nests before it is parsed, so that a hostile body cannot exhaust the
/// parser's stack.
enum JSONDepth {
    /// The byte offset where nesting first goes deeper than `limit`, or nil if it never does.
    static func exceeds(_ bytes: [UInt8], limit: Int) -> Int? {
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
}
