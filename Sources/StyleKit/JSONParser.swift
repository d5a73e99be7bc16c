/// Reads a JSON text (RFC 8259, UTF-8) straight from its bytes into a `JSONValue`.
///
/// It replaces Foundation's `JSONDecoder` for every JSON document CartoPress reads as a value (styles,
/// palettes, request bodies, GeoJSON, configuration): decoding `JSONValue` through `Decodable` tries each
/// kind in turn and throws an error per mismatch, which made reading the bundled styles most of a small
/// render's start-up. It accepts what `JSONDecoder` accepted and builds the same values, with these choices:
///
/// - Strict RFC 8259, so a few texts `JSONDecoder` let through are refused: a trailing comma (`[1,]`,
///   `{"a": 1,}`) and anything after the value, even a NUL byte.
/// - A leading UTF-8 byte order mark is skipped, as `JSONDecoder` does (RFC 8259 allows parsers to).
/// - Strings: control characters below U+0020 must be escaped, only the escapes the RFC lists are allowed,
///   invalid UTF-8 is refused, and a `\u` escape of a UTF-16 surrogate must be a high one followed by a low
///   one: a lone surrogate cannot be a Swift `String`, so it is refused rather than replaced (as
///   `JSONDecoder` does). `\u0000` is allowed.
/// - Numbers are `Double`s rounded correctly from their decimal text (as `JSONDecoder`'s). One that does not
///   fit is refused, as `JSONDecoder` refuses it: too large (`1e400`) or so small that it would round to
///   zero (`1e-400`; `0e400` is zero and fine). `-0` stays negative zero. No leading zeros (`01`), no `+`,
///   no `.5` or `1.`, no NaN or Infinity.
/// - A key given twice keeps its first value, as `JSONDecoder` does; but the later value must be valid JSON
///   too (`JSONDecoder` never looked inside it, so a bad number or escape there went unnoticed).
/// - Arrays and objects nest at most `maxDepth` levels; the parser recurses per level, so the limit also
///   bounds its stack. The error names the bracket that went one level too deep.
public enum JSONParser {
    /// `JSONDecoder`'s own nesting limit, for documents without a tighter one.
    public static let defaultMaxDepth = 512

    /// Parses a whole JSON document.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(buffer, maxDepth: maxDepth) }
    }

    /// Parses a whole JSON document held in `text`'s UTF-8.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses a whole JSON document from raw memory (a `Data`'s or a mapped file's bytes).
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth)
    }

    /// Parses a whole JSON document from bytes in memory.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        return try reader.document()
    }
}

