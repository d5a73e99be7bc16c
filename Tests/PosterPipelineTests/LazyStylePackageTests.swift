import Foundation
import PosterPipeline
import Testing

/// A render reads only the style it draws: a package with a broken style beside it still renders the others,
/// and only the whole catalogue (listings, the service's start) reports the broken one.
@Suite struct LazyStylePackageTests {
    /// A resource root whose Styles/ has the bundled minimal style and a broken one, and the bundled fonts.
    static func root() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-lazy-\(UUID().uuidString)")
        let styles = root.appendingPathComponent("Styles")
        try FileManager.default.createDirectory(at: styles, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Fonts"), withDestinationURL: PipelineTests.repo.appendingPathComponent("Fonts"))
        for name in ["minimal.json", "minimal.palettes.json"] {
            try FileManager.default.copyItem(at: PipelineTests.repo.appendingPathComponent("Styles/\(name)"), to: styles.appendingPathComponent(name))
        }
        try Data(#"{"version": 8, "layers": [1,]}"#.utf8).write(to: styles.appendingPathComponent("broken.json"))
        try Data(#"{"palettes": []}"#.utf8).write(to: styles.appendingPathComponent("broken.palettes.json"))
        return root
    }

    @Test func aRenderDoesNotReadTheOtherStyles() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let pipeline = try PosterPipeline(resources: ResourceLocator(root: root.path))
        var job = PipelineTests.job(.png)
        job.spec.width = 64
        job.spec.height = 64
        #expect(try pipeline.run(job).width == 64)
        job.style = "broken"
        let broken = #expect(throws: PipelineError.self) { try pipeline.run(job) }
        #expect(broken?.code == .styleInvalid)
        #expect(broken?.message == "the style package in \(root.path)/Styles has errors:\nbroken.json: not valid JSON: expected a value after ',', found ']' (JSON allows no trailing comma) at line 1, column 29 (byte 28)")
        let whole = #expect(throws: PipelineError.self) { try pipeline.catalog }
        #expect(whole?.message == broken?.message)
        // An unknown style lists the ids without parsing them when the package does not parse.
        job.style = "neon"
        #expect(throws: PipelineError(.invalidRequest, "unknown style \"neon\"; available: broken, minimal")) { try pipeline.run(job) }
    }
}
