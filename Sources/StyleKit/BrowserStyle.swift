import Foundation

/// A catalogue style as a browser's MapLibre GL JS should load it: the style file with what the renderer
/// changes for a request written back into it (the palette's colours, the toggles' visibility, the label
/// language's `text-field`), and its sources, glyphs and sprite pointed at the service's own endpoints.
///
/// The renderer works on the parsed ``Style``; this writes the parsed style's outcome into the document
/// rather than repeating the palette and toggle rules on JSON, so that preview and print cannot drift apart.
public struct BrowserStyle: Sendable {
    /// Where the service answers, without a trailing slash (`https://posters.example.com`).
    public var baseURL: String
    /// The style's id in the catalogue (names its sprite).
    public var styleID: String

    public init(baseURL: String, styleID: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.styleID = styleID
    }

    /// The glyph URL template MapLibre fills with a font stack and a range of 256 code points.
    public var glyphsURL: String { "\(baseURL)/fonts/{fontstack}/{range}.pbf" }

    /// The TileJSON URL of the style's source `id`.
    public func tileJSONURL(source id: String) -> String { "\(baseURL)/tiles/\(id).json" }

    /// - Parameters:
    ///   - document: the style file as written.
    ///   - drawn: the style the renderer draws for the request: parsed from `document`, recoloured,
    ///     toggled and relabelled.
    /// - Returns: the document for a browser.
    public func document(from document: JSONValue, drawn: Style) -> JSONValue {
        guard case .object(var root) = document else { return document }
        let drawnLayers = Dictionary(drawn.layers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if case .array(let layers)? = root["layers"] {
            root["layers"] = .array(layers.map { layer in
                guard case .object(let fields) = layer, case .string(let id)? = fields["id"], let parsed = drawnLayers[id] else { return layer }
                return .object(Self.layer(fields, drawn: parsed))
            })
        }
        if case .object(let sources)? = root["sources"] {
            var rewritten: [String: JSONValue] = [:]
            for (id, source) in sources { rewritten[id] = self.source(id, source) }
            root["sources"] = .object(rewritten)
        }
        root["glyphs"] = .string(glyphsURL)
        if root["sprite"] != nil { root["sprite"] = .string("\(baseURL)/sprites/\(styleID)") }
        return .object(root)
    }

    /// One layer with the drawn visibility, colours and text field.
    static func layer(_ fields: [String: JSONValue], drawn: StyleLayer) -> [String: JSONValue] {
        var fields = fields
        var layout: [String: JSONValue] = if case .object(let layout)? = fields["layout"] { layout } else { [:] }
        layout["visibility"] = .string(drawn.isVisible ? "visible" : "none")
        if let textField = drawn.rawLayout["text-field"] { layout["text-field"] = textField }
        fields["layout"] = .object(layout)

        var paint: [String: JSONValue] = if case .object(let paint)? = fields["paint"] { paint } else { [:] }
        for property in Palette.colorProperties {
            guard let color = drawn.colorProperty(property)?.constantValue else { continue }
            switch paint[property] {
            case .string(let written)? where StyleColor(css: written) == color:
                continue  // as written: keep the author's spelling
            case .string?, nil:
                // A constant the palette set, or one the style left to the spec's default (harmless to spell out).
                paint[property] = .string(Self.css(color))
            default:
                // An expression in the file became a constant: the palette replaced it.
                paint[property] = .string(Self.css(color))
            }
        }
        fields["paint"] = .object(paint)
        return fields
    }

    /// A tiled source at the service's TileJSON; inline sources (GeoJSON, image) as written.
    func source(_ id: String, _ source: JSONValue) -> JSONValue {
        guard case .object(var fields) = source, case .string(let type)? = fields["type"],
              ["vector", "raster", "raster-dem"].contains(type), fields["url"] != nil || fields["tiles"] != nil
        else { return source }
        fields["tiles"] = nil
        fields["url"] = .string(tileJSONURL(source: id))
        // The TileJSON states the zoom range and bounds of what is served.
        fields["minzoom"] = nil
        fields["maxzoom"] = nil
        fields["bounds"] = nil
        fields["scheme"] = nil
        return .object(fields)
    }

    /// `rgba(r, g, b, a)` with whole channels, as CSS and MapLibre read it.
    public static func css(_ color: StyleColor) -> String {
        func channel(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 255).rounded()) }
        let alpha = (min(max(color.a, 0), 1) * 1000).rounded() / 1000
        let a = alpha == alpha.rounded() ? String(Int(alpha)) : String(alpha)
        return "rgba(\(channel(color.r)), \(channel(color.g)), \(channel(color.b)), \(a))"
    }
}
