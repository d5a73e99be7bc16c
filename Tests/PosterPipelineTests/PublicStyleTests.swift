import Canvas
import Foundation
import Geo
import PosterPipeline
import Testing
@testable import PosterRenderer

/// Public OpenMapTiles styles render the bundled tiles as they are, with their own sprites (bundled beside
/// them: the tests point `sprite` there, so nothing is fetched): icons are drawn, and what the poster leaves
/// out is named layer by layer.
@Suite struct PublicStyleTests {
    /// The style with its sprite URL pointed at the bundled copy, or dropped.
    static func style(_ name: String, sprite: Bool) throws -> String {
        let folder = PipelineTests.repo.appendingPathComponent("Tests/Fixtures/styles-reference/\(name)")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("style.json"))) as? [String: Any])
        json["sprite"] = sprite ? folder.appendingPathComponent("sprite").path : nil
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-\(name)-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: json).write(to: path)
        return path.path
    }

    @Test(arguments: ["positron", "osm-bright", "osm-liberty"])
    func publicStyleRendersTheDemoTilesWithItsIcons(_ name: String) throws {
        let pipeline = try PipelineTests.pipeline()
        var job = PipelineTests.job(.png)
        job.style = try Self.style(name, sprite: true)
        defer { try? FileManager.default.removeItem(atPath: job.style) }
        let poster = try pipeline.run(job)
        #expect(!poster.warnings.contains { $0.contains("sprite") && !$0.contains("has no image") }, "\(poster.warnings)")
        // Everything said is a part of a layer left out, or an image a feature asks for that the sprite lacks
        // (osm-bright's `{class}_11` for POIs without a class), never a silent drop.
        #expect(poster.warnings.allSatisfy { $0.hasPrefix("layer \"") && $0.contains("not draw") }, "\(poster.warnings)")
        let skipped = poster.warnings.filter { !$0.contains("has no image") }
        // osm-liberty's 3D buildings are drawn too, walls and all: nothing is left out.
        #expect(skipped.isEmpty, "\(name): \(skipped)")
        let image = try PNGDecoder.decode(poster.bytes)
        // The map frame holds several distinct colours: streets, buildings, parks were drawn.
        var colours = Set<UInt32>()
        image.withPixels { pixels in
            for y in stride(from: 40, to: 700, by: 7) {
                for x in stride(from: 40, to: 560, by: 7) { colours.insert(pixels.load(fromByteOffset: y * image.stride + 4 * x, as: UInt32.self)) }
            }
        }
        #expect(colours.count > 20, "\(name): \(colours.count) colours")

        // Without its sprite the same poster lacks the icons: a style that draws some differs in their pixels.
        job.style = try Self.style(name, sprite: false)
        defer { try? FileManager.default.removeItem(atPath: job.style) }
        let plain = try PNGDecoder.decode(try pipeline.run(job).bytes)
        var differing = 0
        image.withPixels { a in
            plain.withPixels { b in
                for y in 0..<image.height {
                    for x in 0..<image.width where a.load(fromByteOffset: y * image.stride + 4 * x, as: UInt32.self)
                        != b.load(fromByteOffset: y * plain.stride + 4 * x, as: UInt32.self) { differing += 1 }
                }
            }
        }
        #expect(name == "positron" ? differing == 0 : differing > 200, "\(name): \(differing) pixels differ with icons")
    }
}
