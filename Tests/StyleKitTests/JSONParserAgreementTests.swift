import Foundation
import Testing
@testable import StyleKit
import TestSupport

/// The parser against Foundation's `JSONDecoder`, which it replaced: on the repository's JSON files and on
/// generated and mutated documents, both build the same value or both refuse. The only texts where they may
/// differ are the ones `JSONParser` documents refusing on purpose: a trailing comma, a NUL after the value, and a
/// fault inside a value hidden by a repeated key (which JSONDecoder never looks at).
@Suite struct JSONParserAgreementTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    enum Verdict {
        case same
        case bothRefuse
        case onPurpose
        /// Refused for a fault in a value that JSONDecoder skips because an earlier key of the same name hides it.
        case hiddenByRepeatedKey
        case differ(String)
    }

    static func compare(_ bytes: [UInt8]) -> Verdict {
        let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        let parsed: Result<JSONValue, JSONSyntaxError> = Result { () throws(JSONSyntaxError) -> JSONValue in try JSONParser.parse(bytes) }
        switch (decoded, parsed) {
        case (nil, .failure): return .bothRefuse
        case (let decoded?, .success(let value)):
            return identical(decoded, value) ? .same : .differ("values differ: JSONDecoder \(decoded), JSONParser \(value)")
        case (nil, .success(let value)): return .differ("only JSONDecoder refuses; JSONParser read \(value)")
        case (_?, .failure(let error)):
            if error.message.hasSuffix("(JSON allows no trailing comma)") { return .onPurpose }
            if error.message == "expected the end of the document after its value, found byte 0x00" { return .onPurpose }
            // JSONDecoder checks a number or a string's escapes only when it decodes the value, and never decodes
            // one that a repeated key's first value hides. JSONSerialization checks every value as it reads: if it
            // refuses too, the fault is in such a hidden value. (It reads a number too small for a double as 0,
            // which JSONDecoder and JSONParser refuse, so that refusal is taken on JSONDecoder's word elsewhere.)
            if (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) == nil || error.message.contains("is too small") {
                return .hiddenByRepeatedKey
            }
            return .differ("only JSONParser refuses: \(error)")
        }
    }

    /// Equal, and numbers equal to the bit (so that -0 and 0 differ).
    static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): x.bitPattern == y.bitPattern
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.object(let x), .object(let y)): x.count == y.count && x.allSatisfy { key, value in y[key].map { identical(value, $0) } ?? false }
        default: a == b
        }
    }

    @Test func agreesOnTheRepositorysJSONFiles() throws {
        var files: [URL] = []
        for directory in ["Styles", "Tests/Fixtures", "Fuzz/Seeds"] {
            let enumerator = try #require(FileManager.default.enumerator(at: Self.repo.appendingPathComponent(directory), includingPropertiesForKeys: nil))
            for case let url as URL in enumerator where url.pathExtension == "json" { files.append(url) }
        }
        #expect(files.count > 300)
        var read = 0
        for url in files {
            let bytes = [UInt8](try Data(contentsOf: url))
            // JSONDecoder is slow on this type; the largest fixtures add nothing the others do not test.
            guard bytes.count <= 400_000 else { continue }
            switch Self.compare(bytes) {
            case .same: read += 1
            case .bothRefuse: continue
            case .onPurpose, .hiddenByRepeatedKey: Issue.record("\(url.path): a repository file relies on what JSONParser refuses on purpose")
            case .differ(let why): Issue.record("\(url.path): \(why)")
            }
        }
        #expect(read > 300)
    }

    @Test func agreesOnGeneratedAndMutatedDocuments() {
        var random = SplitMix64(seed: 26)
        var counts = (same: 0, bothRefuse: 0, onPurpose: 0, hidden: 0)
        for _ in 0..<600 {
            var writer = DocumentWriter(random: random)
            let (text, value) = writer.document()
            random = writer.random
            // The generated text means what the generator meant.
            let parsed = try? JSONParser.parse(text)
            #expect(parsed.map { Self.identical($0, value) } == true, "\(String(decoding: text, as: UTF8.self))")
            for mutant in [text] + (0..<8).map({ _ in Self.mutate(text, &random) }) {
                switch Self.compare(mutant) {
                case .same: counts.same += 1
                case .bothRefuse: counts.bothRefuse += 1
                case .onPurpose: counts.onPurpose += 1
                case .hiddenByRepeatedKey: counts.hidden += 1
                case .differ(let why): Issue.record("\(why) on \(mutant): \(String(decoding: mutant, as: UTF8.self).debugDescription)")
                }
            }
        }
        // Both outcomes are well represented, so the agreement means something.
        #expect(counts.same > 1_000 && counts.bothRefuse > 1_000, "\(counts)")
        #expect(counts.onPurpose + counts.hidden < counts.same / 20, "\(counts)")
    }

    /// One random edit where JSON is easiest to break: a byte deleted, inserted, replaced, or a slice repeated.
    static func mutate(_ text: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = text
        let interesting = Array(",:[]{}\"\\0-+.eE u9 \n".utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xED, 0xFF]
        let at = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0 where at < bytes.count: bytes.remove(at: at)
        case 1: bytes.insert(interesting.randomElement(using: &random)!, at: at)
        case 2 where at < bytes.count: bytes[at] = interesting.randomElement(using: &random)!
        default:
            let end = min(bytes.count, at + Int.random(in: 1...6, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        }
        return bytes
    }
}

