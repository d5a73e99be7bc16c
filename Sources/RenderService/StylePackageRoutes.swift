import Foundation
import Geo
import HTTPTypes
import Hummingbird
import NIOCore
import PosterPipeline
import StyleKit

/// The style package served to browsers, public and cacheable, so that a MapLibre GL JS preview draws with
/// exactly the style, tiles and fonts CartoPress prints with:
/// - `GET /api/v1/styles/{id}/style.json?palette=…&label_language=…&<option>=true|false`
/// - `GET /tiles/{source}.json` (TileJSON) and `GET /tiles/{source}/{z}/{x}/{y}.{pbf|png|…}`
/// - `GET /fonts/{fontstack}/{start}-{end}.pbf` (SDF glyphs of the bundled faces)
/// - `GET /sprites/{id}.json|.png` (and `@2x`): the catalogue's styles have no icons, so these say so.
struct StylePackageRoutes {
    let runtime: ServiceRuntime
    let glyphs: GlyphRanges

    /// Seconds browsers and CDNs may keep a style document (it changes when the package is redeployed).
    static let styleMaxAge = 300
    /// Seconds tiles and glyphs may be kept: they change only when the tiles or fonts are replaced.
    static let tileMaxAge = 86_400

    init(runtime: ServiceRuntime) {
        self.runtime = runtime
        glyphs = GlyphRanges(fonts: runtime.pipeline.fonts)
    }

    /// The package is public: a map on any origin may load it (`Access-Control-Allow-Origin: *`).
    static var cors: CORSMiddleware<ServiceRequestContext> {
        CORSMiddleware(allowOrigin: .all, allowHeaders: [.accept, .ifNoneMatch], allowMethods: [.get, .head], exposedHeaders: ["ETag"])
    }

    func add(to router: Router<ServiceRequestContext>) {
        router.group("api/v1/styles").add(middleware: Self.cors).get(":id/style.json") { request, context in
            try await style(context.parameters.get("id") ?? "", request: request)
        }
        let tiles = router.group("tiles").add(middleware: Self.cors)
        // One parameter name at this position: the router's trie refuses two.
        tiles.get(":source") { request, context in try await tileJSON(context.parameters.get("source") ?? "", request: request) }
        tiles.get(":source/:z/:x/:file") { request, context in
            try await tile(source: context.parameters.get("source") ?? "", z: context.parameters.get("z") ?? "",
                           x: context.parameters.get("x") ?? "", file: context.parameters.get("file") ?? "", request: request)
        }
        router.group("fonts").add(middleware: Self.cors).get(":stack/:file") { request, context in
            try await glyphRange(stack: context.parameters.get("stack") ?? "", file: context.parameters.get("file") ?? "", request: request)
        }
        router.group("sprites").add(middleware: Self.cors).get(":file") { _, context -> Response in
            let file = context.parameters.get("file") ?? ""
            throw APIError.notFound("no sprite \(file): the catalogue's styles draw no icons, so they name no sprite")
        }
    }

    /// Where this service answers, for the absolute URLs MapLibre needs: `PUBLIC_URL` when set, else the host
    /// the request was sent to (so a port mapped by a container or a test harness is right), else the
    /// configured address.
    private func baseURL(_ request: Request) -> String { Self.baseURL(request.head, configuration: runtime.configuration) }

    static func baseURL(_ head: HTTPRequest, configuration: ServiceConfiguration) -> String {
        if let configured = configuration.publicURL, !configured.isEmpty { return configuration.resolvedPublicURL }
        if let host = head.authority, isPlainHost(host) { return "http://\(host)" }
        return configuration.resolvedPublicURL
    }

