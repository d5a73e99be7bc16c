import Testing
@testable import Geo

/// The strict XML reader under GPX: what it reads, and the exact error for each way a document can be broken.
@Suite struct XMLReaderTests {
    static func events(_ bytes: [UInt8]) throws(XMLReaderError) -> [XMLReader.Event] {
        var reader = XMLReader(bytes)
        var events: [XMLReader.Event] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    static func events(_ text: String) throws(XMLReaderError) -> [XMLReader.Event] { try events(Array(text.utf8)) }

    static func error(_ bytes: [UInt8]) -> XMLReaderError? {
        do throws(XMLReaderError) {
            _ = try events(bytes)
            return nil
        } catch {
            return error
        }
    }

    static func error(_ text: String) -> XMLReaderError? { error(Array(text.utf8)) }

    @Test func readsElementsAttributesAndText() throws {
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- before -->\n<a x=\"1\" y='two'>\r\n hi<b/><?pi skipped?><?empty?></a>\n"
        #expect(try Self.events(document) == [
            .startElement(name: "a", attributes: [.init(name: "x", value: "1"), .init(name: "y", value: "two")]),
            .text("\n hi"),
            .startElement(name: "b", attributes: []),
            .endElement(name: "b"),
            .endElement(name: "a"),
        ])
    }

    @Test func joinsTextCDATAAndReferencesAcrossComments() throws {
        let document = "<n>a &lt;&gt;&amp;&quot;&apos; &#65;&#x1F600;<!-- gone --><![CDATA[<b>&amp;]]]]>\rz</n>"
        #expect(try Self.events(document) == [.startElement(name: "n", attributes: []), .text("a <>&\"' A😀<b>&amp;]]\nz"), .endElement(name: "n")])
    }

    @Test func normalisesAttributeValues() throws {
        let events = try Self.events("<a v=\"1\r\n2\t3\n&#10;&lt;&#x27;\"/>")
        #expect(events.first == .startElement(name: "a", attributes: [.init(name: "v", value: "1 2 3 \n<'")]))
    }

    @Test func readsNonASCIINamesAndAByteOrderMark() throws {
        let events = try Self.events([0xEF, 0xBB, 0xBF] + Array("<élément_1.x-y:z ñ=\"ü\">😀</élément_1.x-y:z>".utf8))
        #expect(events == [
            .startElement(name: "élément_1.x-y:z", attributes: [.init(name: "ñ", value: "ü")]), .text("😀"), .endElement(name: "élément_1.x-y:z"),
        ])
    }

    @Test func keepsReturningNilAfterTheEnd() throws {
        var reader = XMLReader(Array("<a/>".utf8))
        #expect(try reader.next() == .startElement(name: "a", attributes: []))
        #expect(try reader.next() == .endElement(name: "a"))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func keepsThrowingTheSameErrorAfterAnError() throws {
        var reader = XMLReader(Array("<a><b x='1' x='2'/></a>".utf8))
        #expect(try reader.next() == .startElement(name: "a", attributes: []))
        let first = #expect(throws: XMLReaderError.self) { try reader.next() }
        let second = #expect(throws: XMLReaderError.self) { try reader.next() }
        #expect(first == second && first?.reason == "the attribute x appears twice in <b>")
    }

    @Test func rejectsInvalidUTF8WhereverItIs() {
        let cases: [([UInt8], Int, Int, String)] = [
            (Array("<a\n b".utf8) + [0xFF] + Array("=\"1\"/>".utf8), 2, 3, "invalid UTF-8 byte 0xFF in an attribute name"),
            (Array("<a".utf8) + [0xFF] + Array("/>".utf8), 1, 3, "invalid UTF-8 byte 0xFF in an element name"),
            (Array("<a b=\"é".utf8) + [0x80] + Array("\"/>".utf8), 1, 8, "invalid UTF-8 byte 0x80 in an attribute value"),
            (Array("<a>\r\n\r\n x".utf8) + [0xC3, 0x28] + Array("</a>".utf8), 3, 3, "invalid UTF-8 sequence 0xC3 0x28 in text"),
            (Array("<a><!--".utf8) + [0xC0, 0xAF] + Array("--></a>".utf8), 1, 8, "invalid UTF-8 byte 0xC0 in a comment"),
            (Array("<a><![CDATA[".utf8) + [0xE0, 0x80, 0xAF] + Array("]]></a>".utf8), 1, 13, "invalid UTF-8 sequence 0xE0 0x80 in a CDATA section"),
            (Array("<a>".utf8) + [0xED, 0xA0, 0x80] + Array("</a>".utf8), 1, 4, "invalid UTF-8 sequence 0xED 0xA0 in text"),
            (Array("<a>".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("</a>".utf8), 1, 4, "invalid UTF-8 sequence 0xF4 0x90 in text"),
            (Array("<a>".utf8) + [0xF5, 0x80, 0x80, 0x80] + Array("</a>".utf8), 1, 4, "invalid UTF-8 byte 0xF5 in text"),
            (Array("<a>".utf8) + [0xF0, 0x9F, 0x98], 1, 4, "truncated UTF-8 sequence 0xF0 0x9F 0x98 in text at the end of the input"),
            (Array("<?pi ".utf8) + [0xFE] + Array("?><a/>".utf8), 1, 6, "invalid UTF-8 byte 0xFE in a processing instruction"),
            (Array("<a/>".utf8) + [0xFF], 1, 5, "invalid UTF-8 byte 0xFF outside the root element"),
            (Array("<a>".utf8) + [0xEF, 0xBF, 0xBF] + Array("</a>".utf8), 1, 4, "the character U+FFFF in text is not allowed in XML"),
            (Array("<a>\u{1}</a>".utf8), 1, 4, "the character U+0001 in text is not allowed in XML"),
            ([0xFF, 0xFE] + Array("<\0a\0/\0>\0".utf8), 1, 1, "not UTF-8: the document starts with a UTF-16 byte order mark"),
            (Array("<\0a\0/\0>\0".utf8), 1, 1, "not UTF-8: the document starts with a zero byte, as UTF-16 does"),
        ]
        for (bytes, line, column, reason) in cases {
            let error = Self.error(bytes)
            #expect(error?.description == "line \(line), column \(column): \(reason)", "\(bytes)")
        }
    }

    @Test func saysWhenADocumentDeclaresAnotherEncoding() throws {
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>K".utf8) + [0xF6] + Array("ln</a>".utf8)
        #expect(Self.error(latin1)?.description
            == "line 2, column 5: invalid UTF-8 byte 0xF6 in text (the document declares the encoding ISO-8859-1, but only UTF-8 is read)")
        // ASCII is UTF-8 whatever the declaration says.
        #expect(try Self.events("<?xml version='1.0' encoding='windows-1252'?><a>Koeln</a>").count == 3)
        #expect(Self.error(Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><a>".utf8) + [0xF6] + Array("</a>".utf8))?.reason
            == "invalid UTF-8 byte 0xF6 in text")
    }

    @Test func refusesDTDsAndUndefinedEntities() {
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        ]>
        <lolz>&lol3;</lolz>
        """
        #expect(Self.error(laughs)?.description
            == "line 2, column 1: a <!DOCTYPE> is not accepted: no DTD is read, so no entity can be declared (GPX needs none)")
        #expect(Self.error("<a>\n  &nbsp;</a>")?.description == "line 2, column 3: entity &nbsp; is not defined; GPX needs none")
        #expect(Self.error("<a b=\"&ext;\"/>")?.description == "line 1, column 7: entity &ext; is not defined; GPX needs none")
    }

    @Test func rejectsMalformedReferences() {
        let cases: [(String, String)] = [
            ("<a>&#0;</a>", "line 1, column 4: a character reference to U+0000, which XML does not allow"),
            ("<a>&#xD800;</a>", "line 1, column 4: a character reference to U+D800, which XML does not allow"),
            ("<a>&#x1B;</a>", "line 1, column 4: a character reference to U+001B, which XML does not allow"),
            ("<a>&#x110000;</a>", "line 1, column 4: a character reference above U+10FFFF in text"),
            ("<a>&#99999999999999999999999;</a>", "line 1, column 4: a character reference above U+10FFFF in text"),
            ("<a>&#x;</a>", "line 1, column 4: a malformed character reference in text (expected &#digits; or &#xhex;)"),
            ("<a>&#12</a>", "line 1, column 4: a malformed character reference in text (expected &#digits; or &#xhex;)"),
            ("<a>fish & chips</a>", "line 1, column 9: a '&' that starts no entity or character reference in text (write &amp; for '&')"),
            ("<a>&amp</a>", "line 1, column 4: a '&' that starts no entity or character reference in text (write &amp; for '&')"),
        ]
        for (text, message) in cases { #expect(Self.error(text)?.description == message, "\(text)") }
    }

    @Test func rejectsMalformedStructure() {
        let cases: [(String, String)] = [
            ("<a><b></a>", "line 1, column 7: the end tag </a> does not match <b>"),
            ("<a>\n<b>", "line 2, column 4: the document ends before <b> is closed"),
            ("", "line 1, column 1: the document has no root element"),
            ("<!-- only -->", "line 1, column 14: the document has no root element"),
            ("</a>", "line 1, column 1: the end tag </a> has no start tag"),
            ("<a/><b/>", "line 1, column 5: the element <b> comes after the root element </a>"),
            ("x<a/>", "line 1, column 1: text before the root element"),
            ("<a/>x", "line 1, column 5: text after the root element </a>"),
            ("<a x=\"1\" x='2'/>", "line 1, column 10: the attribute x appears twice in <a>"),
            ("<a x=\"1\"y=\"2\"/>", "line 1, column 9: expected whitespace, '>' or '/>' in <a>, found 'y'"),
            ("<a x=1/>", "line 1, column 6: expected a quoted value for the attribute x, found '1'"),
            ("<a x/>", "line 1, column 5: expected '=' after the attribute name x, found '/'"),
            ("<a x=\"<\"/>", "line 1, column 7: '<' in the value of the attribute x (write &lt;)"),
            ("<a x=\"1", "line 1, column 6: the document ends inside the value of the attribute x"),
            ("<a", "line 1, column 1: the document ends inside the tag <a>"),
            ("<a>1 < 2</a>", "line 1, column 7: expected an element name after '<' (write &lt; for a '<' in text), found U+0020"),
            ("<1/>", "line 1, column 2: expected an element name after '<' (write &lt; for a '<' in text), found '1'"),
            ("<a>]]></a>", "line 1, column 4: ']]>' is not allowed in text"),
            ("<a><!-- a -- b --></a>", "line 1, column 11: '--' inside a comment"),
            ("<a><!-- open", "line 1, column 4: the document ends inside a comment"),
            ("<a><![CDATA[ open", "line 1, column 4: the document ends inside a CDATA section"),
            ("<![CDATA[x]]><a/>", "line 1, column 1: a CDATA section outside the root element"),
            ("<a><!ENTITY x \"y\"></a>", "line 1, column 4: '<!' starts neither a comment nor a CDATA section"),
            (" <?xml version=\"1.0\"?><a/>", "line 1, column 2: the XML declaration <?xml …?> must come first in the document"),
            ("<a><?pi open", "line 1, column 4: the document ends inside <?pi …?>"),
            ("<?xm=\"1.0\"?><a/>", "line 1, column 5: expected whitespace or '?>' after <?xm, found '='"),
        ]
        for (text, message) in cases { #expect(Self.error(text)?.description == message, "\(text)") }
    }

    @Test func enforcesItsLimits() throws {
        let deepest = String(repeating: "<e>", count: XMLReader.maxDepth) + String(repeating: "</e>", count: XMLReader.maxDepth)
        #expect(try Self.events(deepest).count == 2 * XMLReader.maxDepth)
        let tooDeep = String(repeating: "<e>", count: XMLReader.maxDepth + 1)
        #expect(Self.error(tooDeep)?.description == "line 1, column \(3 * XMLReader.maxDepth + 1): elements nest deeper than 64 levels")
        // Cut off at the limit, not after reading on: a million open tags fail as fast as 65.
        #expect(Self.error(String(repeating: "<e>", count: 1_000_000))?.reason == "elements nest deeper than 64 levels")

        let longest = String(repeating: "n", count: XMLReader.maxNameLength)
        #expect(try Self.events("<\(longest)/>").count == 2)
        #expect(Self.error("<a><\(longest)x/></a>")?.description == "line 1, column 5: an element name longer than 1000 bytes")
        #expect(Self.error("<a \(longest)x=\"\"/>")?.reason == "an attribute name longer than 1000 bytes")

        let attributes = (0..<XMLReader.maxAttributes).map { "a\($0)=\"\"" }.joined(separator: " ")
        #expect(try Self.events("<a \(attributes)/>").count == 2)
        #expect(Self.error("<a \(attributes) one=\"more\"/>")?.description == "line 1, column 1: <a> has more than 256 attributes")
    }

    @Test func countsColumnsInCharactersAndLinesAcrossLineEnds() {
        // "é" is two bytes and one column; "\r\n" and a lone "\r" each end one line; the byte order mark is no column.
        let error = Self.error([0xEF, 0xBB, 0xBF] + Array("<a>\r\n\r\rxé&bad;</a>".utf8))
        #expect(error == XMLReaderError(line: 4, column: 3, offset: 13, reason: "entity &bad; is not defined; GPX needs none"))
    }
}
