import ArgumentParser
import BenchmarkSupport
import Canvas
import Foundation
import Geo
import PosterPipeline
import PosterRenderer

/// `cartopress-bench routes`: a GPS track of N points (a seeded random walk through Helsinki, as dense as a
/// 1 Hz recording) projected, simplified and drawn on a 2400x3600 poster.
struct RouteBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Measure simplifying and drawing a long GPS track on a poster.")

    @Option(help: "Points in the track.") var points: Int = 100_000
    @Option(help: "Measured runs (the median is reported).") var runs: Int = 9

    func run() throws {
        var generator = SeededGenerator(seed: 42)
        var lng = 24.93, lat = 60.165, heading = 0.0
        var track: [LngLat] = []
        track.reserveCapacity(points)
        for _ in 0..<points {
            heading += Double.random(in: -0.3...0.3, using: &generator)
            lng = min(max(lng + cos(heading) * 0.000004, 24.90), 24.99)
            lat = min(max(lat + sin(heading) * 0.000002, 60.155), 60.185)
            track.append(LngLat(lng: lng, lat: lat))
        }
        let resources = try ResourceLocator.discover()
        let pipeline = try PosterPipeline(resources: resources)
        guard let minimal = try pipeline.bundledStyle("minimal")?.style else { throw ValidationError("the minimal style is missing from Styles/") }
        let renderer = PosterRenderer(style: minimal, fonts: pipeline.fonts)
        var design = PosterDesign()
        design.routes = [PosterDesign.Route(lines: [track], distanceLabels: true)]
        let spec = PosterSpec(center: LngLat(lng: 24.945, lat: 60.17), zoom: 14.2, width: 2400, height: 3600, title: "Route", design: design)
        let surface = try ImageSurface(width: 2400, height: 3600)
        var layoutTimes: [Double] = [], drawTimes: [Double] = []
        var kept = 0
        for run in 0...runs {
            let start = Date()
            let layout = try renderer.layout(for: spec)
            let laidOut = Date()
            try renderer.drawRoutes(of: layout, on: surface)
            let drawn = Date()
            kept = layout.routes.reduce(0) { $0 + $1.lines.reduce(0) { $0 + $1.count / 2 } }
            guard run > 0 else { continue }
            layoutTimes.append(laidOut.timeIntervalSince(start) * 1000)
            drawTimes.append(drawn.timeIntervalSince(laidOut) * 1000)
        }
        let layoutStats = BenchmarkStatistics(layoutTimes), drawStats = BenchmarkStatistics(drawTimes)
        let total = BenchmarkStatistics(zip(layoutTimes, drawTimes).map { $0 + $1 })
        print("cartopress-bench routes: \(points) points, \(kept) kept after simplification (a third of a pixel), 2400x3600, \(runs) runs")
        print(String(format: "project + simplify (with the poster layout): median %.1f ms; draw: median %.1f ms; total median %.1f ms [%.1f–%.1f] (target ≤ 100 ms)",
                     layoutStats.median, drawStats.median, total.median, total.minimum, total.maximum))
    }
}

/// A small deterministic generator (SplitMix64), so every run draws the same track.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