/// Writes random JSON texts, with varied spacing, number spellings and escapes, together with the value each means.
struct DocumentWriter {
    var random: SplitMix64
    var text: [UInt8] = []

    mutating func document() -> ([UInt8], JSONValue) {
        text = []
        space()
        let value = write(depth: 0)
        space()
        return (text, value)
    }

    mutating func write(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth < 4 ? 9 : 6), using: &random) {
        case 0: emit("null"); return .null
        case 1: let flag = Bool.random(using: &random); emit(flag ? "true" : "false"); return .bool(flag)
        case 2, 3: return .number(number())
        case 4, 5: return .string(string())
        case 6, 7:
            emit("[")
            space()
            var elements: [JSONValue] = []
            for i in 0..<Int.random(in: 0...4, using: &random) {
                if i > 0 { emit(","); space() }
                elements.append(write(depth: depth + 1))
                space()
            }
            emit("]")
            return .array(elements)
        default:
            emit("{")
            space()
            var fields: [String: JSONValue] = [:]
            for i in 0..<Int.random(in: 0...4, using: &random) {
                if i > 0 { emit(","); space() }
                let key = string()
                space()
                emit(":")
                space()
                let value = write(depth: depth + 1)
                if fields[key] == nil { fields[key] = value }
                space()
            }
            emit("}")
            return .object(fields)
        }
    }

    mutating func number() -> Double {
        let spelling: String
        switch Int.random(in: 0..<6, using: &random) {
        case 0: spelling = String(Int.random(in: -1_000...1_000, using: &random))
        case 1:
            // Shortest round-trip spelling of any finite double ("1e-05", "-0.0", "5e-324", "1.7976931348623157e+308").
            var value = Double(bitPattern: random.next())
            while !value.isFinite { value = Double(bitPattern: random.next()) }
            spelling = "\(value)"
        case 2: spelling = "\(Double.random(in: -1e6...1e6, using: &random))"
        default:
            // Digits, fraction and exponent of random lengths: past the fast path, near the ends of the range.
            var s = Bool.random(using: &random) ? "-" : ""
            s += Int.random(in: 0..<4, using: &random) == 0 ? "0" : String(Int.random(in: 1...9, using: &random)) + digits(0...25)
            if Bool.random(using: &random) { s += "." + digits(1...25) }
            if Bool.random(using: &random) {
                s += ["e", "E"].randomElement(using: &random)! + ["", "+", "-"].randomElement(using: &random)!
                s += String(Int.random(in: 0...330, using: &random))
            }
            spelling = s
        }
        guard let value = Double(spelling), value.isFinite, value != 0 || !spelling.contains(where: { "123456789".contains($0) }) else {
            return number()
        }
        emit(spelling)
        return value
    }

    mutating func digits(_ count: ClosedRange<Int>) -> String {
        String((0..<Int.random(in: count, using: &random)).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }

    mutating func string() -> String {
        let pieces: [(String, String)] = [("a", "a"), ("Z", "Z"), (" ", " "), ("é", "é"), ("😀", "😀"), ("\\\"", "\""), ("\\\\", "\\"),
                                          ("\\/", "/"), ("\\n", "\n"), ("\\t", "\t"), ("\\u00e9", "é"), ("\\u0000", "\u{0}"),
                                          ("\\uD83D\\uDE00", "😀"), ("\\u001f", "\u{1F}"), ("[", "["), ("{", "{"), (",", ",")]
        var written = ""
        var meant = ""
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            let (spelling, value) = pieces.randomElement(using: &random)!
            written += spelling
            meant += value
        }
        emit("\"" + written + "\"")
        return meant
    }

    mutating func space() {
        for _ in 0..<Int.random(in: 0...2, using: &random) { emit([" ", "\n", "\t", "\r\n"].randomElement(using: &random)!) }
    }

    mutating func emit(_ s: String) { text += Array(s.utf8) }
}