/// The parser's cursor over the bytes; lives only while `JSONParser.parse` has them.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var position = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        skipWhitespace()
        let result = try value()
        skipWhitespace()
        guard position == bytes.count else { throw failure("expected the end of the document after its value, found \(found)") }
        return result
    }

    // MARK: - Values

    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else { throw failure("expected a value, found the end of the document") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("expected a value (object, array, string, number, true, false or null), found \(found)")
        }
    }

    mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if peek == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                if peek == UInt8(ascii: "]") { throw failure("expected a value after ',', found ']' (JSON allows no trailing comma)") }
            default: throw failure("expected ',' or ']' after an array element, found \(found)")
            }
        }
    }

    mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        var fields: [String: JSONValue] = [:]
        if peek == UInt8(ascii: "}") {
            position += 1
            return .object(fields)
        }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw failure("expected a key (a string in double quotes), found \(found)") }
            let key = try string()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw failure("expected ':' after the key \"\(key)\", found \(found)") }
            position += 1
            skipWhitespace()
            let fieldValue = try value()
            // JSONDecoder keeps a repeated key's first value; so do we, so that no document changes meaning.
            if fields.index(forKey: key) == nil { fields[key] = fieldValue }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: "}"):
                position += 1
                return .object(fields)
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                if peek == UInt8(ascii: "}") { throw failure("expected a key after ',', found '}' (JSON allows no trailing comma)") }
            default: throw failure("expected ',' or '}' after the value of \"\(key)\", found \(found)")
            }
        }
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth {
            throw JSONSyntaxError(.tooDeep(limit: maxDepth), offset: position, in: bytes, "arrays and objects nest deeper than \(maxDepth) levels")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        var matches = position + count <= bytes.count
        if matches {
            for i in 0..<count where bytes[position + i] != word.utf8Start[i] {
                matches = false
                break
            }
        }
        guard matches else { throw failure("expected \(word), found \(foundWord)") }
        position += count
    }

    // MARK: - Strings

    /// A string from its opening quote; most have no escapes and become a `String` straight from the bytes.
    mutating func string() throws(JSONSyntaxError) -> String {
        let opening = position
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(opening: opening, start: start) }
            try plainByte(byte)
        }
        throw JSONSyntaxError(.syntax, offset: opening, in: bytes, "a string starting here has no closing '\"'")
    }

    /// The rest of a string that has escapes: the bytes so far are copied, then unescaped ones appended.
    mutating func escapedString(opening: Int, start: Int) throws(JSONSyntaxError) -> String {
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try escape(into: &utf8)
                continue
            }
            let from = position
            try plainByte(byte)
            utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<position]))
        }
        throw JSONSyntaxError(.syntax, offset: opening, in: bytes, "a string starting here has no closing '\"'")
    }

    /// Steps over one unescaped character of a string (1-4 bytes), refusing control characters and invalid UTF-8.
    mutating func plainByte(_ byte: UInt8) throws(JSONSyntaxError) {
        if byte < 0x20 { throw failure("control character \(hex(byte)) in a string; write it as \\u00\(hex(byte).dropFirst(2))") }
        if byte < 0x80 {
            position += 1
            return
        }
        // The continuation bytes each lead byte allows (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch byte {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; second = 0x80...0x8F
        default: throw failure("invalid UTF-8 byte \(hex(byte)) in a string; save the file as UTF-8")
        }
        guard position + length <= bytes.count, second.contains(bytes[position + 1]),
              (2..<length).allSatisfy({ (0x80...0xBF).contains(bytes[position + $0]) }) else {
            throw failure("invalid UTF-8 sequence starting with \(hex(byte)) in a string; save the file as UTF-8")
        }
        position += length
    }

    /// One backslash escape, appended as UTF-8.
    mutating func escape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        let backslash = position
        guard position + 1 < bytes.count else { throw failure("expected an escape after '\\', found the end of the document") }
        let letter = bytes[position + 1]
        position += 2
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(letter)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONSyntaxError(.syntax, offset: backslash, in: bytes, "lone low surrogate \\u\(hex4(scalar)) in a string; a surrogate pair starts with a high one (\\uD800-\\uDBFF)")
            }
            if (0xD800...0xDBFF).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw JSONSyntaxError(.syntax, offset: backslash, in: bytes, "lone high surrogate \\u\(hex4(scalar)) in a string; it must be followed by a low one (\\uDC00-\\uDFFF)")
                }
                position += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(.syntax, offset: backslash, in: bytes, "lone high surrogate \\u\(hex4(scalar)) in a string; it must be followed by a low one (\\uDC00-\\uDFFF), not \\u\(hex4(low))")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            utf8.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            position = backslash
            throw failure("invalid escape '\\\(Unicode.Scalar(letter))' in a string; JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        }
    }

    mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        var scalar: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw failure("expected 4 hex digits after \\u, found the end of the document") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected 4 hex digits after \\u, found \(found)")
            }
            scalar = scalar << 4 | UInt32(digit)
            position += 1
        }
        return scalar
    }

    // MARK: - Numbers

    /// A number, as the nearest `Double` to its decimal text. Up to 19 significant digits are gathered
    /// into an integer: one of at most 2^53 times a power of ten up to 10^22 converts exactly with one
    /// multiplication or division (Clinger's fast path); the rest go to the standard library's correctly
    /// rounded conversion.
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var mantissa: UInt64 = 0
        var exponent = 0
        var exact = true
        guard let first = digit(at: position) else { throw failure("expected a digit after '-', found \(found)") }
        if first == 0 {
            position += 1
            if digit(at: position) != nil { throw failure("a number may not start with 0 followed by digits (leading zeros are not JSON)") }
        } else {
            while let d = digit(at: position) {
                if mantissa < 1_000_000_000_000_000_000 { mantissa = mantissa * 10 + UInt64(d) } else { exponent += 1; exact = false }
                position += 1
            }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digit(at: position) != nil else { throw failure("expected a digit after the decimal point, found \(found)") }
            while let d = digit(at: position) {
                if mantissa < 1_000_000_000_000_000_000 { mantissa = mantissa * 10 + UInt64(d); exponent -= 1 } else if d != 0 { exact = false }
                position += 1
            }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            var exponentNegative = false
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") {
                exponentNegative = peek == UInt8(ascii: "-")
                position += 1
            }
            guard digit(at: position) != nil else { throw failure("expected a digit in the exponent, found \(found)") }
            var written = 0
            while let d = digit(at: position) {
                // Past a million the value is zero or infinite whatever the mantissa; stop counting before overflow.
                if written < 1_000_000 { written = written * 10 + d }
                position += 1
            }
            exponent += exponentNegative ? -written : written
        }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        var result: Double
        if exact && mantissa <= 1 << 53 && (-22...22).contains(exponent) {
            result = Double(mantissa)
            if exponent < 0 { result /= Self.powersOfTen[-exponent] } else { result *= Self.powersOfTen[exponent] }
            if negative { result = -result }
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            guard let parsed = Double(text) else {
                throw JSONSyntaxError(.syntax, offset: start, in: bytes, "the number \(text) cannot be read as a 64-bit floating point number")
            }
            result = parsed
        }
        guard result.isFinite && result != 0 else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            throw JSONSyntaxError(.syntax, offset: start, in: bytes,
                                  "the number \(text) is too \(result == 0 ? "small" : "large") for a 64-bit floating point number (it would become \(result))")
        }
        return result
    }

    /// 10^0 ... 10^22, each exact in a Double.
    static let powersOfTen: [Double] = (0...22).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }

    func digit(at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    // MARK: - Helpers

    /// The byte at the cursor, or 0 at the end (0 is never valid there, so comparisons just fail).
    var peek: UInt8 { position < bytes.count ? bytes[position] : 0 }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    /// What is at the cursor, for "expected …, found …".
    var found: String {
        guard position < bytes.count else { return "the end of the document" }
        let byte = bytes[position]
        return (0x21...0x7E).contains(byte) ? "'\(Unicode.Scalar(byte))'" : "byte \(hex(byte))"
    }

    /// The letters at the cursor, for a misspelt `true`, `false` or `null`.
    var foundWord: String {
        var end = position
        while end < bytes.count && end - position < 16,
              (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end] | 0x20) { end += 1 }
        guard end > position else { return found }
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self) + "'"
    }

    func failure(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(.syntax, offset: position, in: bytes, message)
    }

    func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }

    func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
