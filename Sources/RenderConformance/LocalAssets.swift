public import Foundation

/// Resolves the URLs render tests use to files under an assets directory, as the upstream harness maps
/// them: `local://X` and `http://localhost:2900/X` are `assets/X`; `mapbox://` tiles and tilesets are
/// `assets/tiles/…` and `assets/tilesets/…`. Nothing is ever fetched.
public struct LocalAssets: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The file a URL stands for, or nil for a URL that names no local asset.
    public func file(for url: String) -> URL? {
        for prefix in ["local://", "http://localhost:2900/"] where url.hasPrefix(prefix) {
            return root.appendingPathComponent(String(url.dropFirst(prefix.count)))
        }
        if url.hasPrefix("mapbox://") {
            let rest = String(url.dropFirst("mapbox://".count))
            if rest.hasPrefix("tiles/") || rest.hasPrefix("sprites/") { return root.appendingPathComponent(rest) }
            return root.appendingPathComponent("tilesets/\(rest).json")
        }
        return nil
    }

    /// The tile URL templates of a vector source: its own `tiles`, or those of the TileJSON its `url` names.
    public func tileTemplates(tiles: [String], url: String?) -> (templates: [String], minZoom: Int?, maxZoom: Int?, scheme: String?) {
        if !tiles.isEmpty { return (tiles, nil, nil, nil) }
        guard let url, let file = file(for: url), let data = FileManager.default.contents(atPath: file.path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return ([], nil, nil, nil) }
        return ((json["tiles"] as? [String]) ?? [], (json["minzoom"] as? NSNumber)?.intValue, (json["maxzoom"] as? NSNumber)?.intValue,
                json["scheme"] as? String)
    }

    /// Bytes of one tile, nil when the tileset has no such tile (MapLibre draws nothing there).
    /// The bytes of one tile; empty for a tile served empty (204), nil for one that is missing (404).
    public func tile(template: String, z: Int, x: Int, y: Int, scheme: String) -> [UInt8]? {
        let row = scheme == "tms" ? (1 << z) - 1 - y : y
        let url = template.replacingOccurrences(of: "{z}", with: String(z)).replacingOccurrences(of: "{x}", with: String(x))
            .replacingOccurrences(of: "{y}", with: String(row))
        // An empty file stands for the harness's 204 No Content: a tile that exists and holds nothing.
        guard let file = file(for: url), let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return Array(data)
    }
}
