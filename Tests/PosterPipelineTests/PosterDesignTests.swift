import Canvas
import Foundation
import Geo
import PosterPipeline
import Testing
@testable import PosterRenderer

/// Each layout variant of the web app, on the demo poster at a small size: a reference image (at most
/// 0.5% of pixels may differ by more than 24 of 255, for antialiasing and glyph rasterisation across
/// library builds) and the geometry that makes the variant what it is.
@Suite struct PosterDesignTests {
    static let center = LngLat(lng: 24.944295, lat: 60.171634)

    static let variants: [(name: String, width: Int, height: Int, design: PosterDesign)] = [
        ("top-double", 400, 600, PosterDesign(textPosition: .top, border: .double)),
        ("bottom-gradient-thick", 400, 500, PosterDesign(backdrop: .gradient, border: .thick)),
        ("center-subtle-inset", 600, 400, PosterDesign(textPosition: .center, backdrop: .subtle, border: .inset, margin: 0.03)),
        ("circle-thin-serif", 400, 400, PosterDesign(border: .thin, mask: .circle, titleWeight: .regular, titleFamily: "EB Garamond", titleAllCaps: false)),
        ("strong-markers", 400, 566, PosterDesign(backdrop: .strong, markers: [
            .init(position: LngLat(lng: 24.9414, lat: 60.1699), shape: .pin, label: "Koti"),
            .init(position: LngLat(lng: 24.9380, lat: 60.1745), shape: .heart), .init(position: LngLat(lng: 24.9490, lat: 60.1740), shape: .home),
            .init(position: LngLat(lng: 24.9470, lat: 60.1690), shape: .ring), .init(position: LngLat(lng: 24.9360, lat: 60.1680), shape: .dot),
            .init(position: LngLat(lng: 24.9443, lat: 60.1716), shape: .crosshair),
        ])),
    ]

    static func spec(_ width: Int, _ height: Int, _ design: PosterDesign, title: String = "Helsinki") -> PosterSpec {
        PosterSpec(center: center, zoom: 15.2, width: width, height: height, pixelRatio: 0.4, dpi: 60, title: title, subtitle: "Suomi",
                   design: design)
    }

    @Test(arguments: variants.indices)
    func variantMatchesItsReferenceImage(_ index: Int) throws {
        let variant = Self.variants[index]
        let job = PosterRequest(spec: Self.spec(variant.width, variant.height, variant.design), style: "minimal",
                            tilesPath: PipelineTests.repo.appendingPathComponent("Data/helsinki.pmtiles").path, format: .png)
        let poster = try PipelineTests.pipeline().run(job)
        try GoldenImage.expectMatch(poster.bytes, "layout-\(variant.name).png")
    }

    func layout(_ spec: PosterSpec) throws -> PosterLayout {
        try PosterLayout(spec: spec, theme: .minimal, fonts: PipelineTests.fonts) { _ in .white }
    }

    @Test func theTextBlockGoesAboveBelowOrOverTheMap() throws {
        let bottom = try layout(Self.spec(400, 600, PosterDesign()))
        let top = try layout(Self.spec(400, 600, PosterDesign(textPosition: .top)))
        let center = try layout(Self.spec(400, 600, PosterDesign(textPosition: .center)))
        func title(_ l: PosterLayout) -> Double { l.texts[0].baselineY }
        #expect(title(bottom) > bottom.mapRect.maxY)
        #expect(title(top) < top.mapRect.minY)
        #expect(center.mapRect.minY == 24 && center.mapRect.maxY == 576)  // the whole frame inside 6% margins
        #expect(abs(title(center) - 300) < 40)
        #expect(bottom.backdrop == nil && center.backdrop == nil)
        // With a backdrop the map keeps the whole frame and the veil lies over its bottom.
        let veiled = try layout(Self.spec(400, 600, PosterDesign(backdrop: .strong)))
        let veil = try #require(veiled.backdrop)
        #expect(veiled.mapRect.maxY == 576)
        #expect(veil.rect.maxY == 576 && veil.rect.minY > 400)
    }

    @Test func bordersAndMasksShapeTheFrame() throws {
        let double = try layout(Self.spec(400, 600, PosterDesign(border: .double)))
        #expect(double.strokes.count == 2)
        #expect(double.strokes[1].rect.minX < double.strokes[0].rect.minX)
        let inset = try layout(Self.spec(400, 600, PosterDesign(border: .inset)))
        #expect(inset.strokes[0].rect.minX > inset.mapRect.minX)
        let circle = try layout(Self.spec(400, 600, PosterDesign(border: .thin, mask: .circle)))
        let disc = try #require(circle.maskCircle)
        #expect(disc.width == disc.height && disc.width == min(circle.mapRect.width, circle.mapRect.height))
        #expect(circle.strokes.allSatisfy { $0.circle })
    }

    @Test func aCircularMaskLeavesPaperInTheFramesCorners() throws {
        let job = PosterRequest(spec: Self.spec(400, 400, PosterDesign(mask: .circle)), style: "minimal",
                            tilesPath: PipelineTests.repo.appendingPathComponent("Data/helsinki.pmtiles").path, format: .png)
        let image = try PNGDecoder.decode(try PipelineTests.pipeline().run(job).bytes)
        let l = try layout(Self.spec(400, 400, PosterDesign(mask: .circle)))
        let paper = image.pixel(x: 2, y: 2)
        let corner = image.pixel(x: Int(l.mapRect.minX) + 3, y: Int(l.mapRect.minY) + 3)
        #expect(abs(corner.red - paper.red) < 0.01 && abs(corner.green - paper.green) < 0.01 && abs(corner.blue - paper.blue) < 0.01)
    }

    @Test func longTitlesShrinkToFitAndSizesFollowThePoster() throws {
        let long = try layout(Self.spec(400, 600, PosterDesign(), title: "Helsingin kaupunginosat ja Itä-Uusimaa"))
        #expect(long.texts[0].x >= long.mapRect.minX && long.texts[0].x + long.texts[0].text.advance <= long.mapRect.maxX)
        // The same composition at three times the size: every position three times as far.
        let small = try layout(Self.spec(400, 600, PosterDesign(textPosition: .top, border: .double)))
        let large = try layout(Self.spec(1200, 1800, PosterDesign(textPosition: .top, border: .double)))
        #expect(abs(large.mapRect.minY / small.mapRect.minY - 3) < 0.05)
        #expect(abs(large.texts[0].text.size / small.texts[0].text.size - 3) < 0.01)
    }

    @Test func markersSitOnTheirPlaces() throws {
        let l = try layout(Self.spec(400, 600, PosterDesign(markers: [.init(position: Self.center, shape: .dot, label: "Keskusta")])))
        let marker = try #require(l.markers.first)
        #expect(abs(marker.x - (l.mapRect.minX + l.mapRect.maxX) / 2) < 0.5)
        #expect(abs(marker.y - (l.mapRect.minY + l.mapRect.maxY) / 2) < 0.5)
        #expect(try #require(marker.label).baselineY > marker.y)
    }
}
