import Foundation
import TestSupport
import Testing
@testable import Geo

/// Marching squares against geometry that is known exactly, and against contourpy, an independent
/// implementation, on the same grid: the same levels, vertices within a hundredth of a cell.
@Suite struct ContourGeneratorTests {
    /// A cone: value = distance from (cx, cy), so the isoline at r is a circle of radius r.
    static func cone(width: Int, height: Int, cx: Double, cy: Double) -> [Double] {
        (0..<height).flatMap { j in (0..<width).map { i in ((Double(i) - cx) * (Double(i) - cx) + (Double(j) - cy) * (Double(j) - cy)).squareRoot() } }
    }

    @Test func aConesIsolineIsOneClosedCircle() {
        let lines = ContourGenerator.isolines(values: Self.cone(width: 41, height: 41, cx: 20, cy: 20), width: 41, height: 41, level: 10.5)
        #expect(lines.count == 1)
        let line = lines[0]
        #expect(line.closed)
        for (x, y) in zip(line.x, line.y) {
            // Linear interpolation of a cone along a cell edge is off the circle by under a tenth of a cell.
            #expect(abs(((x - 20) * (x - 20) + (y - 20) * (y - 20)).squareRoot() - 10.5) < 0.1)
        }
    }

    @Test func linesThatLeaveTheGridAreOpenAndLevelsOutsideTheRangeAreEmpty() {
        let values = Self.cone(width: 30, height: 20, cx: 0, cy: 0)
        let arc = ContourGenerator.isolines(values: values, width: 30, height: 20, level: 12)
        #expect(arc.count == 1 && !arc[0].closed)
        #expect(ContourGenerator.isolines(values: values, width: 30, height: 20, level: 1000).isEmpty)
        var holes = values
        holes[5 * 30 + 5] = .nan
        #expect(!ContourGenerator.isolines(values: holes, width: 30, height: 20, level: 7).isEmpty)
    }

    @Test func contourpyDrawsTheSameIsolines() throws {
        // A terrain-like surface: two hills, a valley and a ripple, 160 x 120 cells.
        let width = 160, height = 120
        var grid: [Double] = []
        for j in 0..<height {
            for i in 0..<width {
                let x = Double(i), y = Double(j)
                let hills = 400 * exp(-((x - 50) * (x - 50) + (y - 40) * (y - 40)) / 900) + 300 * exp(-((x - 115) * (x - 115) + (y - 80) * (y - 80)) / 600)
                grid.append(200 + hills - 80 * exp(-((x - 80) * (x - 80)) / 200) + 15 * sin(x / 7) * cos(y / 9))
            }
        }
        let levels = [150.0, 250, 300, 400, 500]
        // contourpy's lines of this very surface, written by scripts/make_contour_fixtures.py.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/dem/contourpy-synthetic.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let json = try #require(document["levels"] as? [String: [[[Double]]]])
        for level in levels {
            let theirs = try #require(json[String(Int(level))])
            let ours = ContourGenerator.isolines(values: grid, width: width, height: height, level: level)
            let ourPoints = ours.flatMap { zip($0.x, $0.y) }
            let theirPoints = theirs.flatMap { $0.map { ($0[0], $0[1]) } }
            #expect(!theirPoints.isEmpty)
            // Every vertex of theirs is one of ours (closed rings repeat their first vertex in both).
            var worst = 0.0
            for (x, y) in theirPoints {
                let nearest = ourPoints.reduce(Double.infinity) { min($0, hypot($1.0 - x, $1.1 - y)) }
                worst = max(worst, nearest)
            }
            #expect(worst < 0.01, "level \(level): a contourpy vertex is \(worst) cells from ours")
            #expect(abs(ourPoints.count - theirPoints.count) <= ours.count + theirs.count, "level \(level): \(ourPoints.count) vs \(theirPoints.count) vertices")
        }
    }

    /// A line as a comparable value: its vertices rounded, a ring started at its smallest vertex.
    static func canonical(_ line: ContourGenerator.Line) -> [[Double]] {
        func rounded(_ v: Double) -> Double { (v * 1e6).rounded() / 1e6 }
        var points: [[Double]] = zip(line.x, line.y).map { [rounded($0.0), rounded($0.1)] }
        if line.closed {
            points.removeLast()
            let start = points.indices.min { points[$0].lexicographicallyPrecedes(points[$1]) } ?? 0
            points = Array(points[start...]) + Array(points[..<start])
        }
        return points
    }

    @Test func onePassOverEveryLevelDrawsWhatOneLevelAtATimeDraws() {
        let width = 90, height = 70
        var grid: [Double] = []
        for j in 0..<height {
            for i in 0..<width {
                let x = Double(i), y = Double(j)
                grid.append(100 + 60 * sin(x / 9) * cos(y / 7) + (x + y) / 3)
            }
        }
        let all = ContourGenerator.isolines(values: grid, width: width, height: height, interval: 10)
        let low = grid.min() ?? 0, high = grid.max() ?? 0
        let expected = stride(from: 0.0, through: 400, by: 10).filter { $0 > low && $0 <= high }
        #expect(all.map { $0.level } == expected)
        for entry in all {
            // Built one level at a time by a pass that only ever sees that level.
            let single = ContourGenerator.isolines(values: grid, width: width, height: height, levels: [entry.level])[0].lines
            #expect(Set(entry.lines.map(Self.canonical)) == Set(single.map(Self.canonical)), "level \(entry.level)")
            #expect(entry.lines.count == single.count)
        }
    }

    @Test func linesRunWithHigherGroundOnTheirRight() {
        // A hill: the ring around it runs clockwise on screen (y down), the hill inside on the right.
        let ring = ContourGenerator.isolines(values: Self.cone(width: 21, height: 21, cx: 10, cy: 10).map { -$0 }, width: 21, height: 21, level: -6)
        #expect(ring.count == 1)
        let xs = ring[0].x, ys = ring[0].y
        // The shoelace sum is positive for a clockwise ring when y points down.
        var twiceArea = 0.0
        for k in 0..<(xs.count - 1) { twiceArea += xs[k] * ys[k + 1] - xs[k + 1] * ys[k] }
        let area = twiceArea / 2
        #expect(abs(area - .pi * 36) < 2)
    }
}
