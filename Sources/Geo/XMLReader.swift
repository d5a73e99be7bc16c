public import Foundation

/// A strict, non-validating pull reader for UTF-8 XML 1.0, as much of it as GPX uses.
///
/// It exists because GPX comes from the HTTP API as arbitrary bytes and Foundation's `XMLParser` traps on some
/// of them (invalid UTF-8 in a name). Here every byte is checked as UTF-8 and as an XML character when it is
/// read, and whatever is not well-formed ends the reading with an ``XMLReaderError`` naming its line and column.
///
/// It reads the XML declaration and processing instructions (skipped), comments (skipped), CDATA sections,
/// elements with attributes, the five predefined entities and character references. It refuses a `<!DOCTYPE>`
/// (so there are no entity declarations to expand and no external entities to fetch) and every other entity.
/// Namespaces are not processed: names are reported as written. Elements are tracked on an explicit stack, not
/// by recursion, so no input can exhaust the call stack; the work is linear in the input's size.
public struct XMLReader: Sendable {
    /// The deepest elements may nest. GPX nests fewer than 10 deep; the limit keeps the element stack small.
    public static let maxDepth = 64
    /// The longest element, attribute or entity name, in bytes.
    public static let maxNameLength = 1_000
    /// The most attributes one element may have. It also bounds the cost of the duplicate check (a scan of the
    /// element's earlier attributes), which keeps reading linear.
    public static let maxAttributes = 256

    /// An attribute, with its references replaced and its whitespace characters turned into spaces.
    public struct Attribute: Sendable, Equatable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// What ``next()`` reads.
    public enum Event: Sendable, Equatable {
        /// A start tag, or an empty-element tag, which is followed at once by its `endElement`.
        case startElement(name: String, attributes: [Attribute])
        case endElement(name: String)
        /// The character data between two tags, as one string: text with its references replaced and CDATA
        /// sections, with line ends turned into "\n"; comments and processing instructions are left out.
        case text(String)
    }

    private let bytes: [UInt8]
    private var pos = 0
    /// Where the document starts, after a byte order mark.
    private var bodyStart = 0
    private var started = false
    /// The names of the open elements, as ranges of `bytes`: compared byte for byte, as XML requires (Swift's
    /// `String` equality would match canonically equivalent names), and without an allocation per element.
    private var open: [Range<Int>] = []
    private var root: Range<Int>?
    private var emptyElementPending = false
    private var attributeNames: [Range<Int>] = []
    // Character data and attribute values are gathered as bytes and decoded once, which keeps reading linear.
    private var text: [UInt8] = []
    private var textStart = 0
    private var value: [UInt8] = []
    private var declaredEncoding: String?
    private var failure: XMLReaderError?

