import Testing
@testable import StyleKit

/// The JSON parser's values, its refusals and where its errors point.
@Suite struct JSONParserTests {
    static func parse(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), maxDepth: maxDepth)
    }

    static func error(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONSyntaxError? {
        error(Array(text.utf8), maxDepth: maxDepth)
    }

    static func error(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryKindOfValue() throws {
        let value = try Self.parse(#" {"a": [1, -2.5, true, false, null, "x"], "b": {}, "c": [], "d": {"e": 1e2}} "#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-2.5), .bool(true), .bool(false), .null, .string("x")]),
            "b": .object([:]), "c": .array([]), "d": .object(["e": .number(100)]),
        ]))
        #expect(try Self.parse("null") == .null)
        #expect(try Self.parse("\t\r\n 7 \n") == .number(7))
        #expect(try Self.parse("\"\"") == .string(""))
    }

    @Test func numbersAreTheNearestDoubles() throws {
        for text in ["0", "-0", "1", "-1", "0.1", "0.30000000000000004", "123e-2", "1E2", "1e+2", "1.5e0008", "9007199254740993",
                     "-9007199254740993", "123456789012345678901234567890", "2.2250738585072011e-308", "4.9e-324", "1e-320",
                     "1.7976931348623157e308", "1.7976931348623158e308", "1e22", "1e23", "0.000000000000000000000000001",
                     "12345678901234567890.5", "3.14159265358979323846264338327950288", "0e400", "0.0e-999"] {
            let value = try Self.parse(text)
            let expected = try #require(Double(text))
            #expect(value == .number(expected), "\(text)")
            if case .number(let number) = value { #expect(number.sign == expected.sign, "\(text)") }
        }
    }

    @Test func refusesNumbersJSONDoesNotHaveOrADoubleCannotHold() {
        let cases: [(String, String)] = [
            ("01", "a number may not start with 0 followed by digits (leading zeros are not JSON) at line 1, column 2 (byte 1)"),
            ("-01", "a number may not start with 0 followed by digits (leading zeros are not JSON) at line 1, column 3 (byte 2)"),
            ("+1", "expected a value (object, array, string, number, true, false or null), found '+' at line 1, column 1 (byte 0)"),
            (".5", "expected a value (object, array, string, number, true, false or null), found '.' at line 1, column 1 (byte 0)"),
            ("1.", "expected a digit after the decimal point, found the end of the document at line 1, column 3 (byte 2)"),
            ("1e", "expected a digit in the exponent, found the end of the document at line 1, column 3 (byte 2)"),
            ("-", "expected a digit after '-', found the end of the document at line 1, column 2 (byte 1)"),
            ("NaN", "expected a value (object, array, string, number, true, false or null), found 'N' at line 1, column 1 (byte 0)"),
            ("-Infinity", "expected a digit after '-', found 'I' at line 1, column 2 (byte 1)"),
            ("0x1", "expected the end of the document after its value, found 'x' at line 1, column 2 (byte 1)"),
            ("[1e400]", "the number 1e400 is too large for a 64-bit floating point number (it would become inf) at line 1, column 2 (byte 1)"),
            ("-1.8e308", "the number -1.8e308 is too large for a 64-bit floating point number (it would become -inf) at line 1, column 1 (byte 0)"),
            ("1e-400", "the number 1e-400 is too small for a 64-bit floating point number (it would become 0.0) at line 1, column 1 (byte 0)"),
            ("2e-324", "the number 2e-324 is too small for a 64-bit floating point number (it would become 0.0) at line 1, column 1 (byte 0)"),
        ]
        for (text, message) in cases {
            #expect(Self.error(text)?.description == message, "\(text)")
        }
    }

    @Test func stringsUnescapeAndKeepUnicode() throws {
        #expect(try Self.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
        #expect(try Self.parse(#""\u00e9\u00E9é""#) == .string("ééé"))
        #expect(try Self.parse(#""\ud83d\ude00 😀""#) == .string("😀 😀"))
        #expect(try Self.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try Self.parse("\"\u{7F}\"") == .string("\u{7F}"))
        #expect(try Self.parse(#"{"k\u0065y": "v"}"#) == .object(["key": .string("v")]))
    }

    @Test func refusesBadStrings() {
        let cases: [(String, String)] = [
            ("\"a\tb\"", "control character 0x09 in a string; write it as \\u0009 at line 1, column 3 (byte 2)"),
            ("\"a\nb\"", "control character 0x0A in a string; write it as \\u000A at line 1, column 3 (byte 2)"),
            (#""\x""#, "invalid escape '\\x' in a string; JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX at line 1, column 2 (byte 1)"),
            (#""\u00""#, "expected 4 hex digits after \\u, found '\"' at line 1, column 6 (byte 5)"),
            (#""\ud800""#, "lone high surrogate \\uD800 in a string; it must be followed by a low one (\\uDC00-\\uDFFF) at line 1, column 2 (byte 1)"),
            (#""x\ud800\u0041""#, "lone high surrogate \\uD800 in a string; it must be followed by a low one (\\uDC00-\\uDFFF), not \\u0041 at line 1, column 3 (byte 2)"),
            (#""\udc00x""#, "lone low surrogate \\uDC00 in a string; a surrogate pair starts with a high one (\\uD800-\\uDBFF) at line 1, column 2 (byte 1)"),
            ("[\"abc", "a string starting here has no closing '\"' at line 1, column 2 (byte 1)"),
        ]
        for (text, message) in cases {
            #expect(Self.error(text)?.description == message, "\(text)")
        }
    }

    @Test func refusesInvalidUTF8() throws {
        let cases: [([UInt8], String)] = [
            ([0x22, 0xFF, 0x22], "invalid UTF-8 byte 0xFF in a string; save the file as UTF-8 at line 1, column 2 (byte 1)"),
            ([0x22, 0xC3, 0x22], "invalid UTF-8 sequence starting with 0xC3 in a string; save the file as UTF-8 at line 1, column 2 (byte 1)"),
            // Overlong "/", an encoded surrogate, and a code point past U+10FFFF.
            ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 byte 0xC0 in a string; save the file as UTF-8 at line 1, column 2 (byte 1)"),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 sequence starting with 0xED in a string; save the file as UTF-8 at line 1, column 2 (byte 1)"),
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8 sequence starting with 0xF4 in a string; save the file as UTF-8 at line 1, column 2 (byte 1)"),
            // After an escape, the copying path checks the same.
            ([0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x22], "invalid UTF-8 sequence starting with 0xE2 in a string; save the file as UTF-8 at line 1, column 4 (byte 3)"),
        ]
        for (bytes, message) in cases {
            #expect(Self.error(bytes)?.description == message, "\(bytes)")
        }
        #expect(try JSONParser.parse([0x22, 0xF0, 0x9F, 0x98, 0x80, 0xE2, 0x82, 0xAC, 0x22]) == .string("😀€"))
    }

    @Test func isStrictAboutStructure() {
        let cases: [(String, String)] = [
            ("[1,]", "expected a value after ',', found ']' (JSON allows no trailing comma) at line 1, column 4 (byte 3)"),
            ("{\"a\": 1,\n }", "expected a key after ',', found '}' (JSON allows no trailing comma) at line 2, column 2 (byte 10)"),
            ("[1 2]", "expected ',' or ']' after an array element, found '2' at line 1, column 4 (byte 3)"),
            ("[1,,2]", "expected a value (object, array, string, number, true, false or null), found ',' at line 1, column 4 (byte 3)"),
            ("{\"a\" 1}", "expected ':' after the key \"a\", found '1' at line 1, column 6 (byte 5)"),
            ("{\"a\": 1 \"b\": 2}", "expected ',' or '}' after the value of \"a\", found '\"' at line 1, column 9 (byte 8)"),
            ("{1: 2}", "expected a key (a string in double quotes), found '1' at line 1, column 2 (byte 1)"),
            ("[1]\u{0}", "expected the end of the document after its value, found byte 0x00 at line 1, column 4 (byte 3)"),
            ("[] []", "expected the end of the document after its value, found '[' at line 1, column 4 (byte 3)"),
            ("", "expected a value, found the end of the document at line 1, column 1 (byte 0)"),
            ("  \n", "expected a value, found the end of the document at line 2, column 1 (byte 3)"),
            ("[tru]", "expected true, found 'tru' at line 1, column 2 (byte 1)"),
            ("nul", "expected null, found 'nul' at line 1, column 1 (byte 0)"),
            ("\u{C}1", "expected a value (object, array, string, number, true, false or null), found byte 0x0C at line 1, column 1 (byte 0)"),
            ("{\"a\": [1, 2", "expected ',' or ']' after an array element, found the end of the document at line 1, column 12 (byte 11)"),
        ]
        for (text, message) in cases {
            #expect(Self.error(text)?.description == message, "\(text.debugDescription)")
        }
    }

    @Test func skipsAByteOrderMarkAsJSONDecoderDoes() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number(1)]))
    }

    @Test func aRepeatedKeyKeepsItsFirstValueAsJSONDecoderDoes() throws {
        #expect(try Self.parse(#"{"a": {"b": 1, "b": 2}, "a": 3}"#) == .object(["a": .object(["b": .number(1)])]))
    }

    @Test func nestingPastTheLimitIsRefusedAtTheBracketThatGoesTooDeep() throws {
        let limit = 5
        let fits = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try Self.parse(fits, maxDepth: limit) == (0..<limit - 1).reduce(JSONValue.array([])) { inner, _ in .array([inner]) })
        let error = try #require(Self.error("{\"a\":\n  [{\"b\": [[[]]]}]}", maxDepth: limit))
        #expect(error.kind == .tooDeep(limit: 5))
        #expect((error.line, error.column, error.offset) == (2, 12, 17))
        #expect(error.description == "arrays and objects nest deeper than 5 levels at line 2, column 12 (byte 17)")
        // Brackets in strings do not nest.
        #expect(try Self.parse("[\"[[[[[[[[\"]", maxDepth: 1) == .array([.string("[[[[[[[[")]))
        // The default limit holds any depth a real document has, and stops a hostile one before the stack runs out.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.error(deep)?.kind == .tooDeep(limit: JSONParser.defaultMaxDepth))
    }
}
