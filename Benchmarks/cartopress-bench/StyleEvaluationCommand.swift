import ArgumentParser
import BenchmarkSupport
import Foundation
import PosterPipeline

/// `cartopress-bench style-eval`: ``StyleEvaluationBenchmark`` over the road features of the city mosaic's
/// z14 tiles (Data/helsinki-x6.pmtiles).
struct StyleEvaluationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style-eval",
        abstract: "Measure style evaluation: an expression filter and data-driven line width and colour over every road feature of the city mosaic's z14 tiles.")

    @Option(help: "Measured runs (the median is reported).") var runs: Int = 15

    func run() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        let resources = try ResourceLocator.discover()
        let (rates, count) = try StyleEvaluationBenchmark.run(tilesPath: resources.cityTiles, runs: runs)
        let stats = BenchmarkStatistics(rates.map { $0 / 1e6 })
        print(String(format: "style evaluation (filter + data-driven width and colour, %d road features): %.2f [%.2f–%.2f] million features/s",
                     count, stats.median, stats.minimum, stats.maximum))
    }
}
