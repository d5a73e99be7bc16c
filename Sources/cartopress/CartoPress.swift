import ArgumentParser

@main
struct CartoPress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartopress",
        abstract: "Render map posters from OpenStreetMap vector tiles.",
        subcommands: [RenderCommand.self, ServeCommand.self, WorkerCommand.self, KeysCommand.self, JobsCommand.self, StorageCommand.self, StylesCommand.self, BenchCommand.self, RenderStyleCommand.self, ConformanceCommand.self]
    )
}
