import Canvas
import Foundation
import Geo
import StyleKit
import VectorTile

extension MapPreparer {
    /// A fill-extrusion layer's footprints with their heights and colours (tops lit by the style's light),
    /// clipped to their tiles and the visible area.
    func prepareExtrusions(_ layer: StyleLayer, warnings: Warnings) -> PreparedExtrusions? {
        guard let paint = layer.fillExtrusion else { return nil }
        let zoom = camera.zoom
        let opacity = paint.opacity.evaluate(zoom: zoom)
        // MapLibre skips a layer at opacity 0 (NaN too).
        guard opacity > 0 else { return nil }
        let translate = Translation(paint.translate.evaluate(zoom: zoom).values, anchor: paint.translateAnchor.evaluate(zoom: zoom),
                                    pixelRatio: camera.pixelRatio)
        let shift = translate.mapOffset(bearing: bearing)
        let lighting = ExtrusionLighting(style.light, zoom: zoom, bearing: bearing)
        var patterns: [String: PatternPaint?] = [:]
        var roofs: [PreparedExtrusions.Roof] = []
        var raised = false
        guard let (layerTiles, layerName) = tiles(for: layer) else { return nil }
        let world = rect(of: TileID(z: 0, x: 0, y: 0))
        // GeoJSON is held as one tile; MapLibre cuts it into tiles at the tile zoom (up to the source's maxzoom).
        var gridTileSize: Double?
        if let id = layer.source, let source = style.sources[id], source.type == "geojson" {
            gridTileSize = world.width / pow(2, Double(min(max(Int(camera.zoom.rounded(.down)), 0), source.maxZoom)))
        }
        for tileID in layerTiles.keys.sorted() {
            guard let data = layerTiles[tileID]?.layer(named: layerName) else { continue }
            let tileRect = rect(of: tileID)
            // Extrusions are not clipped to their tiles when drawn; the pieces of a feature are cut at the
            // tile edges here only so that together they cover it once.
            var clip = tileRect
            if let visibleArea {
                clip = clip.intersection(PixelRect(minX: visibleArea.minX - shift.x, minY: visibleArea.minY - shift.y,
                                                   maxX: visibleArea.maxX - shift.x, maxY: visibleArea.maxY - shift.y))
            }
            guard clip.minX < clip.maxX, clip.minY < clip.maxY else { continue }
            var visitor = ProjectingVisitor(scale: tileRect.width / Double(data.extent), offsetX: tileRect.minX, offsetY: tileRect.minY,
                                            clipRect: clip, minimumStep: minimumStep, closed: true)
            visitor.gridShift = geoJSONGridShift(for: layer, extent: data.extent)
            for decoded in data.decodedFeatures {
                do {
                    let feature = try decoded.get()
                    // Only polygons are raised; lines and points have no area.
                    guard feature.type == .polygon else { continue }
                    let context = TileFeatureContext(feature: feature)
                    if let filter = layer.filter, !filter.matches(context, zoom: zoom) { continue }
                    visitor.reset()
                    try feature.decodeGeometry(into: &visitor)
                    visitor.finish()
                    guard !visitor.piece.isEmpty else { continue }
                    let height = paint.height.evaluate(zoom: zoom, feature: context)
                    let base = paint.base.evaluate(zoom: zoom, feature: context)
                    let color = paint.color.evaluate(zoom: zoom, feature: context)
                    var roof = PreparedExtrusions.Roof(piece: visitor.piece, height: height.isNaN ? 0 : max(height, 0),
                                                       color: lighting.roofColor(color))
                    roof.base = base.isNaN ? 0 : max(base, 0)
                    roof.styleColor = color
                    if let pattern = paint.pattern {
                        let name = pattern.evaluate(zoom: tileZoom, feature: context)
                        if patterns[name] == nil {
                            // Prisms are lit face by face; tops alone are drawn with the image tinted once.
                            patterns[name] = patternPaint(named: name).flatMap { pixelTarget ? $0 : Self.tint($0, lighting.patternTint) }
                        }
                        // A missing image draws nothing, as in MapLibre.
                        guard let image = patterns[name] ?? nil else { continue }
                        roof.pattern = image
                        roof.tileGrid = ExtrusionTileGrid(originX: world.minX, originY: world.minY, size: gridTileSize ?? tileRect.width,
                                                          buffer: gridTileSize == nil ? 0 : Self.geoJSONBuffer)
                        roof.patternPixelsPerMetre = pow(2, tileZoom) / 65536 * image.pixelRatio
                    }
                    raised = raised || roof.height > 0
                    roofs.append(roof)
                } catch {
                    warnings.add("tile \(tileID): \(error)")
                }
            }
        }
        let firstWins = opacity < 1 || paint.pattern != nil
        var prepared = PreparedExtrusions(roofs: PreparedExtrusions.depthOrdered(roofs, firstWins: firstWins), opacity: min(opacity, 1),
                                          translate: translate)
        if pixelTarget {
            prepared.lighting = lighting
            prepared.verticalGradient = paint.verticalGradient.evaluate(zoom: zoom)
            prepared.pixelsPerMetre = Self.pixelsPerMetre(camera)
        }
        if raised && !prepared.drawsWalls {
            warnings.add("layer \"\(layer.id)\": in a PDF, extrusions are drawn as seen from straight above (their lit tops); "
                + "the walls MapLibre's perspective shows away from the centre are not drawn")
        }
        return prepared
    }

    /// Device pixels per metre up at the camera's centre, as MapLibre scales heights (the Mercator scale of
    /// the centre's latitude, on a sphere of MapLibre's earth radius, 6371008.8 m).
    static func pixelsPerMetre(_ camera: Camera) -> Double {
        let circumference = 2 * Double.pi * 6_371_008.8 * cos(camera.center.lat * .pi / 180)
        return circumference > 0 ? camera.worldScale / circumference : 0
    }

    /// A pattern with its image's channels multiplied by the light (alpha kept), as the pattern shader lights it.
    static func tint(_ pattern: PatternPaint, _ tint: (r: Double, g: Double, b: Double)) -> PatternPaint? {
        guard let image = try? pattern.image.cropped(x: 0, y: 0, width: pattern.image.width, height: pattern.image.height) else { return nil }
        let stride = image.stride
        image.withMutablePixels { pixels in
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let word = pixels.load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                    func scaled(_ shift: UInt32, _ k: Double) -> UInt32 { UInt32((Double(word >> shift & 0xFF) * k).rounded()) << shift }
                    let tinted = word & 0xFF00_0000 | scaled(16, tint.r) | scaled(8, tint.g) | scaled(0, tint.b)
                    pixels.storeBytes(of: tinted, toByteOffset: y * stride + x * 4, as: UInt32.self)
                }
            }
        }
        return PatternPaint(name: pattern.name + "#lit", image: image, pixelRatio: pattern.pixelRatio, transform: pattern.transform)
    }
}
