import Canvas
import StyleKit
import VectorTile

/// A circle layer's disc at one point, in poster pixels before turning, with opacities folded into colours.
struct PlacedCircle: Sendable {
    var x: Double
    var y: Double
    /// Radius of the disc and width of the ring around it, in device pixels.
    var radius: Double
    var strokeWidth: Double
    var color: RGBAColor
    var strokeColor: RGBAColor
    /// Fraction of the outer radius over which the edge fades (`circle-blur`; above 1 the centre fades too).
    var blur: Double
    /// On a pitched view: whether the circle shrinks with distance (`circle-pitch-scale: map`).
    var scalesWithMap = true
    /// On a pitched view: whether the disc lies on the ground (`circle-pitch-alignment: map`).
    var liesOnGround = false
}

/// Collects every vertex of a feature in tile coordinates: MapLibre draws a circle (or a heatmap kernel) at
/// each point of a point, line or polygon feature, and a ring's first point twice, as it closes rings by
/// repeating it.
struct VertexCollector: GeometryVisitor {
    var points: [(x: Int32, y: Int32)] = []
    private var ringStart: (x: Int32, y: Int32)?
    mutating func moveTo(x: Int32, y: Int32) {
        points.append((x, y))
        ringStart = (x, y)
    }
    mutating func lineTo(x: Int32, y: Int32) { points.append((x, y)) }
    mutating func closePath() {
        if let ringStart { points.append(ringStart) }
    }
}

extension MapPreparer {
    /// A length clamped to 0...65536 device pixels, NaN as 0.
    static func finitePixels(_ value: Double) -> Double {
        value.isNaN ? 0 : min(max(value, 0), 65536)
    }

    /// The circles of a circle layer, tile by tile in the tiles' order, then by `circle-sort-key`.
    func prepareCircles(_ layer: StyleLayer, warnings: Warnings) -> [PlacedCircle] {
        guard let paint = layer.circle, let (layerTiles, layerName) = tiles(for: layer) else { return [] }
        let zoom = camera.zoom, ratio = camera.pixelRatio
        let shift = translation(of: layer)
        let scalesWithMap = paint.pitchScale.evaluate(zoom: zoom) != "viewport"
        let liesOnGround = paint.pitchAlignment.evaluate(zoom: zoom) == "map"
        var placed: [(key: Double, circle: PlacedCircle)] = []
        for tileID in layerTiles.keys.sorted() {
            guard let data = layerTiles[tileID]?.layer(named: layerName) else { continue }
            let tileRect = rect(of: tileID)
            if let visibleArea, !tileRect.insetBy(-64).intersects(visibleArea) { continue }
            let scale = tileRect.width / Double(data.extent)
            let extent = Int32(data.extent)
            for decoded in data.decodedFeatures {
                let feature: VectorTileFeature
                var collector = VertexCollector()
                do {
                    feature = try decoded.get()
                    let context = featureContext(feature, tile: tileID, extent: data.extent)
                    if let filter = layer.filter, !filter.matches(context, zoom: zoom) { continue }
                    try feature.decodeGeometry(into: &collector)
                    // A radius from an expression may be anything (1/0 is infinite): one past the poster's size
                    // draws nothing more, and cairo must not be handed a non-finite number.
                    let radius = Self.finitePixels(paint.radius.evaluate(zoom: zoom, feature: context) * ratio)
                    let strokeWidth = Self.finitePixels(paint.strokeWidth.evaluate(zoom: zoom, feature: context) * ratio)
                    let opacity = paint.opacity.evaluate(zoom: zoom, feature: context)
                    let color = PaintResolver.color(paint.color.evaluate(zoom: zoom, feature: context), opacity: opacity)
                    let stroke = PaintResolver.color(paint.strokeColor.evaluate(zoom: zoom, feature: context),
                                                     opacity: paint.strokeOpacity.evaluate(zoom: zoom, feature: context))
                    let blur = Self.finitePixels(paint.blur.evaluate(zoom: zoom, feature: context))
                    let key = paint.sortKey?.evaluate(zoom: zoom, feature: context) ?? 0
                    guard radius + strokeWidth > 0, color.alpha > 0 || (stroke.alpha > 0 && strokeWidth > 0) else { continue }
                    for point in collector.points {
                        // Points in a tile's buffer belong to the neighbouring tile, which draws them.
                        guard point.x >= 0, point.x < extent, point.y >= 0, point.y < extent else { continue }
                        let x = Double(point.x) * scale + tileRect.minX + shift.x, y = Double(point.y) * scale + tileRect.minY + shift.y
                        guard x.isFinite, y.isFinite else { continue }
                        let reach = radius + strokeWidth + 2
                        if let area = visibleArea, x < area.minX - reach || x > area.maxX + reach || y < area.minY - reach || y > area.maxY + reach { continue }
                        placed.append((key, PlacedCircle(x: x, y: y, radius: radius, strokeWidth: strokeWidth, color: color,
                                                         strokeColor: stroke, blur: blur, scalesWithMap: scalesWithMap, liesOnGround: liesOnGround)))
                    }
                } catch {
                    warnings.add("tile \(tileID): \(error)")
                }
            }
        }
        return Self.stableSorted(placed) { $0.key }.map(\.circle)
    }
}
