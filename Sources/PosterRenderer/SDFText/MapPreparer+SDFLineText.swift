import Foundation
import Geo
import StyleKit
import VectorTile

extension MapPreparer {
    /// A feature's text set for a line (nil when it has none) and its lines in tile units, as MapLibre's
    /// symbol bucket holds it before `mergeLines`.
    func sdfLineFeature(_ layer: StyleLayer, _ symbol: SymbolLayerPaint, _ context: TileFeatureContext, _ feature: VectorTileFeature,
                        tile tileID: TileID, glyphs: GlyphSet, warnings: Warnings) -> (text: SDFTextLabel, lines: [[Double]])? {
        guard var text = sdfText(layer, symbol, context, glyphs: glyphs, alongLine: true) else { return nil }
        text.tile = tileID
        text.sortedByKey = symbol.sortKey.map { !$0.isConstant } ?? false
        var collector = LineCollector()
        do { try feature.decodeGeometry(into: &collector) } catch {
            warnings.add("tile \(tileID): \(error)")
            return nil
        }
        return (text, collector.parts)
    }

    /// A feature's text along its lines set with the style's SDF glyphs, as MapLibre lays it out tile by
    /// tile: each line clipped to the tile (whole for `line-center`), anchors where `getAnchors` puts
    /// them (spaced by `symbol-spacing`, room for the label, bends no sharper than `text-max-angle`), and
    /// at each anchor a label that follows the line on the page. A GeoJSON source held as one world tile is
    /// cut into the tiles of the zoom MapLibre lays it out at, as geojson-vt serves it.
    func sdfLineCandidates(_ layer: StyleLayer, _ symbol: SymbolLayerPaint, _ context: TileFeatureContext, text: SDFTextLabel, icon: IconStyle?,
                           lines: [[Double]], tile tileID: TileID, extent: Int, tileRect: PixelRect, sortKey: Double, order: Int,
                           placedTexts: inout [LineTextKey: [(x: Double, y: Double)]]) -> [LabelCandidate] {
        let zoom = camera.zoom
        let center = symbol.placement.evaluate(zoom: zoom.rounded(.down), feature: context) == "line-center"
        let tileZoom = max(0, zoom.rounded(.down))
        let worldTile = tileID.z == 0 && extent > 8192
        let layoutZoom = worldTile ? min(tileZoom, Double(layer.source.flatMap { self.style.sources[$0]?.maxZoom } ?? 18)) : Double(tileID.z)
        // Text aligned with the viewport is not laid along the line: it stands at each anchor as point text.
        let alongLine = layer.rawLayout["text-rotation-alignment"] != .string("viewport")
        var candidates: [LabelCandidate] = []
        if worldTile && !center {
            let n = pow(2, layoutZoom), size = Double(extent) / n
            let width = tileRect.width / n, height = tileRect.height / n
            // The frame grown by twice its larger side covers it turned by the bearing and the collision grid's padding.
            let margin = 2 * Double(max(camera.width, camera.height))
            func tileIndex(_ v: Double) -> Int { Int(min(max(v.rounded(.down), -1e6), 1e6)) }
            let visible = (x0: tileIndex((origin.x - margin - tileRect.minX) / width),
                           x1: tileIndex((origin.x + Double(camera.width) + margin - tileRect.minX) / width),
                           y0: tileIndex((origin.y - margin - tileRect.minY) / height),
                           y1: tileIndex((origin.y + Double(camera.height) + margin - tileRect.minY) / height))
            var pieces: [Int64: (x: Int, y: Int, lines: [[Double]])] = [:]
            for line in lines where line.count >= 4 {
                var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
                for i in stride(from: 0, to: line.count, by: 2) {
                    minX = min(minX, line[i]); maxX = max(maxX, line[i]); minY = min(minY, line[i + 1]); maxY = max(maxY, line[i + 1])
                }
                // The tiles the line crosses about the frame: MapLibre lays out only those it shows.
                let x0 = max(tileIndex(minX / size), visible.x0), x1 = min(tileIndex(maxX / size), visible.x1)
                let y0 = max(tileIndex(minY / size), visible.y0), y1 = min(tileIndex(maxY / size), visible.y1)
                guard x0 <= x1, y0 <= y1, (x1 - x0 + 1) * (y1 - y0 + 1) <= 4096 else { continue }
                for x in x0...x1 {
                    for y in y0...y1 {
                        // The line in the tile's 8192 units, as geojson-vt rounds it.
                        var local: [Double] = []
                        local.reserveCapacity(line.count)
                        for i in stride(from: 0, to: line.count, by: 2) {
                            let lx: Double = (line[i] / size - Double(x)) * 8192
                            let ly: Double = (line[i + 1] / size - Double(y)) * 8192
                            local.append(lx.rounded())
                            local.append(ly.rounded())
                        }
                        pieces[Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: y))), default: (x, y, [])].lines.append(local)
                    }
                }
            }
            for key in pieces.keys.sorted() {
                guard let piece = pieces[key] else { continue }
                let rect = PixelRect(minX: tileRect.minX + Double(piece.x) * width, minY: tileRect.minY + Double(piece.y) * height,
                                     maxX: tileRect.minX + Double(piece.x + 1) * width, maxY: tileRect.minY + Double(piece.y + 1) * height)
                let layoutTile = TileID(z: Int(layoutZoom), x: piece.x, y: piece.y)
                candidates += sdfLineCandidates(symbol, context, text: text, icon: icon, lines: piece.lines, tile: layoutTile, extent: 8192, tileRect: rect,
                                                overscaling: pow(2, max(0, tileZoom - layoutZoom)), center: false, alongLine: alongLine,
                                                sortKey: sortKey, order: order, placedTexts: &placedTexts)
            }
            return candidates
        }
        // MapLibre lays a tile out at its EXTENT of 8192 units: the geometry scaled to it and rounded, so
        // that clipped ends and anchors round as there (a GeoJSON world tile keeps its finer grid).
        let toExtent = extent <= 8192 ? 8192 / Double(extent) : 1
        let scaled = toExtent == 1 ? lines : lines.map { $0.map { ($0 * toExtent).rounded() } }
        return sdfLineCandidates(symbol, context, text: text, icon: icon, lines: scaled, tile: tileID, extent: Int(Double(extent) * toExtent), tileRect: tileRect,
                                 overscaling: pow(2, max(0, tileZoom - layoutZoom)), center: center, alongLine: alongLine,
                                 sortKey: sortKey, order: order,
                                 placedTexts: &placedTexts, layoutScale: pow(2, layoutZoom - Double(tileID.z)))
    }

    /// The labels of one laid-out tile: `lines` in its units, `tileRect` its place on the page.
    private func sdfLineCandidates(_ symbol: SymbolLayerPaint, _ context: TileFeatureContext, text: SDFTextLabel, icon: IconStyle?, lines: [[Double]],
                                   tile tileID: TileID, extent: Int, tileRect: PixelRect, overscaling: Double, center: Bool, alongLine: Bool,
                                   sortKey: Double, order: Int, placedTexts: inout [LineTextKey: [(x: Double, y: Double)]],
                                   layoutScale: Double = 1) -> [LabelCandidate] {
        let zoom = camera.zoom
        // Layout pixels at the zoom MapLibre lays the tile out at (as for icons along lines).
        let unit = Double(extent) / (512 * layoutScale * overscaling)
        // Anchors are spaced by the text's size at zoom 18 (MapLibre's `textMaxSize`).
        let maxSize = symbol.textSize.evaluate(zoom: 18, feature: context)
        guard maxSize.isFinite, maxSize > 0 else { return [] }
        let em = maxSize / MapLibreShaper.oneEm
        // MapLibre measures the room a label needs by its vertical shaping when it has one.
        let measured = text.verticalShaping ?? text.shaping
        let length = measured.right - measured.left
        let spacing = max(symbol.spacing.evaluate(zoom: zoom.rounded(.down), feature: context), 1)
        let maxAngle = symbol.textMaxAngle.evaluate(zoom: zoom.rounded(.down), feature: context) * .pi / 180
        let keepUpright = symbol.textKeepUpright.evaluate(zoom: zoom.rounded(.down), feature: context)
        let scale = tileRect.width / Double(extent)
        let clipper = GeometryClipper(rect: PixelRect(minX: 0, minY: 0, maxX: Double(extent), maxY: Double(extent)))
        var candidates: [LabelCandidate] = []
        for part in lines where part.count >= 4 {
            // MapLibre rounds the clipped ends to whole tile units.
            let pieces = center ? [part] : clipper.clipLine(part).map { $0.map { $0.rounded() } }
            for piece in pieces where piece.count >= 4 {
                let anchors = LineAnchors.anchors(piece, extent: Double(extent), unit: unit, spacing: spacing, labelLength: length * em,
                                                  startOffset: (length / 2 + 48) * em * overscaling, overscaling: overscaling, center: center,
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
                        let key = LineTextKey(tile: tileID, text: text.string)
                        let others = placedTexts[key, default: []]
                        if others.contains(where: { hypot($0.x - anchor.x, $0.y - anchor.y) < repeatDistance }) { continue }
                        placedTexts[key, default: []].append((anchor.x, anchor.y))
                    }
                    let p = turned(anchor.x * scale + tileRect.minX, anchor.y * scale + tileRect.minY)
                    // An icon aligned with the map turns with the line at the anchor.
                    var lineIcon = icon
                    if let icon, icon.alignedToMap {
                        var angle = anchor.angle - bearing * .pi / 180
                        if icon.keepUpright && cos(angle) < 0 { angle += .pi }
                        lineIcon?.lineAngle = angle
                    }
                    guard alongLine else {
                        candidates.append(LabelCandidate(text: "", style: nil, sortKey: sortKey, order: order, geometry: .point(x: p.x, y: p.y),
                                                         icon: lineIcon, sdfText: text))
                        continue
                    }
                    let at = (x: p.x + text.translate.x, y: p.y + text.translate.y)
                    let line = SDFLineLabel(text: text, path: path, anchor: at, segment: anchor.segment, keepUpright: keepUpright)
                    // MapLibre walks the line for the icon as for a glyph at the anchor: backwards, so an anchor on
                    // a vertex takes the segment before it.
                    if let icon, icon.alignedToMap, let walked = line.place(0, flip: false) {
                        var angle = walked.angle
                        if icon.keepUpright && cos(angle) < 0 { angle += .pi }
                        lineIcon?.lineAngle = angle
                    }
                    candidates.append(LabelCandidate(text: "", style: nil, sortKey: sortKey, order: order, geometry: .point(x: p.x, y: p.y),
                                                     icon: lineIcon, sdfLine: line))
                }
            }
        }
        return candidates
    }
}

/// A text laid along lines in one laid-out tile: MapLibre's `anchorIsTooClose` compares anchors of the
/// same text within a tile only.
struct LineTextKey: Hashable {
    var tile: TileID
    var text: String
}
