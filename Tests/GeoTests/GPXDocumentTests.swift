import Foundation
import Testing
@testable import Geo
import TestSupport

/// GPX read with the strict XMLReader (any bytes either read or fail with a GPXError), and Douglas–Peucker simplification.
@Suite struct GPXDocumentTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gpx")

    func document(_ name: String) throws -> GPXDocument {
        try GPXDocument.parse(try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    @Test func theHelsinkiWalkKeepsItsPointsTimesAndWaypoints() throws {
        let walk = try document("helsinki-walk.gpx")
        #expect(walk.name == "Helsinki centre walk (synthetic)")
        #expect(walk.lines.count == 1 && walk.lines[0].count == 204)
        #expect(walk.waypoints.map(\.name) == ["Rautatientori", "Senaatintori", "Kauppatori", "Esplanadi"])
        let first = walk.lines[0][0]
        #expect(first.position == LngLat(lng: 24.941439, lat: 60.1708342))
        #expect(first.time == ISO8601DateFormatter().date(from: "2019-04-21T09:00:00Z"))
        // Fractional seconds are kept.
        let second = try #require(walk.lines[0][1].time)
        #expect(abs(second.timeIntervalSince(try #require(first.time)) - 2.989879) < 1e-3)
    }

    @Test func aRealRecordingKeepsItsElevations() throws {
        let ride = try document("korita-zbevnica.gpx")
        let points = ride.lines.flatMap { $0 }
        #expect(points.count == 871)
        #expect(points.allSatisfy { $0.elevation != nil })
        #expect(points.filter { $0.time != nil }.count == 513)  // the file's 514th <time> is its own, in <metadata>
        let elevations = points.compactMap(\.elevation)
        #expect((elevations.min() ?? 0) > 300 && (elevations.max() ?? 0) < 1200)
    }

    @Test func brokenDocumentsSayWhatIsWrong() {
        let cases: [(String, [String])] = [
            ("<gpx><trk><trkseg><trkpt lat=\"91\" lon=\"24\"/></trkseg></trk></gpx>", ["no valid lat and lon"]),
            ("<kml></kml>", ["root element is not <gpx>"]),
            // Cut short: the XML parser or the element count catches it, depending on the parser.
            ("<gpx><trk>", ["not XML", "ends before its elements are closed"]),
        ]
        for (text, reasons) in cases {
            let error = #expect(throws: GPXError.self) { try GPXDocument.parse(Data(text.utf8)) }
            #expect(reasons.contains { error?.reason.contains($0) == true }, "\(text): \(String(describing: error))")
        }
        let many = "<gpx><trk><trkseg>" + String(repeating: "<trkpt lat=\"60\" lon=\"24\"/>", count: 11) + "</trkseg></trk></gpx>"
        #expect(throws: GPXError("has more than 10 points")) { try GPXDocument.parse(Data(many.utf8), maxPoints: 10) }
    }

    static func parse(_ bytes: [UInt8]) throws(GPXError) -> GPXDocument { try GPXDocument.parse(Data(bytes)) }

    @Test func invalidUTF8InANameIsAnErrorNotACrash() {
        // Foundation's XMLParser trapped (SIGILL) on both.
        let attribute = Array("<gpx><trk><trkseg><trkpt la".utf8) + [0xFF] + Array("=\"1\" lon=\"2\"></trkpt></trkseg></trk></gpx>".utf8)
        #expect(throws: GPXError("not XML: line 1, column 28: invalid UTF-8 byte 0xFF in an attribute name", line: 1)) {
            try Self.parse(attribute)
        }
        let element = Array("<gpx>\n<trk".utf8) + [0xFF] + Array("></trk></gpx>".utf8)
        #expect(throws: GPXError("not XML: line 2, column 5: invalid UTF-8 byte 0xFF in an element name", line: 2)) {
            try Self.parse(element)
        }
    }

    @Test func invalidUTF8AnywhereElseIsRejected() {
        let cases: [([UInt8], String)] = [
            (Array("<gpx><trk><name>Tour ".utf8) + [0xE9] + Array("</name></trk></gpx>".utf8),
             "not XML: line 1, column 22: invalid UTF-8 sequence 0xE9 0x3C in text"),
            (Array("<gpx>\n<wpt lat=\"60".utf8) + [0xFF] + Array("\" lon=\"24\"/></gpx>".utf8),
             "not XML: line 2, column 13: invalid UTF-8 byte 0xFF in an attribute value"),
            (Array("<gpx><!-- ".utf8) + [0xC0, 0x80] + Array(" --></gpx>".utf8), "not XML: line 1, column 11: invalid UTF-8 byte 0xC0 in a comment"),
            (Array("<gpx><name>Z".utf8) + [0xC3], "not XML: line 1, column 13: truncated UTF-8 sequence 0xC3 in text at the end of the input"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: GPXError(reason, line: Int(reason.split(separator: " ")[3].dropLast()))) { try Self.parse(bytes) }
        }
        let utf16 = Data([0xFE, 0xFF]) + Data("<gpx/>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        #expect(throws: GPXError("not XML: line 1, column 1: not UTF-8: the document starts with a UTF-16 byte order mark", line: 1)) {
            try GPXDocument.parse(utf16)
        }
    }

    @Test func refusesDTDsAndEntitiesItDoesNotKnow() {
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
        <gpx><trk><name>&c;</name></trk></gpx>
        """
        #expect(throws: GPXError(
            "not XML: line 2, column 1: a <!DOCTYPE> is not accepted: no DTD is read, so no entity can be declared (GPX needs none)", line: 2)) {
            try GPXDocument.parse(Data(laughs.utf8))
        }
        #expect(throws: GPXError("not XML: line 1, column 17: entity &eacute; is not defined; GPX needs none", line: 1)) {
            try GPXDocument.parse(Data("<gpx><trk><name>&eacute;</name></trk></gpx>".utf8))
        }
    }

    @Test func namesKeepTheirReferencesAndCDATA() throws {
        let named = try GPXDocument.parse(Data("""
            <gpx><metadata><name>Fish &amp; Chips &lt;3 &quot;&apos;&gt; &#233;&#x1F6B2;</name></metadata>
            <wpt lat="1" lon="2"><name><![CDATA[A <b>&amp;</b> stop]]></name></wpt></gpx>
            """.utf8))
        #expect(named.name == "Fish & Chips <3 \"'> é🚲")
        #expect(named.waypoints.map(\.name) == ["A <b>&amp;</b> stop"])
        let cdata = try GPXDocument.parse(Data("<gpx><trk><name><![CDATA[Ride & <run>]]></name><trkseg/></trk></gpx>".utf8))
        #expect(cdata.name == "Ride & <run>")
    }

    @Test func brokenStructureIsNamedWithItsLine() {
        let deep = "<gpx>" + String(repeating: "<x>", count: 70)
        #expect(throws: GPXError("not XML: line 1, column 195: elements nest deeper than 64 levels", line: 1)) {
            try GPXDocument.parse(Data(deep.utf8))
        }
        #expect(throws: GPXError("not XML: line 1, column 19: the end tag </trk> does not match <trkseg>", line: 1)) {
            try GPXDocument.parse(Data("<gpx><trk><trkseg></trk></gpx>".utf8))
        }
        #expect(throws: GPXError("not XML: line 4, column 25: the document ends before <trkseg> is closed", line: 4)) {
            try GPXDocument.parse(Data("<gpx>\n<trk>\n<trkseg>\n<trkpt lat=\"1\" lon=\"2\"/>".utf8))
        }
        #expect(throws: GPXError("a <rtept> at line 2 has no valid lat and lon", line: 2)) {
            try GPXDocument.parse(Data("<gpx><rte>\n<rtept lat=\"1\" lon=\"east\"/></rte></gpx>".utf8))
        }
    }

    @Test func aByteOrderMarkIsAccepted() throws {
        let walk = try GPXDocument.parse(Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: Self.fixtures.appendingPathComponent("helsinki-walk.gpx")))
        #expect(walk.name == "Helsinki centre walk (synthetic)")
        #expect(walk.lines.map(\.count) == [204] && walk.waypoints.count == 4)
    }

    /// A GPX with most of what the reader handles, for the mutation test to break.
    static let mutable = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- exported -->
        <gpx version="1.1" creator='test' xmlns="http://www.topografix.com/GPX/1/1">
          <metadata><name>Zürich &amp; back &#x1F6B2;</name><time>2020-01-01T00:00:00Z</time></metadata>
          <wpt lat="47.37" lon="8.54"><name><![CDATA[Start <here>]]></name></wpt>
          <trk><name>Loop</name><trkseg>
            <trkpt lat="47.37" lon="8.54"><ele>408.5</ele><time>2020-01-01T08:00:00Z</time></trkpt>
            <trkpt lat="47.38" lon="8.55"><ele>410</ele><time>2020-01-01T08:00:05.250Z</time></trkpt>
            <trkpt lat="47.39" lon="8.56"/>
          </trkseg></trk>
          <rte><rtept lat="47.4" lon="8.6"><?pi x?></rtept><rtept lat="47.41" lon="8.61"></rtept></rte>
        </gpx>
        """.utf8)

    @Test func twoThousandMutationsEitherParseOrFailWithAnError() throws {
        #expect(try GPXDocument.parse(Data(Self.mutable)).pointCount == 6)
        let tokens: [[UInt8]] = [
            "<", ">", "&", "/>", "</trk>", "<trkseg>", "<trkpt lat=\"1\" lon=\"2\"/>", "<!DOCTYPE gpx>", "&lol;", "&#0;", "&#x1F600;",
            "<![CDATA[", "]]>", "<!--", "-->", "<?xml ?>", "\u{FEFF}", "\"", "'", "=",
        ].map { Array($0.utf8) } + [[0xFF], [0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x00]]
        var random = SplitMix64(seed: 0x4750_5821)
        var parsed = 0, failed = 0
        for _ in 0..<2_000 {
            var bytes = Self.mutable
            for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<6, using: &random) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &random)], at: at)
                case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)))
                case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int.random(in: 1...40, using: &random))], at: Int.random(in: 0...bytes.count, using: &random))
                case 4: bytes.removeSubrange(at...)
                default: bytes.swapAt(at, Int.random(in: 0..<bytes.count, using: &random))
                }
            }
            do throws(GPXError) {
                _ = try Self.parse(bytes)
                parsed += 1
            } catch {
                failed += 1
                #expect(!error.reason.isEmpty)
            }
        }
        // Both outcomes are exercised; a crash would have ended the test run instead.
        #expect(parsed > 20 && failed > 1_000, "parsed \(parsed), failed \(failed)")
    }

    @Test func douglasPeuckerKeepsWhatIsFartherThanTheTolerance() {
        // A straight run with one bump of 2 units and noise of 0.1.
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6]
        let y: [Double] = [0, 0.1, 0, 2, 0, -0.1, 0]
        #expect(LineSimplifier.simplify(x: x, y: y, tolerance: 0.5) == [0, 2, 3, 4, 6])
        #expect(LineSimplifier.simplify(x: x, y: y, tolerance: 3) == [0, 6])
        #expect(LineSimplifier.simplify(x: x, y: y, tolerance: 0.05) == [0, 1, 2, 3, 4, 5, 6])
        // A loop back to its start is kept (distance to the segment, not to the line through it).
        #expect(LineSimplifier.simplify(x: [0, 10, 0], y: [0, 0, 0], tolerance: 1) == [0, 1, 2])
    }
}
