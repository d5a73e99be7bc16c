import Canvas
import Foundation
import Geo
@testable import PosterPipeline
import Testing
@testable import PosterRenderer

/// Posters are drawn band by band into a fixed buffer and streamed into the PNG encoder; where the bands
/// fall must not show. The bearing turns the map inside its frame.
@Suite struct BandingTests {
    static func render(_ job: PosterRequest, bands: BandBuffer? = nil) throws -> ImageSurface {
        let poster = try PipelineTests.pipeline().run(job, bands: bands)
        #expect(poster.warnings.isEmpty, "\(poster.warnings)")
        return try PNGDecoder.decode(poster.bytes)
    }

    @Test func manyBandsDrawTheSamePosterAsOne() throws {
        let job = PipelineTests.job(.png)
        let whole = try Self.render(job, bands: BandBuffer(pixels: 600 * 900))
        // At most 37 rows a band: 25 bands of 36, with edges through the map, the title and the rules.
        let banded = try Self.render(job, bands: BandBuffer(pixels: 600 * 37))
        let difference = try #require(ImageDifference.between(whole, banded, threshold: 0))
        // Cairo computes each pixel's coverage from the geometry alone, so the bands add nothing: every
        // pixel is equal.
        #expect(difference.differingPixels == 0, "\(difference)")
        // The banded poster is the reference poster, not a blank one.
        try GoldenImage.expectMatch(try PNGEncoder.encode(banded), "helsinki-minimal-600x900.png")
    }

    @Test func aRenderOnOneCoreDrawsTheSamePoster() throws {
        // A service with another render in flight gives a render one core: it prepares, draws and encodes in
        // order on its own thread, and nothing shows it.
        let job = PipelineTests.job(.png)
        let everyCore = try PipelineTests.pipeline().run(job, bands: BandBuffer(pixels: 600 * 300))
        let oneCore = try PipelineTests.pipeline().run(job, bands: BandBuffer(pixels: 600 * 300), cores: 1)
        let difference = try #require(ImageDifference.between(try PNGDecoder.decode(everyCore.bytes), try PNGDecoder.decode(oneCore.bytes),
                                                              threshold: 0))
        #expect(difference.differingPixels == 0, "\(difference)")
        #expect(oneCore.warnings == everyCore.warnings)
    }

    @Test func aBufferTooSmallForOneRowIsAClearError() throws {
        let job = PipelineTests.job(.png)
        do {
            _ = try PipelineTests.pipeline().run(job, bands: BandBuffer(pixels: 500))
            Issue.record("a 600 px row rendered into a 500 pixel buffer")
        } catch {
            #expect("\(error)".contains("a 600 px row does not fit the band buffer of 500 pixels"), "\(error)")
        }
    }

    /// With bearing 180 the map is the unturned map upside down: compare the map frame pixel for pixel
    /// after turning one of them by half a turn.
    @Test func bearing180TurnsTheMapHalfAround() throws {
        var job = PipelineTests.job(.png)
        let straight = try Self.render(job)
        job.spec.bearing = 180
        let turned = try Self.render(job)
        let pipeline = try PipelineTests.pipeline()
        let (style, theme) = try pipeline.resolveStyle(job)
        let layout = try PosterRenderer(style: style, fonts: pipeline.fonts, theme: theme).layout(for: job.spec)
        let frame = layout.mapRect
        let x0 = Int(frame.minX), y0 = Int(frame.minY), x1 = Int(frame.maxX), y1 = Int(frame.maxY)
        var differing = 0, total = 0
        for y in y0..<y1 {
            for x in x0..<x1 {
                let a = straight.pixel(x: x, y: y)
                let b = turned.pixel(x: x1 - 1 - (x - x0), y: y1 - 1 - (y - y0))
                let worst = max(abs(a.red - b.red), abs(a.green - b.green), abs(a.blue - b.blue))
                total += 1
                if worst > 24.0 / 255 { differing += 1 }
            }
        }
        // Tolerance: antialiased edges fall on the other side of a pixel when turned; at most 1% of the
        // frame's pixels may differ by more than 24 of 255.
        #expect(Double(differing) / Double(total) <= 0.01, "\(differing) of \(total) pixels differ")
        // And the turn is visible: the turned poster is not the straight one.
        let same = try #require(ImageDifference.between(straight, turned, threshold: 24))
        #expect(same.differingFraction > 0.05, "\(same)")
    }
}
