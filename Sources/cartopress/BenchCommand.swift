import ArgumentParser
import BenchmarkSupport
import Foundation
import PosterPipeline
import PosterRenderer

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Render posters repeatedly and report the median and spread of each phase and the peak RSS.",
        discussion: """
            With no --tiles it benchmarks the demo poster and the city-scale poster (Data/helsinki-x6.pmtiles). \
            This is a user command, not a developer benchmark (those are in cartopress-bench): it measures render \
            speed on the operator's own hardware, to size CARTOPRESS_WORKERS and the render-context pool.
            """
    )

    @OptionGroup var poster: PosterOptions

    @Option(help: "Renders per case (after one warm-up render).")
    var runs: Int = 15

    func run() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        let resources = try ResourceLocator.discover()
        let pipeline = try PosterPipeline(resources: resources, terrain: poster.terrainSetting)
        var cases: [(String, PosterOptions)] = [("demo", poster)]
        if poster.tiles == nil {
            var city = poster
            city.tiles = resources.cityTiles
            // The whole 6 x 10 km mosaic (bbox 24.88943,60.12666,24.99916,60.21661) in the map frame.
            if city.zoom == nil { city.zoom = 12.45 }
            if city.lat == nil { city.lat = 60.171635 }
            if city.lng == nil { city.lng = 24.944295 }
            cases.append(("city", city))
        }
        print("cartopress bench: \(runs) runs per case after a warm-up; times in ms, median [min–max]")
        let header = ["case", "format", "size", "total", "read", "decode", "draw", "encode", "bytes"]
        let widths = [6, 6, 10, 20, 16, 16, 20, 20, 8]
        func row(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
        }
        print(row(header))
        for (name, options) in cases {
            // A pitched map is drawn on PNG posters only.
            for format in PosterFormat.allCases where options.pitch == 0 || format == .png {
                let job = options.request(format: format)
                _ = try pipeline.run(job)
                var samples: [RenderTimings] = []
                var size = 0
                for _ in 0..<runs {
                    let result = try pipeline.run(job)
                    samples.append(result.timings)
                    size = result.bytes.count
                }
                func stat(_ key: KeyPath<RenderTimings, Double>) -> BenchmarkStatistics {
                    BenchmarkStatistics(samples.map { $0[keyPath: key] * 1000 })
                }
                func show(_ s: BenchmarkStatistics) -> String {
                    String(format: "%.1f [%.1f–%.1f]", s.median, s.minimum, s.maximum)
                }
                print(row([name, format.rawValue, "\(options.width)x\(options.height)", show(stat(\.total)), show(stat(\.tileRead)),
                           show(stat(\.decode)), show(stat(\.draw)), show(stat(\.encode)), String(format: "%.2f MB", Double(size) / 1e6)]))
            }
        }
        print(String(format: "peak RSS: %.0f MB", Double(peakResidentBytes()) / 1e6))
    }
}
