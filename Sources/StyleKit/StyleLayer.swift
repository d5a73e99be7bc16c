/// The kinds of layer the style spec defines.
public enum StyleLayerType: String, Sendable {
    case background, fill, line, symbol, raster, hillshade, circle
    case fillExtrusion = "fill-extrusion"
    case heatmap
    case colorRelief = "color-relief"
}

/// One layer of a style: what it draws, from which source layer, when, and how.
public struct StyleLayer: Sendable {
    public var id: String
    /// nil for a type the spec does not define; such layers are kept and skipped when drawing.
    public var type: StyleLayerType?
    public var typeName: String
    public var source: String?
    public var sourceLayer: String?
    public var minZoom: Double
    public var maxZoom: Double
    public var isVisible: Bool
    public var filter: StyleFilter?
    public var background: BackgroundLayerPaint?
    public var fill: FillLayerPaint?
    public var line: LineLayerPaint?
    public var raster: RasterLayerPaint?
    public var hillshade: HillshadeLayerPaint?
    public var symbol: SymbolLayerPaint?
    public var circle: CircleLayerPaint? = nil
    public var heatmap: HeatmapLayerPaint? = nil
    public var fillExtrusion: FillExtrusionLayerPaint? = nil
    /// Paint and layout as written, for layer types drawn by later versions.
    public var rawPaint: [String: JSONValue]
    public var rawLayout: [String: JSONValue]
    public var metadata: JSONValue?

    /// Whether the layer draws at a zoom level (`minzoom` inclusive, `maxzoom` exclusive, as MapLibre).
    public func isVisible(atZoom zoom: Double) -> Bool {
        isVisible && zoom >= minZoom && zoom < maxZoom
    }
}
