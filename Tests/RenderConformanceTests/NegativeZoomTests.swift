import Foundation
import Testing
@testable import RenderConformance

/// MapLibre zooms below 0 (to -2): the world is then smaller than one tile, and a layer without a
/// `minzoom` still draws (its range is open, not 0…24).
@Suite struct NegativeZoomTests {
    @Test(arguments: [-0.5, -1, -2])
    func aLayerWithoutZoomRangeDrawsBelowZoomZero(_ zoom: Double) throws {
        let style = #"""
        {"version": 8, "metadata": {"test": {"width": 128, "height": 128}}, "zoom": \#(zoom), "center": [0, 0],
         "sources": {"g": {"type": "geojson", "data": {"type": "Polygon", "coordinates": [[[-90, -45], [90, -45], [90, 45], [-90, 45], [-90, -45]]]}}},
         "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "white"}},
                    {"id": "f", "type": "fill", "source": "g", "paint": {"fill-color": "red"}},
                    {"id": "hidden", "type": "fill", "source": "g", "minzoom": 0, "paint": {"fill-color": "blue"}}]}
        """#
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-negative-zoom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("style.json")
        try Data(style.utf8).write(to: file)
        let image = try RenderTestRunner(assets: directory).render(try RenderTestCase.load(styleFile: file, id: "negative-zoom"))
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(image.rgba[(y * 128 + x) * 4 ..< (y * 128 + x) * 4 + 4]) }
        // The fill (a quarter of the world's width at zoom -1) covers the centre; a minzoom 0 layer does not draw.
        #expect(pixel(64, 64) == [255, 0, 0, 255])
        #expect(pixel(2, 2) == [255, 255, 255, 255])
    }
}
