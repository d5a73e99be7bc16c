import Foundation
import Testing
@testable import RenderConformance

/// Styles anyone may write: an icon sized past the whole map is drawn as large as the map (its cost bounded
/// by the map's area), and the render says so.
@Suite struct IconLimitTests {
    static let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/maplibre-render/assets")

    @Test func anIconLargerThanTheMapIsCappedAndNamed() throws {
        let style = #"""
        {"version": 8, "metadata": {"test": {"width": 64, "height": 64}}, "sprite": "local://sprites/sprite",
         "sources": {"g": {"type": "geojson", "data": {"type": "Point", "coordinates": [0, 0]}}},
         "layers": [{"id": "huge", "type": "symbol", "source": "g", "layout": {"icon-image": "dot.sdf", "icon-size": 100000}}]}
        """#
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-icon-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("style.json")
        try Data(style.utf8).write(to: file)
        let (image, warnings) = try RenderTestRunner(assets: Self.assets).renderWithWarnings(try RenderTestCase.load(styleFile: file, id: "icon-limit"))
        #expect(warnings == ["layer \"huge\": icon-size makes icons larger than the map; they are drawn as large as the map"])
        // The dot, as large as the map, covers its centre in the icon colour (black).
        let centre = (32 * 64 + 32) * 4
        #expect(Array(image.rgba[centre ..< centre + 4]) == [0, 0, 0, 255])
    }
}
