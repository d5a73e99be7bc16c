import Foundation

/// An archive's JSON metadata (spec §5), decompressed: the bytes as stored, the text, and the few keys a
/// poster needs, without `[String: Any]`. Use ``decode(_:)`` for anything else.
public struct PMTilesMetadata: Sendable, Equatable {
    /// The JSON object as stored, UTF-8.
    public let bytes: [UInt8]
    /// `name`, if present.
    public let name: String?
    /// `attribution`, to print on anything rendered from the tiles.
    public let attribution: String?
    /// The `id` of each entry of `vector_layers` (required for MVT archives), also found inside the
    /// MBTiles-style `json` string that converters such as tilemaker write.
    public let vectorLayerIDs: [String]

    private struct Summary: Decodable {
        struct Layer: Decodable { var id: String }
        struct Layers: Decodable { var vector_layers: [Layer]? }
        enum Key: String, CodingKey { case name, attribution, vector_layers, json }
        var name: String?
        var attribution: String?
        var vector_layers: [Layer]?
        var json: String?

        // Key by key, so that one key of an unexpected type does not hide the others.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            name = try? c.decodeIfPresent(String.self, forKey: .name)
            attribution = try? c.decodeIfPresent(String.self, forKey: .attribution)
            vector_layers = try? c.decodeIfPresent([Layer].self, forKey: .vector_layers)
            json = try? c.decodeIfPresent(String.self, forKey: .json)
        }
    }

    /// Keeps `bytes`; keys that are missing, or JSON that does not parse, leave the summary fields empty.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let summary = try? JSONDecoder().decode(Summary.self, from: Data(bytes))
        name = summary?.name
        attribution = summary?.attribution
        let nested = summary?.json.flatMap { try? JSONDecoder().decode(Summary.Layers.self, from: Data($0.utf8)) }
        vectorLayerIDs = (summary?.vector_layers ?? nested?.vector_layers)?.map(\.id) ?? []
    }

    /// The JSON text.
    public var json: String { String(decoding: bytes, as: UTF8.self) }

    /// Decodes the JSON into a type of the caller's.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
