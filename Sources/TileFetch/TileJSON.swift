import Foundation
import Geo
public import HTTPTransport

/// A TileJSON document (`tiles`, `minzoom`, `maxzoom`, `scheme`), fetched and turned into an XYZ source.
public enum TileJSON {
    /// Fetches `url` and returns its tile source.
    /// - Throws: ``TileFetchError`` when the document cannot be fetched or has no usable `tiles`.
    public static func source(url: String, transport: any HTTPTransport, tileType: TileType = .mvt, timeout: Double = 20) throws(TileFetchError) -> XYZTileSource {
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(url: url, headers: [(name: "Accept", value: "application/json")], timeout: timeout))
        } catch {
            throw TileFetchError(.transport, "TileJSON \(url): \(error)", cause: error)
        }
        guard response.status == 200 else { throw TileFetchError(.status, "TileJSON \(url) answered HTTP \(response.status)") }
        return try source(document: response.body, url: url, transport: transport, tileType: tileType, timeout: timeout)
    }

    /// The tile source a TileJSON document describes; relative tile URLs are resolved against `url`.
    public static func source(document: [UInt8], url: String, transport: any HTTPTransport, tileType: TileType = .mvt,
                              timeout: Double = 20) throws(TileFetchError) -> XYZTileSource {
        guard let json = try? JSONSerialization.jsonObject(with: Data(document)) as? [String: Any] else {
            throw TileFetchError(.configuration, "TileJSON \(url) is not a JSON object")
        }
        guard let tiles = json["tiles"] as? [String], !tiles.isEmpty else {
            throw TileFetchError(.configuration, "TileJSON \(url) has no \"tiles\" URL templates")
        }
        let base = URL(string: url)
        let absolute = tiles.map { template -> String in
            if template.hasPrefix("http://") || template.hasPrefix("https://") { return template }
            // Resolve against the document, keeping the braces URL would escape.
            let placeholder = template.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D")
            return (URL(string: placeholder, relativeTo: base)?.absoluteString ?? template)
                .replacingOccurrences(of: "%7B", with: "{").replacingOccurrences(of: "%7D", with: "}")
        }
        let type: TileType = switch (json["format"] as? String)?.lowercased() {
        case "png": .png
        case "jpg", "jpeg": .jpeg
        case "webp": .webp
        default: tileType
        }
        // TileJSON 3.0.0 `bounds`: [west, south, east, north]; absent means the whole world.
        var coverage: GeoBounds?
        if let edges = (json["bounds"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.doubleValue }), edges.count == 4,
           edges[0] < edges[2], edges[1] < edges[3] {
            coverage = GeoBounds(west: max(edges[0], -180), south: max(edges[1], -90), east: min(edges[2], 180), north: min(edges[3], 90))
        }
        return try XYZTileSource(templates: absolute, tms: (json["scheme"] as? String) == "tms",
                                 minZoom: (json["minzoom"] as? NSNumber)?.intValue ?? 0, maxZoom: (json["maxzoom"] as? NSNumber)?.intValue ?? 14,
                                 tileType: type, transport: transport, timeout: timeout, coverage: coverage)
    }
}