    /// A `Host` value of letters, digits, dots, dashes, an IPv6 literal's brackets and colons and a port:
    /// nothing that could change a URL's meaning.
    static func isPlainHost(_ host: String) -> Bool {
        !host.isEmpty && host.count <= 255 && host.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || ".-[]:".unicodeScalars.contains($0)
        }
    }

    private func style(_ id: String, request: Request) async throws -> Response {
        var palette: String?
        var language: LabelLanguage?
        var toggles: [String: Bool] = [:]
        var problems: [APIError.Detail] = []
        for (key, value) in request.uri.queryParameters {
            let name = String(key), text = String(value)
            switch name {
            case "palette": palette = text
            case "label_language":
                language = LabelLanguage(text)
                if language == nil { problems.append(.init(field: "label_language", reason: "must be \(LabelLanguage.expected)")) }
            default:
                switch text {
                case "true": toggles[name] = true
                case "false": toggles[name] = false
                default: problems.append(.init(field: String(name.prefix(100)), reason: "must be true or false (an option of the style), or give palette or label_language"))
                }
            }
        }
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        let pipeline = runtime.pipeline, base = baseURL(request)
        let (chosenPalette, chosenToggles, chosenLanguage) = (palette, toggles, language)
        let document = try await Offload.api { () throws(APIError) -> JSONValue? in
            do throws(PipelineError) {
                return try pipeline.browserStyle(id: id, palette: chosenPalette, toggles: chosenToggles, labelLanguage: chosenLanguage, baseURL: base)
            } catch {
                throw Self.apiError(error)
            }
        }
        guard let document else {
            throw APIError.notFound("no style \"\(id)\"; the styles are \(runtime.catalog.entries.map(\.id).joined(separator: ", ")) (GET /api/v1/styles lists them)")
        }
        return CachedBody.response(try JSONBody.bytes(document), contentType: "application/json; charset=utf-8", request: request, maxAge: Self.styleMaxAge)
    }

    private func tileJSON(_ file: String, request: Request) async throws -> Response {
        guard file.hasSuffix(".json") else { throw APIError.notFound("no such route: GET /tiles/\(file); ask /tiles/{source}.json or /tiles/{source}/{z}/{x}/{y}.pbf") }
        let id = String(file.dropLast(".json".count))
        let pipeline = runtime.pipeline, base = baseURL(request)
        let document = try await Offload.api { () throws(APIError) -> JSONValue? in
            do throws(PipelineError) { return try pipeline.tileJSON(source: id, baseURL: base) } catch { throw Self.apiError(error) }
        }
        guard let document else { throw APIError.notFound("no style has a source \"\(id)\"") }
        return CachedBody.response(try JSONBody.bytes(document), contentType: "application/json; charset=utf-8", request: request, maxAge: Self.styleMaxAge)
    }

    private func tile(source: String, z: String, x: String, file: String, request: Request) async throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1)
        guard let zoom = Int(z), let column = Int(x), parts.count == 2, let row = Int(parts[0]),
              ["pbf", "mvt", "png", "jpg", "webp", "avif", "mlt"].contains(String(parts[1])) else {
            throw APIError.invalid([.init(field: "tile", reason: "ask /tiles/{source}/{z}/{x}/{y}.{pbf|png|jpg|webp} with whole numbers z, x and y")])
        }
        let id = TileID(z: zoom, x: column, y: row)
        let pipeline = runtime.pipeline
        let tile = try await Offload.api { () throws(APIError) -> BrowserTile? in
            do throws(PipelineError) { return try pipeline.browserTile(source: source, tile: id) } catch { throw Self.apiError(error) }
        }
        // No tile there: an empty answer MapLibre draws as nothing, not a failed request.
        guard let tile else { return Response(status: .noContent, headers: [.cacheControl: "public, max-age=\(Self.tileMaxAge)"]) }
        return CachedBody.response(tile.bytes, contentType: tile.contentType, request: request,
                                   maxAge: tile.maxAge.map { Int($0) } ?? Self.tileMaxAge)
    }

    private func glyphRange(stack: String, file: String, request: Request) async throws -> Response {
        let range = try GlyphRanges.parseRange(file)
        let glyphs = self.glyphs
        let bytes = try await Offload.api { () throws(APIError) -> [UInt8] in try glyphs.range(stack: stack, range: range) }
        return CachedBody.response(bytes, contentType: "application/x-protobuf", request: request, maxAge: Self.tileMaxAge)
    }

    /// A pipeline failure as the API's error: a bad request stays a 400, a source that cannot be read a 503.
    static func apiError(_ error: PipelineError) -> APIError {
        let code = ErrorCode(error.code)
        if error.code == .invalidRequest { return APIError(code, error.message, status: .badRequest, cause: error) }
        return APIError(code, error.message + "; retry shortly", headers: [.retryAfter: "5"], cause: error)
    }
}
