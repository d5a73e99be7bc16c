import ArgumentParser
import Foundation
import Logging
import PosterPipeline
import RenderService

/// `cartopress serve`: the HTTP API, with render workers in the same process unless told otherwise.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (and, by default, render workers). Settings come from CARTOPRESS_* variables; see the README.")

    @Option(help: "Render workers in this process (default: CARTOPRESS_WORKERS, else one per core); 0 serves the API only.")
    var workers: Int?
    @Option(help: "Port to listen on (default: CARTOPRESS_PORT, else 8080).")
    var port: Int?
    @Option(help: "Interface to listen on (default: CARTOPRESS_HOST, else 127.0.0.1).")
    var host: String?

    func run() async throws {
        var configuration = try ServiceSetup.configuration()
        if let port { configuration.port = port }
        if let host { configuration.host = host }
        if let workers { configuration.workers = max(0, workers) }
        let runtime = try ServiceSetup.runtime(configuration)
        if configuration.authRequired, (try? runtime.keys.all().filter(\.isActive).isEmpty) ?? false {
            runtime.logger.warning("no API keys exist yet: create one with 'cartopress keys create --name <who>' (or set CARTOPRESS_AUTH=disabled on a trusted network)")
        }
        try await RenderServer.serve(runtime: runtime, workers: configuration.workers)
    }
}

/// `cartopress worker`: render workers only, claiming from the shared Redis queue.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run render workers that claim jobs from Redis (CARTOPRESS_REDIS_URL), without the HTTP API.")

    @Option(help: "Workers (default: CARTOPRESS_WORKERS, else one per core).")
    var workers: Int?

    func run() async throws {
        var configuration = try ServiceSetup.configuration()
        guard configuration.redisURL != nil else {
            throw ValidationError("a separate worker needs the shared queue: set CARTOPRESS_REDIS_URL (or run 'cartopress serve', which has workers built in)")
        }
        if let workers { configuration.workers = max(1, workers) }
        let runtime = try ServiceSetup.runtime(configuration)
        try await RenderServer.work(runtime: runtime, workers: configuration.workers)
    }
}

/// Configuration, logging and the runtime, shared by the server commands.
enum ServiceSetup {
    static func configuration() throws -> ServiceConfiguration {
        do {
            return try ServiceConfiguration.fromEnvironment()
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func runtime(_ configuration: ServiceConfiguration) throws -> ServiceRuntime {
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "cartopress")
        logger.logLevel = level
        for warning in configuration.warnings { logger.warning("\(warning)") }
        do {
            return try ServiceRuntime(configuration: configuration, resources: try ResourceLocator.discover(), logger: logger)
        } catch let error as ServiceStartupError {
            throw ValidationError("cannot start: \(error.message)")
        }
    }
}
