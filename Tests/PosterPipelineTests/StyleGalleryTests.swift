import Canvas
import Foundation
import Geo
import PosterPipeline
import Testing
@testable import PosterRenderer

/// Every bundled style renders the demo poster with each of its palettes; each style's own palette is
/// compared with a reference image.
@Suite(.tags(.slow), .tags(.slow)) struct StyleGalleryTests {
    static let repo = PipelineTests.repo

    static func job(style: String, palette: String?) -> PosterRequest {
        let spec = PosterSpec(center: LngLat(lng: 24.944295, lat: 60.171634), zoom: 15.75, width: 300, height: 450,
                              pixelRatio: 0.25, dpi: 50, title: "Helsinki", subtitle: style)
        return PosterRequest(spec: spec, style: style, palette: palette, tilesPath: repo.appendingPathComponent("Data/helsinki.pmtiles").path, format: .png)
    }

    @Test(arguments: ["minimal", "dark-mode", "midnight", "blueprint", "vintage", "topographic", "watercolor", "abstract",
                      "atmospheric", "organic", "retro"])
    func styleMatchesItsReferenceImage(_ style: String) throws {
        let pipeline = try PipelineTests.pipeline()
        let poster = try pipeline.run(Self.job(style: style, palette: nil))
        try GoldenImage.expectMatch(poster.bytes, "style-\(style)-300x450.png")
    }

    @Test func everyPaletteRendersDifferently() throws {
        let pipeline = try PipelineTests.pipeline()
        for entry in try pipeline.catalog.entries {
            var images: [ImageSurface] = []
            for palette in entry.palettes {
                let poster = try pipeline.run(Self.job(style: entry.id, palette: palette.id))
                #expect(poster.warnings.isEmpty, "\(entry.id)/\(palette.id): \(poster.warnings)")
                let image = try PNGDecoder.decode(poster.bytes)
                // The paper is the palette's background.
                let paper = image.pixel(x: 2, y: 2), expected = palette.colors["background"]!
                #expect(abs(paper.red - expected.r) < 0.01 && abs(paper.green - expected.g) < 0.01 && abs(paper.blue - expected.b) < 0.01,
                        "\(entry.id)/\(palette.id)")
                images.append(image)
            }
            // No two palettes of a style give the same poster (some of carto-art's are close: compare finely).
            for i in images.indices { for j in images.indices where j > i {
                let difference = try #require(ImageDifference.between(images[i], images[j], threshold: 0))
                #expect(difference.differingFraction > 0.05, "\(entry.id): palettes \(i) and \(j) render alike (\(difference))")
            } }
        }
    }
}
