import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the HTTP application: public routes (health, readiness, metrics, OpenAPI, downloads) and the
/// authenticated `/api/v1` routes, with this process's workers as a service beside the server.
public enum RenderServer {
    /// - Parameters:
    ///   - workers: render workers to run in this process (0 for an API-only process).
    ///   - onServerRunning: called with the bound port once the server listens.
    public static func makeApplication(runtime: ServiceRuntime, workers: Int,
                                       onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: ErrorMiddleware(metrics: runtime.metrics, logger: runtime.logger))
        let authenticator = APIKeyAuthenticator(store: runtime.keys, hasher: runtime.hasher)
        let operational = OperationalRoutes(runtime: runtime, authenticator: authenticator)
        operational.addPublic(to: router)
        StylePackageRoutes(runtime: runtime).add(to: router)
        DesignerRoutes(directory: runtime.pipeline.resources.webDirectory, fonts: runtime.pipeline.fonts, logger: runtime.logger).add(to: router)
        let api = router.group("api/v1")
            .add(middleware: AuthMiddleware(authenticator: authenticator, limiter: runtime.limiter, required: runtime.configuration.authRequired))
        let posters = api.group("posters")
        PosterRoutes(runtime: runtime).add(to: posters)
        JobEvents(runtime: runtime).add(to: posters)
        JobRoutes(runtime: runtime).add(posters: posters, admin: api.group("admin"))
        // carto-art's MCP tool geocodes at /api/geocode, beside /api/v1, with the same key.
        let geocoding = router.group("api")
            .add(middleware: AuthMiddleware(authenticator: authenticator, limiter: runtime.limiter, required: runtime.configuration.authRequired))
        GeocodeRoutes(runtime: runtime).add(to: geocoding)

        var services: [any Service] = []
        if workers > 0 { services.append(WorkerService(runtime: runtime, workers: workers)) }
        let configuration = ApplicationConfiguration(
            address: .hostname(runtime.configuration.host, port: runtime.configuration.port),
            serverName: "CartoPress")
        return Application(router: router, configuration: configuration, services: services,
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                           logger: runtime.logger)
    }

    /// Pre-warms the render pool, then serves until SIGTERM or SIGINT, shutting down gracefully.
    public static func serve(runtime: ServiceRuntime, workers: Int) async throws {
        try runtime.pool.prewarm()
        let app = makeApplication(runtime: runtime, workers: workers) { port in
            runtime.logger.info("CartoPress listening", metadata: ["url": .string("http://\(runtime.configuration.host):\(port)"),
                                                                   "workers": .stringConvertible(workers)])
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// Turns every error into the API's JSON error body: ``APIError``s as they are, Hummingbird's own errors
/// (unknown route, wrong method) with their status, anything else as a 500 that is logged, never shown.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let metrics: ServiceMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.request(status: Int(response.status.code))
            return response
        } catch let error as APIError {
            metrics.request(status: Int(error.status.code))
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            metrics.request(status: Int(error.status.code))
            let code: ErrorCode = switch error.status.code {
            case 404: .notFound
            case 405: .methodNotAllowed
            case 413: .payloadTooLarge
            default: error.status.code < 500 ? .invalidRequest : .internal
            }
            let message = error.body ?? (error.status.code == 404 ? "no such route: \(request.method) \(request.uri.path)" : error.status.reasonPhrase)
            return try APIError(code, message, headers: error.headers, status: error.status).response(from: request, context: context)
        } catch {
            metrics.request(status: 500)
            logger.error("unhandled error", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            return try APIError(.internal, "an internal error occurred; it has been logged")
                .response(from: request, context: context)
        }
    }
}

extension RenderServer {
    /// Runs workers without the HTTP server until SIGTERM or SIGINT.
    public static func work(runtime: ServiceRuntime, workers: Int) async throws {
        try runtime.pool.prewarm()
        let group = ServiceGroup(configuration: .init(services: [WorkerService(runtime: runtime, workers: workers)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: runtime.logger))
        try await group.run()
    }
}
