import Canvas
import StyleKit
import VectorTile

extension MapPreparer {
    /// A heatmap layer's kernels, tile by tile, each point once, with the layer's ramp and opacity.
    func prepareHeatmap(_ layer: StyleLayer, warnings: Warnings) -> PreparedHeatmap? {
        guard let paint = layer.heatmap else { return nil }
        let zoom = camera.zoom, ratio = camera.pixelRatio
        let opacity = min(max(paint.opacity.evaluate(zoom: zoom), 0), 1)
        // MapLibre skips a layer at opacity 0 (NaN too: it never compares above 0).
        guard opacity > 0 else { return nil }
        let intensity = paint.intensity.evaluate(zoom: zoom)
        let ramp = ColorRamp(width: 256, nearest: false) { paint.color.evaluate(zoom: zoom, heatmapDensity: $0) }
        var kernels: [PreparedHeatmap.Kernel] = []
        if let (layerTiles, layerName) = tiles(for: layer) {
            for tileID in layerTiles.keys.sorted() {
                guard let data = layerTiles[tileID]?.layer(named: layerName) else { continue }
                let tileRect = rect(of: tileID)
                let scale = tileRect.width / Double(data.extent)
                let extent = Int32(data.extent)
                for decoded in data.decodedFeatures {
                    var collector = VertexCollector()
                    do {
                        let feature = try decoded.get()
                        let context = TileFeatureContext(feature: feature)
                        if let filter = layer.filter, !filter.matches(context, zoom: zoom) { continue }
                        let strength = paint.weight.evaluate(zoom: zoom, feature: context) * intensity
                        let radius = Self.finitePixels(paint.radius.evaluate(zoom: zoom, feature: context) * ratio)
                        guard radius > 0, let reach = PreparedHeatmap.reach(strength: strength) else { continue }
                        try feature.decodeGeometry(into: &collector)
                        for point in collector.points {
                            // Points in a tile's buffer belong to the neighbouring tile, which draws them.
                            guard point.x >= 0, point.x < extent, point.y >= 0, point.y < extent else { continue }
                            let x = Double(point.x) * scale + tileRect.minX, y = Double(point.y) * scale + tileRect.minY
                            let r = reach * radius
                            guard x.isFinite, y.isFinite else { continue }
                            if let area = visibleArea, x < area.minX - r || x > area.maxX + r || y < area.minY - r || y > area.maxY + r { continue }
                            kernels.append(PreparedHeatmap.Kernel(x: x, y: y, radius: radius, strength: strength, reach: r))
                        }
                    } catch {
                        warnings.add("tile \(tileID): \(error)")
                    }
                }
            }
        }
        return PreparedHeatmap(kernels: kernels, ramp: ramp, opacity: opacity)
    }
}
