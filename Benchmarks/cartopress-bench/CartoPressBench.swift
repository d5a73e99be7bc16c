import ArgumentParser

/// The developer benchmarks, kept out of the shipped `cartopress` binary: `swift run -c release
/// cartopress-bench <benchmark>`. Benchmarks/README.md has the cases, the targets and the latest figures.
/// `cartopress bench` stays in the product: it measures render speed on the operator's own hardware.
@main
struct CartoPressBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartopress-bench",
        abstract: "CartoPress's developer benchmarks: queue, tiles, routes, contours, storage, style evaluation, JSON parsing, PNG encoding and the service load test.",
        discussion: "Build with -c release for figures worth comparing; Benchmarks/README.md records the targets and the latest runs.",
        subcommands: [QueueBenchCommand.self, TileBenchCommand.self, RouteBenchCommand.self, ContourBenchCommand.self,
                      StorageBenchCommand.self, StyleEvaluationCommand.self, JSONParseBenchCommand.self, LoadTestCommand.self,
                      PNGBenchCommand.self, QueueCostCommand.self]
    )
}
