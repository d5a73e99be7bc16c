public import Geo

/// A vector, raster or other source a style's layers draw from.
public struct StyleSource: Sendable {
    public var type: String
    public var url: String?
    public var tiles: [String]
    public var minZoom: Int
    public var maxZoom: Int
    public var scheme: String
    public var tileSize: Int
    /// How a raster-dem source's pixels encode heights: `mapbox` (terrain-RGB, the default) or `terrarium`.
    public var encoding = "mapbox"
    /// The credit the source's data needs on the poster (the style's `attribution`).
    public var attribution: String?
    /// Set on a vector source whose tiles are contour lines computed from a raster-dem source.
    public var contours: ContourSourceOptions?
    /// A `geojson` source's `data`: the GeoJSON itself, or a URL (a string) naming it.
    public var data: JSONValue?
    /// An `image` source's corners (top left, top right, bottom right, bottom left).
    public var coordinates: [LngLat]?
    /// Where the source has tiles (`bounds`); tiles outside are not requested. Nil: everywhere.
    public var bounds: GeoBounds?
    /// A `geojson` source's `cluster: true`: points merged into clusters, which this renderer does not do.
    public var clusters = false
}

/// A MapLibre Style Spec v8 document.
public struct Style: Sendable {
    public var name: String?
    public var sources: [String: StyleSource]
    public var layers: [StyleLayer]
    public var center: (lng: Double, lat: Double)?
    public var zoom: Double?
    public var bearing: Double
    public var pitch: Double
    public var glyphs: String?
    public var sprite: JSONValue?
    public var metadata: JSONValue?
    /// The light that shades fill-extrusion layers.
    public var light = StyleLight()

    /// Parses a style. Every problem is collected; if there are any, they are thrown together.
    public static func parse(_ bytes: [UInt8], fileName: String) throws(StyleErrors) -> Style {
        let (style, errors) = parseCollectingErrors(bytes, fileName: fileName)
        guard let style, errors.isEmpty else { throw StyleErrors(errors: errors) }
        return style
    }

    /// Parses a style as far as it can, returning what parsed and every problem found. Layers and
    /// properties with problems are left out of the result.
    public static func parseCollectingErrors(_ bytes: [UInt8], fileName: String) -> (Style?, [StyleError]) {
        let diagnostics = StyleDiagnostics(file: fileName)
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, maxDepth: StyleLimits.maxDocumentDepth)
        } catch {
            if case .tooDeep = error.kind {
                diagnostics.report(.limit, "", StyleLimits.documentDepthMessage(line: error.line, column: error.column))
            } else {
                diagnostics.report(.syntax, "", "not valid JSON: \(error)")
            }
            return (nil, diagnostics.errors)
        }
        guard case .object(let object) = root else {
            diagnostics.report(.type, "", "a style must be a JSON object, found \(root.summary)")
            return (nil, diagnostics.errors)
        }
        let style = StyleParser(diagnostics: diagnostics).style(object)
        return (style, diagnostics.errors)
    }
}
