import ArgumentParser

@main
struct CartoPress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartopress",
        abstract: "Render map posters from OpenStreetMap vector tiles.",
        subcommands: [RenderCommand.self, StylesCommand.self, BenchCommand.self, QueueBenchCommand.self, ConformanceCommand.self, QueueTestWorkerCommand.self]
    )
}
