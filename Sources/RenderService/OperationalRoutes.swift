import Foundation
import Hummingbird
import NIOCore
import ObjectStorage

/// Health, readiness, metrics, the OpenAPI document, styles and local downloads.
struct OperationalRoutes {
    let runtime: ServiceRuntime

    func addPublic(to router: Router<ServiceRequestContext>) {
        router.get("healthz") { _, _ in try JSONBody.response(["status": "ok"], status: .ok) }
        router.get("readyz") { _, _ in try await readiness() }
        router.get("metrics") { _, _ in
            let runtime = self.runtime
            let text = try await Offload.run { () -> String in
                runtime.metrics.refresh(queue: runtime.queue, pool: runtime.pool)
                return runtime.metrics.exposition()
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        let document = OpenAPIDocument.json(maxSide: runtime.configuration.maxSide, styleIDs: runtime.pipeline.catalog.entries.map(\.id))
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
        }
        router.get("api/v1/posters/files/:name") { _, context in try await download(context.parameters.get("name") ?? "") }
    }

    func addStyles(to group: RouterGroup<ServiceRequestContext>) {
        group.get("styles") { _, _ in try JSONBody.response(runtime.pipeline.catalog.listing, status: .ok) }
    }

    struct Check: Encodable {
        var ok: Bool
        var message: String
    }

    struct Readiness: Encodable {
        var status: String
        var checks: [String: Check]
    }

    func readiness() async throws -> Response {
        let runtime = self.runtime
        let checks = try await Offload.run { () -> [String: Check] in
            var checks: [String: Check] = [:]
            do {
                if let redis = runtime.redis {
                    _ = try redis.command(["PING"])
                    _ = try runtime.queue.counts()
                    checks["queue"] = Check(ok: true, message: "Redis answers")
                } else {
                    _ = try runtime.queue.counts()
                    checks["queue"] = Check(ok: true, message: "in-process queue")
                }
            } catch {
                checks["queue"] = Check(ok: false, message: "\(error)")
            }
            switch runtime.store.check() {
            case .success: checks["storage"] = Check(ok: true, message: "usable: \(runtime.store.summary)")
            case .failure(let error): checks["storage"] = Check(ok: false, message: error.message)
            }
            let styles = runtime.pipeline.catalog.entries.count
            checks["styles"] = Check(ok: styles > 0, message: "\(styles) styles validated")
            let fonts = runtime.pipeline.fonts.faces.count
            checks["fonts"] = Check(ok: fonts > 0, message: "\(fonts) font faces loaded")
            return checks
        }
        let ready = checks.values.allSatisfy(\.ok)
        return try JSONBody.response(Readiness(status: ready ? "ready" : "unavailable", checks: checks),
                                     status: ready ? .ok : .serviceUnavailable)
    }

    func download(_ name: String) async throws -> Response {
        guard let files = runtime.store as? FileObjectStore, let path = files.path(for: name) else { throw APIError.notFound("no poster \(name)") }
        let data = try await Offload.run { FileManager.default.contents(atPath: path) }
        guard let data else { throw APIError.notFound("no poster \(name); it may have expired") }
        let type = name.hasSuffix(".pdf") ? "application/pdf" : "image/png"
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=86400"],
                        body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }
}
