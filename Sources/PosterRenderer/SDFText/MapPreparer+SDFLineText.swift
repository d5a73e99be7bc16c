import Foundation
import Geo
import StyleKit
import VectorTile

extension MapPreparer {
    /// A feature's text along its lines set with the style's SDF glyphs, as MapLibre lays it out tile by
    /// tile: each line clipped to the tile (whole for `line-center`), anchors where `getAnchors` puts
    /// them (spaced by `symbol-spacing`, room for the label, bends no sharper than `text-max-angle`), and
    /// at each anchor a label that follows the line on the page. A source held as one world tile (GeoJSON)
    /// is cut into the tiles MapLibre would lay out at the map's zoom that cover the view, so that its labels
    /// stop at the same tile edges.
    func sdfLineCandidates(_ layer: StyleLayer, _ symbol: SymbolLayerPaint, _ context: TileFeatureContext, _ feature: VectorTileFeature,
                           tile tileID: TileID, extent: Int, tileRect: PixelRect, glyphs: GlyphSet, sortKey: Double, order: Int,
                           placedTexts: inout [String: [(x: Double, y: Double)]], warnings: Warnings) -> [LabelCandidate] {
        guard var text = sdfText(layer, symbol, context, glyphs: glyphs, alongLine: true) else { return [] }
        text.sortedByKey = symbol.sortKey.map { !$0.isConstant } ?? false
        var collector = LineCollector()
        do { try feature.decodeGeometry(into: &collector) } catch { warnings.add("tile \(tileID): \(error)"); return [] }
        let zoom = camera.zoom
        let center = symbol.placement.evaluate(zoom: zoom.rounded(.down), feature: context) == "line-center"
        // Layout pixels at the zoom MapLibre lays the tile out at (as for icons along lines).
        let tileZoom = max(0, zoom.rounded(.down))
        let worldTile = tileID.z == 0 && extent > 8192
        let layoutZoom = worldTile ? min(tileZoom, Double(layer.source.flatMap { self.style.sources[$0]?.maxZoom } ?? 18)) : Double(tileID.z)
        let overscaling = pow(2, max(0, tileZoom - layoutZoom))
        // Anchors are spaced by the text's size at zoom 18 (MapLibre's `textMaxSize`).
        let maxSize = symbol.textSize.evaluate(zoom: 18, feature: context)
        guard maxSize.isFinite, maxSize > 0 else { return [] }

        // The tiles the line is laid out in: the tile itself, or the world tile's share of each tile of the
        // layout zoom that covers the view, in that tile's 8192 units.
        var jobs: [(tile: TileID, extent: Double, rect: PixelRect, parts: [[Double]])] = []
        let z = Int(layoutZoom)
        if worldTile && !center && z > 0 && z <= 24 {
            let count = 1 << z, size = Double(extent) / Double(count), local = 8192.0
            var frame = PixelRect(x: origin.x, y: origin.y, width: Double(camera.width), height: Double(camera.height))
            // A turned view covers more of the unturned map: every tile within its corners' reach.
            if bearing != 0 { frame = frame.insetBy(-Double(max(camera.width, camera.height)) / 2) }
            var bounds = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
            for part in collector.parts {
                for i in stride(from: 0, to: part.count - 1, by: 2) {
                    bounds = (min(bounds.minX, part[i]), min(bounds.minY, part[i + 1]), max(bounds.maxX, part[i]), max(bounds.maxY, part[i + 1]))
                }
            }
            guard bounds.minX <= bounds.maxX else { return [] }
            let x0 = max(0, Int((bounds.minX / size).rounded(.down))), x1 = min(count - 1, Int((bounds.maxX / size).rounded(.down)))
            let y0 = max(0, Int((bounds.minY / size).rounded(.down))), y1 = min(count - 1, Int((bounds.maxY / size).rounded(.down)))
            if x0 <= x1 && y0 <= y1 && (x1 - x0 + 1) * (y1 - y0 + 1) <= 4096 {
                for y in y0...y1 {
                    for x in x0...x1 {
                        // Within the world copy the tile is (its x wrapped as the copy's).
                        let id = TileID(z: z, x: x + tileID.x * count, y: y)
                        let area = rect(of: id)
                        guard area.intersects(frame) else { continue }
                        let ox = Double(x) * size, oy = Double(y) * size
                        let parts = collector.parts.map { part in
                            part.enumerated().map { i, v in (v - (i % 2 == 0 ? ox : oy)) / size * local }
                        }
                        jobs.append((id, local, area, parts))
                    }
                }
            }
        } else {
            jobs = [(tileID, Double(extent), tileRect, collector.parts)]
        }

        let em = maxSize / MapLibreShaper.oneEm
        // MapLibre measures the room a label needs by its vertical shaping when it has one.
        let measured = text.verticalShaping ?? text.shaping
        let length = measured.right - measured.left
        let spacing = max(symbol.spacing.evaluate(zoom: zoom.rounded(.down), feature: context), 1)
        let maxAngle = symbol.textMaxAngle.evaluate(zoom: zoom.rounded(.down), feature: context) * .pi / 180
        let keepUpright = symbol.textKeepUpright.evaluate(zoom: zoom.rounded(.down), feature: context)
        var candidates: [LabelCandidate] = []
        for job in jobs {
            text.tile = job.tile
            let unit = job.extent / (512 * pow(2, layoutZoom - Double(job.tile.z)) * overscaling)
            let scale = job.rect.width / job.extent
            let clipper = GeometryClipper(rect: PixelRect(minX: 0, minY: 0, maxX: job.extent, maxY: job.extent))
            // Repeated texts are compared within one tile, as MapLibre's bucket compares them.
            let repeatKey = jobs.count > 1 ? "\(job.tile.z)/\(job.tile.x)/\(job.tile.y)|\(text.string)" : text.string
            for part in job.parts where part.count >= 4 {
                // MapLibre rounds the clipped ends to whole tile units.
                let pieces = center ? [part] : clipper.clipLine(part).map { $0.map { $0.rounded() } }
                for piece in pieces where piece.count >= 4 {
                    let anchors = LineAnchors.anchors(piece, extent: job.extent, unit: unit, spacing: spacing, labelLength: length * em,
                                                      startOffset: (length / 2 + 48) * em * overscaling, center: center,
                                                      bends: (0.6 * maxSize * unit, maxAngle))
                    guard !anchors.isEmpty else { continue }
                    var path: [Double] = []
                    path.reserveCapacity(piece.count)
                    for i in stride(from: 0, to: piece.count, by: 2) {
                        let p = turned(piece[i] * scale + job.rect.minX, piece[i + 1] * scale + job.rect.minY)
                        path.append(p.x + text.translate.x)
                        path.append(p.y + text.translate.y)
                    }
                    for anchor in anchors {
                        // MapLibre's `anchorIsTooClose`: the same text within half a spacing of an anchor the tile
                        // already has (along lines; line-center labels are not compared).
                        if !center {
                            let repeatDistance = spacing * unit / 2
                            let others = placedTexts[repeatKey, default: []]
                            if others.contains(where: { hypot($0.x - anchor.x, $0.y - anchor.y) < repeatDistance }) { continue }
                            placedTexts[repeatKey, default: []].append((anchor.x, anchor.y))
                        }
                        let p = turned(anchor.x * scale + job.rect.minX, anchor.y * scale + job.rect.minY)
                        let at = (x: p.x + text.translate.x, y: p.y + text.translate.y)
                        let line = SDFLineLabel(text: text, path: path, anchor: at, segment: anchor.segment, keepUpright: keepUpright)
                        candidates.append(LabelCandidate(text: "", style: nil, sortKey: sortKey, order: order, geometry: .point(x: at.x, y: at.y),
                                                         sdfLine: line))
                    }
                }
            }
        }
        return candidates
    }
}
