import Foundation
import Testing
@testable import RenderConformance

/// A case's `crossSourceCollisions` map option, read from its metadata (MapLibre's default is true).
@Suite struct CollisionGroupTests {
    func load(_ test: String) throws -> RenderTestCase {
        let style = #"{"version": 8, "metadata": {"test": \#(test)}, "sources": {}, "layers": []}"#
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-collision-groups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("style.json")
        try Data(style.utf8).write(to: file)
        return try RenderTestCase.load(styleFile: file, id: "collision-groups")
    }

    @Test func crossSourceCollisionsIsReadFromTheCase() throws {
        #expect(try load(#"{"crossSourceCollisions": false}"#).crossSourceCollisions == false)
        #expect(try load(#"{"width": 64}"#).crossSourceCollisions == true)
    }
}
