import Foundation
import Testing
@testable import Geo

/// GPX read with a real XML parser, and Douglas–Peucker simplification.
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
