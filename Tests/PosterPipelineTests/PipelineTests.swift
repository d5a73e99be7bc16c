import Canvas
import Foundation
import Geo
import PosterPipeline
import Testing
import TileFetch
@testable import PosterRenderer

/// The demo poster end to end, from the bundled tiles and the minimal style, against a reference image.
@Suite struct PipelineTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One pipeline for every test of the target: loading fonts and validating every style once, not per
    /// test. It is Sendable and serves concurrent renders, as it does in the service.
    static let shared = Result { () throws(PipelineError) -> PosterPipeline in try PosterPipeline(resources: ResourceLocator(root: repo.path)) }

    static func pipeline() throws -> PosterPipeline {
        try shared.get()
    }

    static let fonts: FontCatalog = {
        do { return try FontCatalog(directory: repo.appendingPathComponent("Fonts").path) } catch { fatalError("\(error)") }
    }()

    /// The demo poster at a quarter of its size: the same view with a quarter of the pixels.
    static func job(_ format: PosterFormat) -> PosterRequest {
        let spec = PosterSpec(center: LngLat(lng: 24.944295, lat: 60.171634), zoom: 15.75, width: 600, height: 900,
                              pixelRatio: 0.5, dpi: 75, title: "Helsinki", subtitle: "Finland")
        return PosterRequest(spec: spec, style: "minimal",
                         tilesPath: repo.appendingPathComponent("Data/helsinki.pmtiles").path, format: format)
    }

    @Test func demoPosterMatchesTheReferenceImage() throws {
        let poster = try Self.pipeline().run(Self.job(.png))
        #expect(poster.warnings.isEmpty, "\(poster.warnings)")
        try GoldenImage.expectMatch(poster.bytes, "helsinki-minimal-600x900.png")
    }

    @Test func labelsAreOnByDefaultAsInCartoArtsAPI() throws {
        let plain = try Self.pipeline().run(Self.job(.png))
        var unlabelled = Self.job(.png)
        unlabelled.toggles = ["labels": false]
        let poster = try Self.pipeline().run(unlabelled)
        #expect(poster.warnings.isEmpty, "\(poster.warnings)")
        let difference = try #require(ImageDifference.between(try PNGDecoder.decode(poster.bytes), try PNGDecoder.decode(plain.bytes), threshold: 24))
        // Without names, carto-art draws the roads wider and darker, and the place names go.
        #expect(difference.differingFraction > 0.005 && difference.differingFraction < 0.3, "\(difference)")
        var on = Self.job(.png)
        on.toggles = ["labels": true]
        #expect(try Self.pipeline().run(on).bytes == plain.bytes)
    }

    @Test func demoPosterShowsWhatTheDataHas() throws {
        let poster = try Self.pipeline().run(Self.job(.png))
        let image = try PNGDecoder.decode(poster.bytes)
        var counts: [UInt32: Int] = [:]
        image.withPixels { pixels in
            for y in stride(from: 36, to: 700, by: 2) {
                for x in stride(from: 36, to: 564, by: 2) {
                    counts[pixels.load(fromByteOffset: y * image.stride + 4 * x, as: UInt32.self) & 0xFFFFFF, default: 0] += 1
                }
            }
        }
        let total = Double(counts.values.reduce(0, +))
        // Pixels within one step per channel of a colour (stored as 0xBBGGRR).
        func share(_ rgb: (Double, Double, Double)) -> Double {
            let hits = counts.filter { key, _ in
                let r = Double((key >> 16) & 0xFF), g = Double((key >> 8) & 0xFF), b = Double(key & 0xFF)
                return abs(r - rgb.0) <= 1 && abs(g - rgb.1) <= 1 && abs(b - rgb.2) <= 1
            }.values.reduce(0, +)
            return Double(hits) / total
        }
        func hex(_ v: UInt32) -> (Double, Double, Double) { (Double(v >> 16), Double((v >> 8) & 0xFF), Double(v & 0xFF)) }
        func over(_ top: UInt32, _ alpha: Double, on paper: UInt32) -> (Double, Double, Double) {
            let t = hex(top), p = hex(paper)
            func mix(_ a: Double, _ b: Double) -> Double { (a * alpha + b * (1 - alpha)).rounded() }
            return (mix(t.0, p.0), mix(t.1, p.1), mix(t.2, p.2))
        }
        // carto-art's minimal-ink: paper #F7F5F0, opaque water #E0E7ED, parks #EDEEE8 at 0.3, buildings #EBE8E2 at 0.15.
        #expect(share(hex(0xF7F5F0)) > 0.02, "paper")
        #expect(share(hex(0xE0E7ED)) > 0.001, "water (the park's ponds)")
        #expect(share(over(0xEDEEE8, 0.3, on: 0xF7F5F0)) > 0.03, "park (Kaisaniemi)")
        #expect(share(over(0xEBE8E2, 0.15, on: 0xF7F5F0)) > 0.05, "buildings")
        // Roads: ink at 0.7 opacity, darker than anything else on the map.
        let dark = counts.filter { key, _ in
            let sum: UInt32 = (key & 0xFF) + ((key >> 8) & 0xFF) + ((key >> 16) & 0xFF)
            return sum < 3 * 180
        }.values.reduce(0, +)
        #expect(Double(dark) / total > 0.005, "roads")
    }

    @Test func outputIsDeterministic() throws {
        let pipeline = try Self.pipeline()
        #expect(try pipeline.run(Self.job(.png)).bytes == pipeline.run(Self.job(.png)).bytes)
        let pdf = try pipeline.run(Self.job(.pdf)).bytes
        #expect(try pdf == pipeline.run(Self.job(.pdf)).bytes)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.5") && text.contains("/FontFile"))
        // 600 x 900 px at 75 dpi is 8 x 12 inches: 576 x 864 points.
        #expect(text.contains("/MediaBox [ 0 0 576 864 ]"))
    }

    @Test func badInputGetsClearErrors() throws {
        let pipeline = try Self.pipeline()
        var job = Self.job(.png)
        job.tilesPath = "/nonexistent/tiles.pmtiles"
        #expect(throws: PipelineError(.tilesUnavailable, "/nonexistent/tiles.pmtiles: cannot open the file (No such file or directory); check the path")) {
            try pipeline.run(job)
        }
        // The error keeps its cause: the archive's own, typed, not only its words.
        let missing = #expect(throws: PipelineError.self) { try pipeline.run(job) }
        #expect((missing?.cause as? PMTilesError)?.code == .io)
        job = Self.job(.png)
        job.style = "/nonexistent/style.json"
        let error = #expect(throws: PipelineError.self) { try pipeline.run(job) }
        #expect(error?.code == .styleUnreadable)
        job = Self.job(.png)
        job.style = "neon"
        #expect(throws: PipelineError(.invalidRequest, "unknown style \"neon\"; available: minimal, dark-mode, midnight, blueprint, vintage, topographic, watercolor, abstract, atmospheric, organic, retro")) {
            try pipeline.run(job)
        }
        job.style = "minimal"
        job.palette = "plaid"
        let palette = #expect(throws: PipelineError.self) { try pipeline.run(job) }
        #expect(palette?.code == .invalidRequest)
        #expect(palette?.message.hasPrefix("style \"minimal\" has no palette \"plaid\"; its palettes are minimal-ink, minimal-charcoal, minimal-navy,") == true)
    }
}

