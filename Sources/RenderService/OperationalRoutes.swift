import Foundation
import Hummingbird
import NIOCore
import ObjectStorage

/// Health, readiness, metrics, the OpenAPI document, styles and local downloads.
struct OperationalRoutes {
    let runtime: ServiceRuntime
    /// Checks the key of a download that comes without a signed link.
    let authenticator: APIKeyAuthenticator

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
        let document = OpenAPIDocument.json(limits: runtime.configuration.posterLimits, styleIDs: runtime.catalog.entries.map(\.id))
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
        }
        router.get("api/v1/posters/files/:name") { request, context in try await download(context.parameters.get("name") ?? "", request: request) }
        // The catalogue is public, as carto-art's is: a designer page lists styles before anyone has a key.
        let listing = runtime.catalog.listing
        router.get("api/v1/styles") { _, _ in
            var response = try JSONBody.response(listing, status: .ok)
            response.headers[.cacheControl] = "public, max-age=300"
            // Public, like the style package it lists: a designer on any origin may read it.
            response.headers[.accessControlAllowOrigin] = "*"
            return response
        }
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
            let styles = runtime.catalog.entries.count
            checks["styles"] = Check(ok: styles > 0, message: "\(styles) styles validated")
            let fonts = runtime.pipeline.fonts.names.count
            checks["fonts"] = Check(ok: fonts > 0, message: "\(fonts) font faces loaded")
            return checks
        }
        let ready = checks.values.allSatisfy(\.ok)
        return try JSONBody.response(Readiness(status: ready ? "ready" : "unavailable", checks: checks),
                                     status: ready ? .ok : .serviceUnavailable)
    }

    /// A poster from the local store: for a signed link (the `download_url` a job hands out) until it
    /// expires, else for the key that ordered it; anyone else is told there is no such poster.
    func download(_ name: String, request: Request) async throws -> Response {
        let notFound = APIError.notFound("no poster \(name); use the download_url of its job (links last as long as job records: \(Int(runtime.queue.configuration.terminalTTL / 86_400)) days)")
        guard let files = runtime.store as? FileObjectStore, let path = files.path(for: name) else { throw notFound }
        let query = request.uri.queryParameters
        if let expires = query.get("expires"), let signature = query.get("signature") {
            guard files.verifyLink(name: name, expires: expires, signature: signature) else { throw notFound }
        } else {
            let caller: String?
            if runtime.configuration.authRequired {
                guard let header = request.headers[.authorization] else { throw notFound }
                caller = try await authenticator.authenticate(header).prefix
            } else {
                caller = nil
            }
            let queue = runtime.queue
            let jobID = String(name.prefix { $0 != "." })
            let owned = try await Offload.api { () throws(APIError) -> Bool in try PosterRoutes.ownedJob(jobID, caller: caller, queue: queue) != nil }
            guard owned else { throw notFound }
        }
        let data = try await Offload.run { FileManager.default.contents(atPath: path) }
        guard let data else { throw APIError.notFound("no poster \(name); it may have expired") }
        let type = name.hasSuffix(".pdf") ? "application/pdf" : "image/png"
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=86400"],
                        body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }
}
