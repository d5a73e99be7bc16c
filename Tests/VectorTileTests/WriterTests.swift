import Testing
@testable import VectorTile

/// Tiles written by `VectorTileWriter` read back through the decoder exactly.
@Suite struct WriterTests {
    struct Recorder: GeometryVisitor {
        var commands: [String] = []
        mutating func moveTo(x: Int32, y: Int32) { commands.append("M\(x),\(y)") }
        mutating func lineTo(x: Int32, y: Int32) { commands.append("L\(x),\(y)") }
        mutating func closePath() { commands.append("Z") }
    }

    @Test func featuresRoundTripThroughTheDecoder() throws {
        let features: [VectorTileWriter.Feature] = [
            .init(id: 7, type: .polygon, parts: [[(0, 0), (100, 0), (100, 100)], [(10, 10), (10, 20), (20, 20)]],
                  properties: [("name", .string("Kauppatori")), ("height", .int(-3)), ("open", .bool(true)), ("floors", .json("[1,2]"))]),
            .init(type: .lineString, parts: [[(5, 5), (1_073_741_824, 5)]], properties: [("name", .string("Kauppatori")), ("w", .double(2.5))]),
            .init(type: .point, parts: [[(1, 2), (3, 4)]]),
        ]
        let tile = try VectorTile(bytes: VectorTileWriter.encode(layer: "_geojsonTileLayer", extent: 1 << 30, features: features))
        let layer = try #require(tile.layer(named: "_geojsonTileLayer"))
        #expect(layer.extent == 1 << 30 && layer.featureCount == 3)
        let polygon = try layer.feature(at: 0)
        #expect(polygon.id == 7 && polygon.type == .polygon)
        #expect(polygon.properties == ["name": .string("Kauppatori"), "height": .int(-3), "open": .bool(true), "floors": .json("[1,2]")])
        var recorder = Recorder()
        try polygon.decodeGeometry(into: &recorder)
        #expect(recorder.commands == ["M0,0", "L100,0", "L100,100", "Z", "M10,10", "L10,20", "L20,20", "Z"])
        let line = try layer.feature(at: 1)
        #expect(line.property("w") == .double(2.5) && line.property("name") == .string("Kauppatori"))
        recorder = Recorder()
        try line.decodeGeometry(into: &recorder)
        #expect(recorder.commands == ["M5,5", "L1073741824,5"])
        recorder = Recorder()
        try layer.feature(at: 2).decodeGeometry(into: &recorder)
        #expect(recorder.commands == ["M1,2", "M3,4"])
    }
}
