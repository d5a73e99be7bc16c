import Foundation
public import Geo
public import HTTPTransport

/// Tiles from XYZ endpoints: a URL template with `{z}`, `{x}` and `{y}` (and `{s}` for subdomains, `{-y}`
/// or the TMS scheme for rows counted from the south). A 404 or 204 is a tile that does not exist; any other
/// answer that is not a tile is an error naming the tile and its URL.
public struct XYZTileSource: SyncTileSource {
    public let templates: [String]
    public let subdomains: [String]
    public let tms: Bool
    public let minZoom: Int
    public let maxZoom: Int
    public let tileType: TileType
    private let transport: any HTTPTransport
    private let timeout: Double
    /// The most bytes a tile may expand to when it arrives gzipped.
    private let maxTileBytes: Int

    public var identifier: String { templates.first ?? "" }
    /// Where the tiles are, as a TileJSON document's `bounds` says; nil for a bare template.
    public let coverage: GeoBounds?

    /// - Throws: ``TileFetchError/Code/configuration`` for a template without `{z}`, `{x}` and `{y}`.
    public init(templates: [String], subdomains: [String] = ["a", "b", "c"], tms: Bool = false, minZoom: Int = 0, maxZoom: Int = 14,
                tileType: TileType = .mvt, transport: any HTTPTransport, timeout: Double = 20, maxTileBytes: Int = 16 << 20,
                coverage: GeoBounds? = nil) throws(TileFetchError) {
        guard !templates.isEmpty else { throw TileFetchError(.configuration, "no tile URL templates") }
        for template in templates {
            guard template.contains("{z}"), template.contains("{x}"), template.contains("{y}") || template.contains("{-y}") else {
                throw TileFetchError(.configuration, "tile URL template \(template) needs {z}, {x} and {y}")
            }
            guard template.hasPrefix("http://") || template.hasPrefix("https://") else {
                throw TileFetchError(.configuration, "tile URL template \(template) must be http or https")
            }
        }
        self.templates = templates
        self.subdomains = subdomains.isEmpty ? ["a"] : subdomains
        self.tms = tms
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.tileType = tileType
        self.transport = transport
        self.timeout = timeout
        self.maxTileBytes = maxTileBytes
        self.coverage = coverage
    }

    /// The URL of a tile; templates and subdomains are spread over tiles by position, so the same tile
    /// always has the same URL (and cache entry).
    public func url(for id: TileID) -> String {
        let n = 1 << id.z
        let row = tms ? n - 1 - id.y : id.y
        let spread = abs(id.x &+ id.y)
        var url = templates[spread % templates.count]
        url = url.replacingOccurrences(of: "{z}", with: String(id.z)).replacingOccurrences(of: "{x}", with: String(id.x))
            .replacingOccurrences(of: "{-y}", with: String(n - 1 - id.y)).replacingOccurrences(of: "{y}", with: String(row))
        return url.replacingOccurrences(of: "{s}", with: subdomains[spread % subdomains.count])
    }

    public func tileNow(_ id: TileID) throws -> [UInt8]? {
        try fetchNow(id).bytes
    }

    /// The tile's bytes (nil for a 404 or 204) and how long it may be cached (nil: the cache's default;
    /// 0: not at all), from the response's `Cache-Control`.
    public func fetchNow(_ id: TileID) throws(TileFetchError) -> (bytes: [UInt8]?, maxAge: Double?) {
        let address = url(for: id)
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(url: address, headers: [(name: "Accept", value: Self.accept(tileType))], timeout: timeout))
        } catch {
            throw TileFetchError(.transport, "tile \(id) (\(address)): \(error)", cause: error)
        }
        switch response.status {
        case 404, 204:
            return (nil, 0)
        case 200:
            break
        default:
            throw TileFetchError(.status, "tile \(id) (\(address)) answered HTTP \(response.status)")
        }
        if let type = response.header("Content-Type")?.lowercased(), type.hasPrefix("text/") || type.contains("html") || type.contains("json") {
            throw TileFetchError(.invalid, "tile \(id) (\(address)) came back as \(type), not a tile: the server sent an error page")
        }
        var bytes = response.body
        if Gzip.isGzip(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, limit: maxTileBytes)
            } catch {
                throw TileFetchError(.invalid, "tile \(id) (\(address)): \(error)", cause: error)
            }
        }
        return (bytes, Self.maxAge(response.header("Cache-Control")))
    }

    static func accept(_ type: TileType) -> String {
        switch type {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        default: "application/vnd.mapbox-vector-tile, application/x-protobuf, */*;q=0.5"
        }
    }

    /// Seconds a response may be kept by its `Cache-Control` (0 for no-store and no-cache), nil when it says
    /// nothing.
    static func maxAge(_ header: String?) -> Double? {
        guard let header else { return nil }
        let directives = header.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if directives.contains("no-store") || directives.contains("no-cache") || directives.contains("private") { return 0 }
        for directive in directives where directive.hasPrefix("max-age=") {
            return Double(directive.dropFirst("max-age=".count)).map { max(0, $0) }
        }
        return nil
    }
}
