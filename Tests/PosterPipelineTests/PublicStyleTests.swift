import Canvas
import Foundation
import Geo
import PosterPipeline
import Testing
@testable import PosterRenderer

/// Public OpenMapTiles styles render the bundled tiles as they are; their tile, glyph and sprite URLs
/// point at the internet and are never fetched, and the poster says that its icons are missing, and names
/// each layer it leaves out.
@Suite struct PublicStyleTests {
    @Test(arguments: ["positron", "osm-bright", "osm-liberty"])
    func publicStyleRendersTheDemoTiles(_ name: String) throws {
        let pipeline = try PipelineTests.pipeline()
        var job = PipelineTests.job(.png)
        job.style = PipelineTests.repo.appendingPathComponent("Tests/Fixtures/styles-reference/\(name)/style.json").path
        let poster = try pipeline.run(job)
        let sprite = poster.warnings.filter { $0.hasPrefix("the sprite https://") }
        #expect(sprite.count == 1)
        #expect(sprite.first?.hasSuffix("is a URL; posters read a style's sprite, images and GeoJSON from files: icons and patterns are not drawn") == true,
                "\(poster.warnings)")
        // Everything else said is a layer left out, named (icons, the walls of 3D buildings), never a silent drop.
        let skipped = poster.warnings.filter { !$0.hasPrefix("the sprite https://") }
        #expect(skipped.allSatisfy { $0.hasPrefix("layer \"") && $0.contains("not draw") }, "\(skipped)")
        #expect(skipped.isEmpty == (name == "positron"), "\(name): \(skipped)")
        // osm-liberty's 3D buildings are drawn from straight above; only their walls are left out.
        if name == "osm-liberty" {
            #expect(!skipped.contains { $0.contains("is a fill-extrusion layer") }, "\(skipped)")
            #expect(skipped.contains { $0.hasPrefix("layer \"building-3d\": extrusions are drawn as seen from straight above") }, "\(skipped)")
        }
        let image = try PNGDecoder.decode(poster.bytes)
        // The map frame holds several distinct colours: streets, buildings, parks were drawn.
        var colours = Set<UInt32>()
        image.withPixels { pixels in
            for y in stride(from: 40, to: 700, by: 7) {
                for x in stride(from: 40, to: 560, by: 7) { colours.insert(pixels.load(fromByteOffset: y * image.stride + 4 * x, as: UInt32.self)) }
            }
        }
        #expect(colours.count > 20, "\(name): \(colours.count) colours")
    }
}
