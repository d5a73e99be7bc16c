import Canvas
import Foundation
import Geo
import PosterPipeline
import Testing
@testable import PosterRenderer

/// The route poster: the Helsinki walk (Tests/Fixtures/gpx) over the Helsinki tiles, the map fitted to
/// the route, against a reference image (at most 0.5% of pixels may differ by more than 24 of 255).
@Suite struct RoutePosterTests {
    static let walk: GPXDocument = {
        let url = PipelineTests.repo.appendingPathComponent("Tests/Fixtures/gpx/helsinki-walk.gpx")
        do { return try GPXDocument.parse(try Data(contentsOf: url)) } catch { fatalError("\(error)") }
    }()

    static func job() -> PosterRequest {
        var design = PosterDesign()
        design.routes = [PosterDesign.Route(lines: walk.lines.map { $0.map(\.position) }, distanceLabels: true)]
        let spec = PosterSpec(center: LngLat(lng: 24.945, lat: 60.17), zoom: 15, width: 400, height: 600, pixelRatio: 0.4, dpi: 60,
                              title: "Helsinki walk", subtitle: "3.15 km", design: design)
        var job = PosterRequest(spec: spec, style: "minimal", tilesPath: PipelineTests.repo.appendingPathComponent("Data/helsinki.pmtiles").path, format: .png)
        let b = walk.bounds!
        let dx = (b.east - b.west) * 0.08, dy = (b.north - b.south) * 0.08
        job.bounds = GeoBounds(west: b.west - dx, south: b.south - dy, east: b.east + dx, north: b.north + dy)
        return job
    }

    @Test func theRoutePosterMatchesItsReferenceImage() throws {
        let poster = try PipelineTests.pipeline().run(Self.job())
        #expect(poster.warnings.isEmpty)
        try GoldenImage.expectMatch(poster.bytes, "route-helsinki-walk.png")
        let image = try PNGDecoder.decode(poster.bytes)
        // The route's red-orange is on the poster, and only inside the map.
        var routePixels = 0
        for y in stride(from: 0, to: image.height, by: 2) {
            for x in stride(from: 0, to: image.width, by: 2) {
                let p = image.pixel(x: x, y: y)
                if p.red > 0.8 && p.green < 0.45 && p.blue < 0.35 { routePixels += 1 }
            }
        }
        #expect(routePixels > 300, "\(routePixels) route pixels")
    }

    @Test func theMapFitsTheRoute() throws {
        let pipeline = try PipelineTests.pipeline()
        var job = Self.job()
        let renderer = PosterRenderer(style: try #require(pipeline.catalog.entry("minimal")?.style), fonts: pipeline.fonts)
        let fitted = Camera.fitting(job.bounds!, width: 352, height: 400, pixelRatio: 0.4)
        job.spec.center = fitted.center
        job.spec.zoom = fitted.zoom
        let layout = try renderer.layout(for: job.spec)
        let route = try #require(layout.routes.first)
        // Every point of the simplified route lies inside the map frame.
        for line in route.lines {
            for i in stride(from: 0, to: line.count, by: 2) {
                #expect(line[i] >= layout.mapRect.minX && line[i] <= layout.mapRect.maxX)
                #expect(line[i + 1] >= layout.mapRect.minY && line[i + 1] <= layout.mapRect.maxY)
            }
        }
        #expect(route.labels.map(\.text.glyphCount).count == 3)  // 1, 2 and 3 km on a 3.15 km walk
        #expect(route.start != nil && route.finish != nil)
    }
}
