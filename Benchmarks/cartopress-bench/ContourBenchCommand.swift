import ArgumentParser
import BenchmarkSupport
import Foundation
import Geo
import PosterPipeline
import PosterRenderer
import StyleKit
import VectorTile

/// `cartopress-bench contours`: contour lines for a whole poster of the bundled DEM (the topographic style,
/// 2400x3600 at zoom 13), from decoded DEM tiles to the vector tiles the style draws.
struct ContourBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contours",
        abstract: "Measure computing a poster's contour lines from DEM tiles.")

    @Option(help: "Map zoom.") var zoom: Double = 13
    @Option(help: "Device pixels per CSS pixel (the CLI's posters use 2).") var pixelRatio: Double = 2
    @Option(help: "Measured runs (the median is reported).") var runs: Int = 9

    func run() throws {
        let pipeline = try PosterPipeline(resources: try ResourceLocator.discover())
        guard let topographic = try pipeline.bundledStyle("topographic")?.style else { throw ValidationError("the topographic style is missing from Styles/") }
        let renderer = PosterRenderer(style: topographic, fonts: pipeline.fonts)
        let spec = PosterSpec(center: LngLat(lng: -84.245, lat: 36.59), zoom: zoom, width: 2400, height: 3600, pixelRatio: pixelRatio,
                              title: "Jacksboro Fault", subtitle: "Tennessee")
        let camera = try renderer.layout(for: spec).camera
        var warnings: [String] = []
        let readStart = Date()
        let dem = try pipeline.loadTerrain(for: topographic, camera: camera, warnings: &warnings)
        let readTime = Date().timeIntervalSince(readStart) * 1000
        guard warnings.isEmpty, let terrain = dem["terrain"] else { throw ValidationError("no DEM under the poster: \(warnings)") }
        var times: [Double] = []
        var lines = 0, vertices = 0, tiles = 0
        for run in 0...runs {
            let start = Date()
            let contours = renderer.contourTiles(camera: camera, dem: dem)["contours"] ?? [:]
            let elapsed = Date().timeIntervalSince(start) * 1000
            guard run > 0 else {
                tiles = contours.count
                for tile in contours.values {
                    guard let layer = tile.layer(named: "contours"), let features = try? layer.features().features else { continue }
                    for feature in features {
                        var counter = VertexCounter()
                        try? feature.decodeGeometry(into: &counter)
                        lines += counter.lines
                        vertices += counter.vertices
                    }
                }
                continue
            }
            times.append(elapsed)
        }
        let stats = BenchmarkStatistics(times)
        let levels = topographic.sources["contours"]?.contours?.levels(atZoom: Int(zoom)) ?? []
        print("cartopress-bench contours: 2400x3600 at zoom \(zoom), pixel ratio \(pixelRatio); \(terrain.tiles.count) DEM tiles read and decoded in \(String(format: "%.1f", readTime)) ms (not counted)")
        print("contours every \(levels.map { String(format: "%g", $0) }.joined(separator: "/")) m over \(tiles) DEM tiles: \(lines) line pieces, \(vertices) vertices, \(runs) runs")
        print(String(format: "contour generation: median %.1f ms [%.1f–%.1f] (target ≤ 200 ms)", stats.median, stats.minimum, stats.maximum))
    }
}

/// Counts the lines and vertices of a feature's geometry.
private struct VertexCounter: GeometryVisitor {
    var lines = 0, vertices = 0
    mutating func moveTo(x: Int32, y: Int32) { lines += 1; vertices += 1 }
    mutating func lineTo(x: Int32, y: Int32) { vertices += 1 }
    mutating func closePath() {}
}
