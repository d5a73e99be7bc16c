import Foundation
import Geo
import StyleKit
import VectorTile

extension MapPreparer {
    /// A feature's text along its lines set with the style's SDF glyphs, as MapLibre lays it out tile by
    /// tile: each line clipped to the tile (whole for `line-center`), anchors where `getAnchors` puts
    /// them (spaced by `symbol-spacing`, room for the label, bends no sharper than `text-max-angle`), and
    /// at each anchor a label that follows the line on the page, with `icon` (fitted to the text) turned
    /// with the line at the anchor.
    func sdfLineCandidates(_ layer: StyleLayer, _ symbol: SymbolLayerPaint, _ context: TileFeatureContext, _ feature: VectorTileFeature,
                           tile tileID: TileID, extent: Int, tileRect: PixelRect, glyphs: GlyphSet, icon: IconStyle?, sortKey: Double, order: Int,
                           placedTexts: inout [String: [(x: Double, y: Double)]], warnings: Warnings) -> [LabelCandidate] {
        guard var text = sdfText(layer, symbol, context, glyphs: glyphs, alongLine: true) else { return [] }
        text.tile = tileID
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
        let unit = Double(extent) / (512 * pow(2, layoutZoom - Double(tileID.z)) * overscaling)
        // Anchors are spaced by the text's size at zoom 18 (MapLibre's `textMaxSize`).
        let maxSize = symbol.textSize.evaluate(zoom: 18, feature: context)
        guard maxSize.isFinite, maxSize > 0 else { return [] }
        let em = maxSize / MapLibreShaper.oneEm
        let length = text.shaping.right - text.shaping.left
        let spacing = max(symbol.spacing.evaluate(zoom: zoom.rounded(.down), feature: context), 1)
        let maxAngle = symbol.textMaxAngle.evaluate(zoom: zoom.rounded(.down), feature: context) * .pi / 180
        let keepUpright = symbol.textKeepUpright.evaluate(zoom: zoom.rounded(.down), feature: context)
        let scale = tileRect.width / Double(extent)
        let clipper = GeometryClipper(rect: PixelRect(minX: 0, minY: 0, maxX: Double(extent), maxY: Double(extent)))
        var candidates: [LabelCandidate] = []
        for part in collector.parts where part.count >= 4 {
            // MapLibre rounds the clipped ends to whole tile units.
            let pieces = center ? [part] : clipper.clipLine(part).map { $0.map { $0.rounded() } }
            for piece in pieces where piece.count >= 4 {
                let anchors = LineAnchors.anchors(piece, extent: Double(extent), unit: unit, spacing: spacing, labelLength: length * em,
                                                  startOffset: (length / 2 + 48) * em * overscaling, center: center,
                                                  bends: (0.6 * maxSize * unit, maxAngle))
                guard !anchors.isEmpty else { continue }
                var path: [Double] = []
                path.reserveCapacity(piece.count)
                for i in stride(from: 0, to: piece.count, by: 2) {
                    let p = turned(piece[i] * scale + tileRect.minX, piece[i + 1] * scale + tileRect.minY)
                    path.append(p.x + text.translate.x)
                    path.append(p.y + text.translate.y)
                }
                for anchor in anchors {
                    // MapLibre's `anchorIsTooClose`: the same text within half a spacing of an anchor the tile
                    // already has (along lines; line-center labels are not compared).
                    if !center {
                        let repeatDistance = spacing * unit / 2
                        let others = placedTexts[text.string, default: []]
                        if others.contains(where: { hypot($0.x - anchor.x, $0.y - anchor.y) < repeatDistance }) { continue }
                        placedTexts[text.string, default: []].append((anchor.x, anchor.y))
                    }
                    let p = turned(anchor.x * scale + tileRect.minX, anchor.y * scale + tileRect.minY)
                    let at = (x: p.x + text.translate.x, y: p.y + text.translate.y)
                    let line = SDFLineLabel(text: text, path: path, anchor: at, segment: anchor.segment, keepUpright: keepUpright)
                    var lineIcon = icon
                    if var turnedIcon = icon, turnedIcon.alignedToMap {
                        var angle = anchor.angle - bearing * .pi / 180
                        if turnedIcon.keepUpright && cos(angle) < 0 { angle += .pi }
                        turnedIcon.lineAngle = angle
                        lineIcon = turnedIcon
                    }
                    candidates.append(LabelCandidate(text: "", style: nil, sortKey: sortKey, order: order, geometry: .point(x: at.x, y: at.y),
                                                     icon: lineIcon, sdfLine: line))
                }
            }
        }
        return candidates
    }
}