/// The golden-image helper itself: a render that does not match says so and leaves the evidence behind.
@Suite struct GoldenImageTests {
    @Test func aMismatchLeavesTheActualAndDiffImagesBehind() throws {
        let blank = try PNGEncoder.encode(try ImageSurface(width: 600, height: 900))
        withKnownIssue("a blank image is not the demo poster") {
            try GoldenImage.expectMatch(blank, "helsinki-minimal-600x900.png")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-golden")
        let diff = try PNGDecoder.decode([UInt8](try Data(contentsOf: folder.appendingPathComponent("helsinki-minimal-600x900-diff.png"))))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("helsinki-minimal-600x900-actual.png").path))
        #expect(diff.width == 600 && diff.height == 900)
        // The poster's paper is near white and the blank image transparent black: the corner differs, in red.
        let corner = diff.pixel(x: 2, y: 2)
        #expect(corner.red == 1 && corner.green == 0 && corner.blue == 0)
    }
}

/// The pipeline refuses a toggle its style does not have (the CLI's `--hide`/`--show` reach it unchecked).
@Suite struct ToggleCheckTests {
    @Test func aToggleTheStyleDoesNotHaveIsRefusedByName() throws {
        var job = PipelineTests.job(.png)
        job.toggles = ["population": true]
        #expect(throws: PipelineError(.invalidRequest, "option population: style \"minimal\" cannot draw population yet (it needs a population-density source, Kontur's tiles in carto-art, which CartoPress does not have); send false or leave it out")) {
            try PipelineTests.pipeline().run(job)
        }
        job.toggles = ["bridges": false]
        let error = #expect(throws: PipelineError.self) { try PipelineTests.pipeline().run(job) }
        #expect(error?.message.hasPrefix("option bridges: is not an option of style \"minimal\"; its options are background, boundaries, buildings") == true)
    }
}
