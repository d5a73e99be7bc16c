import Canvas
import Foundation
import Testing
@testable import RenderConformance

/// The bundled MapLibre render tests (background, fill, line, circle, heatmap, icon, point text and geojson groups,
/// flat fill-extrusion and the combinations of these) at the upstream tolerance. The pass count may only go up: a drop means a rendering regression.
@Suite(.tags(.slow), .tags(.slow)) struct RenderSuiteTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/maplibre-render")

    /// Passing cases when this test was last raised; raise it when more pass.
    static let baseline = 440

    @Test func theBundledCasesPassAtTheUpstreamTolerance() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let runner = RenderTestRunner(assets: Self.fixtures.appendingPathComponent("assets"), output: output)
        let cases = try RenderTestCase.all(in: Self.fixtures.appendingPathComponent("tests"))
        #expect(cases.count > 100)
        let results = cases.map(runner.run)
        let report = RenderTestReport(results)
        print(report.table)
        #expect(report.passed >= Self.baseline, "\(report.passed) of \(report.total) pass; the baseline is \(Self.baseline)")
        // Whole groups that pass today.
        for group in ["geojson", "line-width", "line-blur", "line-cap", "line-color", "line-gap-width", "line-join", "line-offset",
                      "line-opacity", "line-pitch", "line-sort-key", "line-translate", "line-translate-anchor", "fill-sort-key", "background-color", "background-visibility", "fill-visibility",
                      "fill-translate", "raster-extent", "raster-resampling", "image", "hillshade-accent-color", "hillshade-maxzoom",
                      "circle-blur", "circle-color", "circle-geometry", "circle-opacity", "circle-radius", "circle-stroke-opacity",
                      "circle-stroke-width", "circle-translate", "circle-pitch-alignment", "circle-pitch-scale", "icon-anchor", "icon-color", "icon-halo-blur", "icon-halo-color",
                      "icon-halo-width", "icon-offset", "icon-opacity", "icon-overlap", "icon-pitch-alignment", "icon-pitch-scaling", "icon-rotate", "icon-rotation-alignment", "icon-size",
                      "icon-translate", "icon-translate-anchor", "symbol-sort-key", "symbol-z-order", "heatmap-color", "heatmap-intensity", "heatmap-opacity",
                      "heatmap-radius", "fill-extrusion-geometry", "combinations", "raster-masking", "sparse-tileset",
                      "text-anchor", "text-color", "text-halo-blur", "text-halo-color", "text-halo-width", "text-justify", "text-offset",
                      "text-opacity", "text-overlap", "text-rotate", "text-size", "text-transform", "text-translate", "symbol-geometry"] {
            let mine = report.groups.first { $0.name == group }
            #expect(mine != nil && mine?.passed == mine?.total, "\(group): \(String(describing: mine))")
        }
    }

    @Test func casesAreFoundAtAnyDepth() throws {
        // Upstream nests some families a level deeper (line-dasharray/literal/…); they count like the rest.
        let ids = try RenderTestCase.all(in: Self.fixtures.appendingPathComponent("tests")).map(\.id)
        #expect(ids.contains("line-dasharray/literal/line-width-property-function"))
        #expect(ids.contains("background-color/default"))
        #expect(!ids.contains("line-dasharray/literal"), "a folder of cases is no case")
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
    }

    @Test func aFailingCaseLeavesItsActualAndDiffImagesBehind() throws {
        // A passing case whose expected image is swapped for a blank one fails, whatever the renderer's state
        // (the day every bundled case passes, this still has a failing case to look at).
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-failing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let source = Self.fixtures.appendingPathComponent("tests/background-color/default")
        let copy = work.appendingPathComponent("tests/background-color/default")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: copy)
        let expected = try PNGDecoder.decode([UInt8](try Data(contentsOf: copy.appendingPathComponent("expected.png"))))
        let blank = try ImageSurface(width: expected.width, height: expected.height)
        try Data(try PNGEncoder.encode(blank, options: PNGOptions(withAlpha: true))).write(to: copy.appendingPathComponent("expected.png"))

        let output = work.appendingPathComponent("output")
        let runner = RenderTestRunner(assets: Self.fixtures.appendingPathComponent("assets"), output: output)
        let failing = try #require(try RenderTestCase.all(in: work.appendingPathComponent("tests")).first)
        let result = runner.run(failing)
        #expect(result.outcome == .failed, "\(String(describing: result.message))")
        for name in ["actual.png", "diff.png"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(failing.id)/\(name)").path), "\(failing.id)/\(name)")
        }
    }

    @Test func runtimeOperationsAreAppliedAsStaticEditsWhereTheyCanBe() throws {
        let runner = RenderTestRunner(assets: Self.fixtures.appendingPathComponent("assets"))
        let cases = try RenderTestCase.all(in: Self.fixtures.appendingPathComponent("tests"))
        // Half-way through a one-second transition is no end state: skipped, saying why.
        let transition = try #require(cases.first { $0.id == "background-color/transition" })
        let skipped = runner.run(transition)
        #expect(skipped.outcome == .skipped && skipped.message?.contains("drawn 500 ms into a 1000 ms transition") == true, "\(String(describing: skipped.message))")
        // The same case with the waits outlasting the transition renders its end state: white.
        var settled = transition
        var json = try #require(try JSONSerialization.jsonObject(with: Data(transition.styleBytes)) as? [String: Any])
        json["metadata"] = ["test": ["width": 64, "height": 64, "operations": [["setPaintProperty", "background", "background-color", "white"], ["wait"]]]]
        settled.styleBytes = Array(try JSONSerialization.data(withJSONObject: json))
        let edited = try #require(try? RenderTestOperations.apply(to: settled.styleBytes).get())
        let style = try #require(try JSONSerialization.jsonObject(with: Data(edited)) as? [String: Any])
        let layer = try #require((style["layers"] as? [[String: Any]])?.first)
        #expect((layer["paint"] as? [String: Any])?["background-color"] as? String == "white")
        let image = try runner.render(RenderTestCase(id: settled.id, directory: settled.directory, styleBytes: edited, width: 64, height: 64,
                                                     pixelRatio: 1, allowed: settled.allowed, threshold: settled.threshold, operations: [], expected: []))
        #expect(Array(image.rgba.prefix(4)) == [255, 255, 255, 255])
        // State a style cannot hold (an image added at run time) is skipped, naming the operation.
        let addImage = try #require(cases.first { $0.id == "fill-pattern/3x-on-2x-add-image" })
        #expect(runner.run(addImage).message?.contains("addImage") == true)
    }
}