    /// The byte offset where the event last returned by ``next()`` starts; ``location(of:)`` turns it into a line.
    public private(set) var eventOffset = 0
    /// How many elements are open after the last event; 1 after the root's start tag.
    public var depth: Int { open.count }

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ data: Data) { self.init([UInt8](data)) }

    /// The next event, or nil once the root element has been closed and the input ends well-formed. After an
    /// error, every call throws that error again: the reader stopped somewhere inside a construct.
    public mutating func next() throws(XMLReaderError) -> Event? {
        if let failure { throw failure }
        do throws(XMLReaderError) {
            return try step()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func step() throws(XMLReaderError) -> Event? {
        if !started { try begin() }
        if emptyElementPending {
            emptyElementPending = false
            return .endElement(name: string(open.removeLast()))
        }
        while pos < bytes.count {
            guard bytes[pos] == ASCII.lt else {
                if open.isEmpty { try skipSpaceOutsideRoot() } else { try readCharacterData() }
                continue
            }
            let following = pos + 1 < bytes.count ? bytes[pos + 1] : 0
            switch following {
            case ASCII.bang: try readMarkupDeclaration()
            case ASCII.question: try skipProcessingInstruction()
            default:
                if !text.isEmpty {
                    eventOffset = textStart
                    defer { text.removeAll(keepingCapacity: true) }
                    return .text(String(decoding: text, as: UTF8.self))
                }
                return following == ASCII.slash ? try readEndTag() : try readStartTag()
            }
        }
        if let last = open.last { throw fail("the document ends before <\(string(last))> is closed", at: pos) }
        if root == nil { throw fail("the document has no root element", at: pos) }
        return nil
    }

    /// The 1-based line and column of a byte offset, as in ``XMLReaderError``. It scans from the start, which is
    /// fine for error messages, the only place it is needed.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let end = max(0, min(offset, bytes.count))
        var line = 1
        var lineStart = min(bodyStart, end)
        var i = lineStart
        while i < end {
            let b = bytes[i]
            if b == ASCII.lf || (b == ASCII.cr && (i + 1 >= bytes.count || bytes[i + 1] != ASCII.lf)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let column = bytes[lineStart..<end].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (line, column)
    }

    // MARK: - Document structure

    private mutating func begin() throws(XMLReaderError) {
        started = true
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            pos = 3
            bodyStart = 3
        } else if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            throw fail("not UTF-8: the document starts with a UTF-16 byte order mark", at: 0)
        } else if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 {
            throw fail("not UTF-8: the document starts with a zero byte, as UTF-16 does", at: 0)
        }
    }

    private mutating func skipSpaceOutsideRoot() throws(XMLReaderError) {
        while pos < bytes.count, bytes[pos] != ASCII.lt {
            if ASCII.isSpace(bytes[pos]) {
                pos += 1
                continue
            }
            _ = try character(.outsideRoot)
            throw fail(root.map { "text after the root element </\(string($0))>" } ?? "text before the root element", at: pos)
        }
    }

    private mutating func readStartTag() throws(XMLReaderError) -> Event {
        let tagStart = pos
        pos += 1
        let name = try readName(.elementName)
        guard !name.isEmpty else { throw unexpected("an element name after '<' (write &lt; for a '<' in text)", .elementName) }
        if let root, open.isEmpty {
            throw fail("the element <\(string(name))> comes after the root element </\(string(root))>", at: tagStart)
        }
        guard open.count < Self.maxDepth else { throw fail("elements nest deeper than \(Self.maxDepth) levels", at: tagStart) }
        var attributes: [Attribute] = []
        attributeNames.removeAll(keepingCapacity: true)
        tag: while true {
            let spaced = skipSpace()
            guard pos < bytes.count else { throw fail("the document ends inside the tag <\(string(name))>", at: tagStart) }
            switch bytes[pos] {
            case ASCII.gt:
                pos += 1
                break tag
            case ASCII.slash:
                pos += 1
                guard pos < bytes.count, bytes[pos] == ASCII.gt else { throw unexpected("'>' after '/' in <\(string(name))>", .tag) }
                pos += 1
                emptyElementPending = true
                break tag
            default:
                guard spaced else { throw unexpected("whitespace, '>' or '/>' in <\(string(name))>", .tag) }
                guard attributes.count < Self.maxAttributes else {
                    throw fail("<\(string(name))> has more than \(Self.maxAttributes) attributes", at: tagStart)
                }
                attributes.append(try readAttribute(of: name))
            }
        }
        open.append(name)
        root = root ?? name
        eventOffset = tagStart
        return .startElement(name: string(name), attributes: attributes)
    }

    private mutating func readAttribute(of element: Range<Int>) throws(XMLReaderError) -> Attribute {
        let start = pos
        let name = try readName(.attributeName)
        guard !name.isEmpty else { throw unexpected("an attribute name in <\(string(element))>", .attributeName) }
        for other in attributeNames where bytes[other] == bytes[name] {
            throw fail("the attribute \(string(name)) appears twice in <\(string(element))>", at: start)
        }
        attributeNames.append(name)
        skipSpace()
        guard pos < bytes.count, bytes[pos] == ASCII.equals else { throw unexpected("'=' after the attribute name \(string(name))", .tag) }
        pos += 1
        skipSpace()
        guard pos < bytes.count, bytes[pos] == ASCII.quote || bytes[pos] == ASCII.apostrophe else {
            throw unexpected("a quoted value for the attribute \(string(name))", .tag)
        }
        let quote = bytes[pos]
        let valueStart = pos
        pos += 1
        value.removeAll(keepingCapacity: true)
        while pos < bytes.count {
            let b = bytes[pos]
            switch b {
            case quote:
                pos += 1
                return Attribute(name: string(name), value: String(decoding: value, as: UTF8.self))
            case ASCII.lt:
                throw fail("'<' in the value of the attribute \(string(name)) (write &lt;)", at: pos)
            case ASCII.amp:
                let scalar = try readReference(.attributeValue)
                Self.appendUTF8(scalar, to: &value)
            case ASCII.tab, ASCII.lf, ASCII.cr:
                // Attribute-value normalisation: each line end, "\r\n" included, and each tab becomes one space.
                value.append(ASCII.space)
                pos += b == ASCII.cr && pos + 1 < bytes.count && bytes[pos + 1] == ASCII.lf ? 2 : 1
            default:
                let length = try character(.attributeValue).length
                value.append(contentsOf: bytes[pos..<pos + length])
                pos += length
            }
        }
        throw fail("the document ends inside the value of the attribute \(string(name))", at: valueStart)
    }

    private mutating func readEndTag() throws(XMLReaderError) -> Event {
        let tagStart = pos
        pos += 2
        let name = try readName(.elementName)
        guard !name.isEmpty else { throw unexpected("an element name after '</'", .elementName) }
        skipSpace()
        guard pos < bytes.count, bytes[pos] == ASCII.gt else { throw unexpected("'>' to end </\(string(name))>", .tag) }
        pos += 1
        guard let top = open.last else { throw fail("the end tag </\(string(name))> has no start tag", at: tagStart) }
        guard bytes[top] == bytes[name] else {
            throw fail("the end tag </\(string(name))> does not match <\(string(top))>", at: tagStart)
        }
        open.removeLast()
        eventOffset = tagStart
        return .endElement(name: string(name))
    }

    // MARK: - Character data

    private mutating func readCharacterData() throws(XMLReaderError) {
        if text.isEmpty { textStart = pos }
        let runStart = pos
        while pos < bytes.count {
            let b = bytes[pos]
            switch b {
            case ASCII.lt:
                return
            case ASCII.amp:
                let scalar = try readReference(.text)
                Self.appendUTF8(scalar, to: &text)
            case ASCII.cr:
                text.append(ASCII.lf)
                pos += pos + 1 < bytes.count && bytes[pos + 1] == ASCII.lf ? 2 : 1
            case ASCII.gt where pos - runStart >= 2 && bytes[pos - 1] == ASCII.rbracket && bytes[pos - 2] == ASCII.rbracket:
                throw fail("']]>' is not allowed in text", at: pos - 2)
            case 0x20..<0x80, ASCII.tab, ASCII.lf:
                text.append(b)
                pos += 1
            default:
                let length = try character(.text).length
                text.append(contentsOf: bytes[pos..<pos + length])
                pos += length
            }
        }
    }

    /// Reads `&name;`, `&#decimal;` or `&#xhex;` at `pos` and returns the character it stands for.
    private mutating func readReference(_ context: Context) throws(XMLReaderError) -> UInt32 {
        let start = pos
        pos += 1
        if pos < bytes.count, bytes[pos] == ASCII.hash {
            pos += 1
            let hex = pos < bytes.count && bytes[pos] == ASCII.x
            if hex { pos += 1 }
            let digitsStart = pos
            var scalar: UInt32 = 0
            while pos < bytes.count, let digit = ASCII.digit(bytes[pos], hex: hex) {
                // Saturating just above U+10FFFF keeps any number of digits from overflowing.
                scalar = min(scalar * (hex ? 16 : 10) + digit, 0x11_0000)
                pos += 1
            }
            guard pos > digitsStart, pos < bytes.count, bytes[pos] == ASCII.semicolon else {
                throw fail("a malformed character reference \(context.rawValue) (expected &#digits; or &#xhex;)", at: start)
            }
            pos += 1
            guard scalar <= 0x10_FFFF else { throw fail("a character reference above U+10FFFF \(context.rawValue)", at: start) }
            guard ASCII.isXMLCharacter(scalar) else {
                throw fail("a character reference to \(ASCII.hex(scalar, digits: 4, prefix: "U+")), which XML does not allow", at: start)
            }
            return scalar
        }
        let name = try readName(.reference)
        guard !name.isEmpty, pos < bytes.count, bytes[pos] == ASCII.semicolon else {
            throw fail("a '&' that starts no entity or character reference \(context.rawValue) (write &amp; for '&')", at: start)
        }
        pos += 1
        for (entity, scalar) in ASCII.predefinedEntities where bytes[name].elementsEqual(entity.utf8) {
            return scalar
        }
        throw fail("entity &\(string(name)); is not defined; GPX needs none", at: start)
    }

    // MARK: - Markup that is skipped or refused

    /// `<!--`, `<![CDATA[`, or a refused `<!DOCTYPE`.
    private mutating func readMarkupDeclaration() throws(XMLReaderError) {
        let start = pos
        if bytes[pos...].starts(with: "<!--".utf8) {
            pos += 4
            while pos < bytes.count {
                if bytes[pos] == ASCII.dash, pos + 1 < bytes.count, bytes[pos + 1] == ASCII.dash {
                    guard pos + 2 < bytes.count else { break }
                    guard bytes[pos + 2] == ASCII.gt else { throw fail("'--' inside a comment", at: pos) }
                    pos += 3
                    return
                }
                pos += try character(.comment).length
            }
            throw fail("the document ends inside a comment", at: start)
        }
        if bytes[pos...].starts(with: "<![CDATA[".utf8) {
            guard !open.isEmpty else { throw fail("a CDATA section outside the root element", at: start) }
            if text.isEmpty { textStart = start }
            pos += 9
            while pos < bytes.count {
                let b = bytes[pos]
                if b == ASCII.rbracket, bytes[pos...].starts(with: "]]>".utf8) {
                    pos += 3
                    return
                }
                if b == ASCII.cr {
                    text.append(ASCII.lf)
                    pos += pos + 1 < bytes.count && bytes[pos + 1] == ASCII.lf ? 2 : 1
                } else {
                    let length = try character(.cdata).length
                    text.append(contentsOf: bytes[pos..<pos + length])
                    pos += length
                }
            }
            throw fail("the document ends inside a CDATA section", at: start)
        }
        if bytes[pos...].starts(with: "<!DOCTYPE".utf8) {
            throw fail("a <!DOCTYPE> is not accepted: no DTD is read, so no entity can be declared (GPX needs none)", at: start)
        }
        throw fail("'<!' starts neither a comment nor a CDATA section", at: start)
    }

    /// `<?target …?>`, the XML declaration included: nothing in them matters for reading UTF-8 GPX.
    private mutating func skipProcessingInstruction() throws(XMLReaderError) {
        let start = pos
        pos += 2
        let target = try readName(.processingInstruction)
        guard !target.isEmpty else { throw unexpected("a processing-instruction target after '<?'", .processingInstruction) }
        let isDeclaration = bytes[target].count == 3 && bytes[target].map({ $0 | 0x20 }).elementsEqual("xml".utf8)
        if isDeclaration, start != bodyStart {
            throw fail("the XML declaration <?xml …?> must come first in the document", at: start)
        }
        guard skipSpace() || bytes[pos...].starts(with: "?>".utf8) else {
            throw unexpected("whitespace or '?>' after <?\(string(target))", .processingInstruction)
        }
        let contentStart = pos
        while pos < bytes.count {
            if bytes[pos] == ASCII.question, pos + 1 < bytes.count, bytes[pos + 1] == ASCII.gt {
                if isDeclaration { declaredEncoding = Self.foreignEncoding(in: bytes[contentStart..<pos]) }
                pos += 2
                return
            }
            pos += try character(.processingInstruction).length
        }
        throw fail("the document ends inside <?\(string(target)) …?>", at: start)
    }

    // MARK: - Names, characters, UTF-8

    /// Reads a name at `pos`; empty when the character there cannot start one, which the caller reports.
    private mutating func readName(_ context: Context) throws(XMLReaderError) -> Range<Int> {
        let start = pos
        while pos < bytes.count {
            let (scalar, length) = try character(context)
            guard pos == start ? ASCII.isNameStart(scalar) : ASCII.isNameCharacter(scalar) else { break }
            pos += length
            if pos - start > Self.maxNameLength {
                throw fail("\(context.noun) longer than \(Self.maxNameLength) bytes", at: start)
            }
        }
        return start..<pos
    }

    /// The encoding an XML declaration names when it is not UTF-8 (or ASCII, a part of it). Only UTF-8 is read
    /// either way, but an error about invalid UTF-8 in such a document says so.
    private static func foreignEncoding(in declaration: ArraySlice<UInt8>) -> String? {
        guard let key = declaration.firstRange(of: "encoding".utf8) else { return nil }
        let name = declaration[key.upperBound...]
            .drop { ASCII.isSpace($0) || $0 == ASCII.equals || $0 == ASCII.quote || $0 == ASCII.apostrophe }
            .prefix { ASCII.isEncodingNameByte($0) }
            .prefix(40)
        let encoding = String(decoding: name, as: UTF8.self)
        return encoding.isEmpty || ["utf-8", "utf8", "us-ascii", "ascii"].contains(encoding.lowercased()) ? nil : encoding
    }

    /// Whether any whitespace was skipped.
    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = pos
        while pos < bytes.count, ASCII.isSpace(bytes[pos]) { pos += 1 }
        return pos > start
    }

    /// Decodes the UTF-8 character at `pos` and checks that XML allows it; `pos` does not move.
    private func character(_ context: Context) throws(XMLReaderError) -> (scalar: UInt32, length: Int) {
        let lead = bytes[pos]
        if lead < 0x80 {
            guard lead >= 0x20 || lead == ASCII.tab || lead == ASCII.lf || lead == ASCII.cr else {
                throw fail("the character \(ASCII.hex(UInt32(lead), digits: 4, prefix: "U+")) \(context.rawValue) is not allowed in XML", at: pos)
            }
            return (UInt32(lead), 1)
        }
        // Unicode's table of well-formed UTF-8: the second byte's narrower ranges after E0, ED, F0 and F4 are
        // what exclude overlong forms, surrogates and code points above U+10FFFF; C0, C1 and F5–FF never occur.
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xED: length = 3; high = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; low = 0x90
        case 0xF4: length = 4; high = 0x8F
        case 0xF1...0xF3: length = 4
        default: throw notUTF8("invalid UTF-8 byte \(ASCII.hex(UInt32(lead), digits: 2, prefix: "0x")) \(context.rawValue)")
        }
        var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for i in 1..<length {
            guard pos + i < bytes.count else {
                throw notUTF8("truncated UTF-8 sequence \(hexBytes(pos..<bytes.count)) \(context.rawValue) at the end of the input")
            }
            let b = bytes[pos + i]
            guard i == 1 ? (low...high).contains(b) : (0x80...0xBF).contains(b) else {
                throw notUTF8("invalid UTF-8 sequence \(hexBytes(pos..<pos + i + 1)) \(context.rawValue)")
            }
            scalar = scalar << 6 | UInt32(b & 0x3F)
        }
        guard scalar != 0xFFFE, scalar != 0xFFFF else {
            throw fail("the character \(ASCII.hex(scalar, digits: 4, prefix: "U+")) \(context.rawValue) is not allowed in XML", at: pos)
        }
        return (scalar, length)
    }

    // MARK: - Errors

    private func fail(_ reason: String, at offset: Int) -> XMLReaderError {
        let (line, column) = location(of: offset)
        return XMLReaderError(line: line, column: column, offset: offset, reason: reason)
    }

    private func notUTF8(_ reason: String) -> XMLReaderError {
        fail(reason + (declaredEncoding.map { " (the document declares the encoding \($0), but only UTF-8 is read)" } ?? ""), at: pos)
    }

    /// The error for what is at `pos` where `expected` should be; invalid UTF-8 there is reported as that.
    private func unexpected(_ expected: String, _ context: Context) -> XMLReaderError {
        guard pos < bytes.count else { return fail("expected \(expected), found the end of the input", at: pos) }
        do throws(XMLReaderError) {
            let scalar = try character(context).scalar
            let found = (0x21..<0x7F).contains(scalar) ? "'\(Character(Unicode.Scalar(UInt8(scalar))))'"
                : ASCII.hex(scalar, digits: 4, prefix: "U+")
            return fail("expected \(expected), found \(found)", at: pos)
        } catch {
            return error
        }
    }

    private func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    private func hexBytes(_ range: Range<Int>) -> String {
        bytes[range].map { ASCII.hex(UInt32($0), digits: 2, prefix: "0x") }.joined(separator: " ")
    }

    /// Where a character was read, as error messages say it.
    private enum Context: String {
        case elementName = "in an element name"
        case attributeName = "in an attribute name"
        case attributeValue = "in an attribute value"
        case tag = "in a tag"
        case text = "in text"
        case cdata = "in a CDATA section"
        case comment = "in a comment"
        case processingInstruction = "in a processing instruction"
        case reference = "in an entity reference"
        case outsideRoot = "outside the root element"

        var noun: String {
            switch self {
            case .elementName: "an element name"
            case .attributeName: "an attribute name"
            case .reference: "an entity name"
            case .processingInstruction: "a processing-instruction target"
            default: "a name"
            }
        }
    }

    /// Appends a scalar the caller has checked (at most U+10FFFF, no surrogate) as UTF-8.
    private static func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            buffer.append(UInt8(scalar))
        case ..<0x800:
            buffer.append(0xC0 | UInt8(scalar >> 6))
            buffer.append(0x80 | UInt8(scalar & 0x3F))
        case ..<0x1_0000:
            buffer.append(0xE0 | UInt8(scalar >> 12))
            buffer.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            buffer.append(0x80 | UInt8(scalar & 0x3F))
        default:
            buffer.append(0xF0 | UInt8(scalar >> 18 & 0x07))
            buffer.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            buffer.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            buffer.append(0x80 | UInt8(scalar & 0x3F))
        }
    }
}

