import Canvas
import Foundation
import Hummingbird
import Logging

/// The poster designer: `GET /` is `Web/index.html`, `GET /web/<path>` the page's scripts, styles and
/// MapLibre GL JS. The files are read once at start and only those are served, so no request path can
/// reach outside `Web/`.
struct DesignerRoutes {
    let files: [String: [UInt8]]
    let fonts: DesignerFonts

    /// Largest file read from `Web/` (MapLibre GL JS is about 900 KB).
    static let maxFileBytes = 8 << 20

    init(directory: String, fonts catalog: FontCatalog, logger: Logger) {
        fonts = DesignerFonts(catalog: catalog)
        var files: [String: [UInt8]] = [:]
        let manager = FileManager.default
        if let walker = manager.enumerator(atPath: directory) {
            while let relative = walker.nextObject() as? String {
                let path = directory + "/" + relative
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let data = manager.contents(atPath: path), data.count <= Self.maxFileBytes else { continue }
                files[relative] = [UInt8](data)
            }
        }
        if files["index.html"] == nil {
            logger.warning("the designer page is missing", metadata: ["directory": .string(directory)])
        }
        self.files = files
    }

    func add(to router: Router<ServiceRequestContext>) {
        let files = self.files
        router.get("/") { request, _ in
            guard let page = files["index.html"] else {
                throw APIError.notFound("the designer page is not installed (Web/index.html); the API is at /api/v1 and described at /openapi.json")
            }
            // Revalidated every time so a new deployment shows at once; its assets carry ETags too.
            return CachedBody.response(page, contentType: "text/html; charset=utf-8", request: request, maxAge: 0)
        }
        let fonts = self.fonts
        router.get("web/fonts.css") { request, _ in
            let css = try await Offload.api { () throws(APIError) -> [UInt8] in fonts.css }
            return CachedBody.response(css, contentType: "text/css; charset=utf-8", request: request, maxAge: 300)
        }
        router.get("web/fonts/:file") { request, context in
            let file = context.parameters.get("file") ?? ""
            guard let path = try await Offload.api({ () throws(APIError) -> String? in fonts.path(of: file) }) else {
                throw APIError.notFound("no font /web/fonts/\(file); /web/fonts.css lists them")
            }
            let bytes = try await Offload.api { () throws(APIError) -> [UInt8] in
                guard let data = FileManager.default.contents(atPath: path) else { throw APIError(.internal, "the font \(file) cannot be read") }
                return [UInt8](data)
            }
            return CachedBody.response(bytes, contentType: DesignerFonts.contentType(file), request: request, maxAge: 86_400)
        }
        router.get("web/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let bytes = files[path] else { throw APIError.notFound("no file /web/\(path)") }
            return CachedBody.response(bytes, contentType: Self.contentType(path), request: request, maxAge: 300)
        }
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map(String.init) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "woff2": "font/woff2"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
