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
    public var background: BackgroundLayerPaint? {
        _read { yield paints.set.background }
        _modify { yield &changing.background }
    }
    public var fill: FillLayerPaint? {
        _read { yield paints.set.fill }
        _modify { yield &changing.fill }
    }
    public var line: LineLayerPaint? {
        _read { yield paints.set.line }
        _modify { yield &changing.line }
    }
    public var raster: RasterLayerPaint? {
        _read { yield paints.set.raster }
        _modify { yield &changing.raster }
    }
    public var hillshade: HillshadeLayerPaint? {
        _read { yield paints.set.hillshade }
        _modify { yield &changing.hillshade }
    }
    public var symbol: SymbolLayerPaint? {
        _read { yield paints.set.symbol }
        _modify { yield &changing.symbol }
    }
    public var circle: CircleLayerPaint? {
        _read { yield paints.set.circle }
        _modify { yield &changing.circle }
    }
    public var heatmap: HeatmapLayerPaint? {
        _read { yield paints.set.heatmap }
        _modify { yield &changing.heatmap }
    }
    public var fillExtrusion: FillExtrusionLayerPaint? {
        _read { yield paints.set.fillExtrusion }
        _modify { yield &changing.fillExtrusion }
    }
    /// Paint and layout as written, for layer types drawn by later versions.
    public var rawPaint: [String: JSONValue]
    public var rawLayout: [String: JSONValue]
    public var metadata: JSONValue?

    /// The typed paint and layout, held by reference: they are kilobytes (a symbol layer's alone is 3 KB), and
    /// a layer is copied wherever it is passed, filtered or looked up. A change makes a new box, so a layer
    /// shared between copies (and cores) is never changed under them.
    private var paints: Paints

    /// The paint and layout to change: a copy, boxed anew once changed.
    private var changing: PaintSet {
        get { paints.set }
        _modify {
            var set = paints.set
            defer { paints = Paints(set) }
            yield &set
        }
    }

    private final class Paints: Sendable {
        let set: PaintSet
        init(_ set: PaintSet) { self.set = set }
    }

    private struct PaintSet: Sendable {
        var background: BackgroundLayerPaint?
        var fill: FillLayerPaint?
        var line: LineLayerPaint?
        var raster: RasterLayerPaint?
        var hillshade: HillshadeLayerPaint?
        var symbol: SymbolLayerPaint?
        var circle: CircleLayerPaint?
        var heatmap: HeatmapLayerPaint?
        var fillExtrusion: FillExtrusionLayerPaint?
    }

    init(id: String, type: StyleLayerType?, typeName: String, source: String?, sourceLayer: String?, minZoom: Double, maxZoom: Double,
         isVisible: Bool, filter: StyleFilter?, rawPaint: [String: JSONValue], rawLayout: [String: JSONValue], metadata: JSONValue?) {
        self.id = id
        self.type = type
        self.typeName = typeName
        self.source = source
        self.sourceLayer = sourceLayer
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.isVisible = isVisible
        self.filter = filter
        self.rawPaint = rawPaint
        self.rawLayout = rawLayout
        self.metadata = metadata
        paints = Paints(PaintSet())
    }

    /// Whether the layer draws at a zoom level (`minzoom` inclusive, `maxzoom` exclusive, as MapLibre).
    public func isVisible(atZoom zoom: Double) -> Bool {
        isVisible && zoom >= minZoom && zoom < maxZoom
    }
}