/// The byte values and character classes the reader needs.
private enum ASCII {
    static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
    static let bang = UInt8(ascii: "!"), quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#"), amp = UInt8(ascii: "&")
    static let apostrophe = UInt8(ascii: "'"), dash = UInt8(ascii: "-"), slash = UInt8(ascii: "/")
    static let semicolon = UInt8(ascii: ";"), lt = UInt8(ascii: "<"), equals = UInt8(ascii: "="), gt = UInt8(ascii: ">")
    static let question = UInt8(ascii: "?"), rbracket = UInt8(ascii: "]"), x = UInt8(ascii: "x")

    static let predefinedEntities: [(String, UInt32)] = [("lt", 0x3C), ("gt", 0x3E), ("amp", 0x26), ("quot", 0x22), ("apos", 0x27)]

    static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab || b == lf || b == cr }

    /// XML's `EncName` characters.
    static func isEncodingNameByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x5F, 0x2D: true
        default: false
        }
    }

    static func digit(_ b: UInt8, hex: Bool) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46 where hex: UInt32(b - 0x41 + 10)
        case 0x61...0x66 where hex: UInt32(b - 0x61 + 10)
        default: nil
        }
    }

    /// XML 1.0's `Char`: no C0 controls but tab and line ends, no surrogates, no U+FFFE or U+FFFF.
    static func isXMLCharacter(_ c: UInt32) -> Bool {
        switch c {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
        default: false
        }
    }

    /// XML 1.0 (fifth edition)'s `NameStartChar`.
    static func isNameStart(_ c: UInt32) -> Bool {
        switch c {
        case 0x41...0x5A, 0x61...0x7A, 0x5F, 0x3A: true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F,
             0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x1_0000...0xE_FFFF: true
        default: false
        }
    }

    /// XML 1.0 (fifth edition)'s `NameChar`.
    static func isNameCharacter(_ c: UInt32) -> Bool {
        switch c {
        case 0x30...0x39, 0x2D, 0x2E, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(c)
        }
    }

    static func hex(_ value: UInt32, digits: Int, prefix: String) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return prefix + String(repeating: "0", count: max(0, digits - hex.count)) + hex
    }
}
