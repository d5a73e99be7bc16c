import Canvas
import Foundation
import Geo
import StyleKit
import VectorTile

/// Collects the point geometry of a feature (MoveTo commands), in tile coordinates.
private struct PointCollector: GeometryVisitor {
    var points: [(Int32, Int32)] = []
    mutating func moveTo(x: Int32, y: Int32) { points.append((x, y)) }
    mutating func lineTo(x: Int32, y: Int32) {}
    mutating func closePath() {}
}

extension MapPreparer {
    /// The poster-pixel point (unturned) turned by the bearing about the frame's centre, as printed.
    func turned(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        guard bearing.truncatingRemainder(dividingBy: 360) != 0 else { return (x, y) }
        let cx = origin.x + Double(camera.width) / 2, cy = origin.y + Double(camera.height) / 2
        let angle = -bearing * .pi / 180
        let (c, s) = (cos(angle), sin(angle))
        return (cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c)
    }

    /// The candidates of one symbol layer: a point for each point feature (taken from the tile that holds
    /// it, not from neighbours' buffers), and for line placement each line joined across the tiles it
    /// crosses, so that it is labelled as one line. Text needs fonts; icons need the sprite, and an image the
    /// sprite lacks is named in `warnings` (MapLibre draws nothing there either).
    func labelCandidates(_ layer: StyleLayer, _ symbol: SymbolLayerPaint, fonts: FontStackResolver?, warnings: Warnings) -> [LabelCandidate] {
        guard symbol.textField != nil || symbol.iconImage != nil, let (layerTiles, layerName) = tiles(for: layer) else { return [] }
        let zoom = camera.zoom, ratio = camera.pixelRatio
        var shapers: [[String]: TextShaper] = [:]
        var shapes = LabelShapes()
        var candidates: [LabelCandidate] = []
        var missingImages = Set<String>()
        var cappedIcons = false
        var order = 0
        let textOnGround = (atPoints: Self.textAlignment(layer, alongLine: false).pitchWithMap,
                            alongLines: Self.textAlignment(layer, alongLine: true).pitchWithMap)
        for tileID in layerTiles.keys.sorted() {
            guard let data = layerTiles[tileID]?.layer(named: layerName) else { continue }
            // Texts laid along lines in this tile so far, by text: their anchors (tile units).
            var placedTexts: [LineTextKey: [(x: Double, y: Double)]] = [:]
            // Its features' text along lines, laid out after the loop (MapLibre merges them first).
            var lineTexts: [LineMerger.Item<(context: TileFeatureContext, text: SDFTextLabel, sortKey: Double, order: Int, icon: IconStyle?)>] = []
            let tileRect = rect(of: tileID)
            let scale = tileRect.width / Double(data.extent)
            var lineVisitor = ProjectingVisitor(scale: scale, offsetX: tileRect.minX, offsetY: tileRect.minY, clipRect: tileRect,
                                                minimumStep: minimumStep, closed: false, ringsAsLines: true)
            var filter = layer.filter.map { TileLayerFilter($0, layer: data, zoom: zoom) }
            for decoded in data.decodedFeatures {
                guard case .success(let feature) = decoded else { continue }
                if filter?.matches(feature, context: { featureContext(feature, tile: tileID, extent: data.extent) }) == false { continue }
                let context = featureContext(feature, tile: tileID, extent: data.extent)
                func eval<T>(_ p: StyleProperty<T>) -> T { p.evaluate(zoom: zoom, feature: context) }
                let placement: SymbolPlacement = switch eval(symbol.placement) { case "line": .line; case "line-center": .lineCenter; default: .point }
                // With the style's glyphs, point text is set as MapLibre sets it and fonts are not used.
                var sdf: SDFTextLabel?
                var lineText: (text: SDFTextLabel, lines: [[Double]])?
                if let glyphs, symbol.textField != nil {
                    if placement == .point {
                        sdf = sdfText(layer, symbol, context, glyphs: glyphs)
                        sdf?.tile = tileID
                        sdf?.sortedByKey = symbol.sortKey.map { !$0.isConstant } ?? false
                    } else if feature.type != .point {
                        // Text along the line, laid out tile by tile once the tile's lines are merged; an icon
                        // goes its own way below.
                        order += 1
                        lineText = sdfLineFeature(layer, symbol, context, feature, tile: tileID, glyphs: glyphs, warnings: warnings)
                    }
                }
                var style = glyphs != nil ? nil : fonts.flatMap { textStyle(symbol, context, placement: placement, fonts: $0, shapers: &shapers) }
                style?.style.pitchWithMap = placement == .point ? textOnGround.atPoints : textOnGround.alongLines
                var icon: IconStyle?
                if let iconImage = symbol.iconImage {
                    var name = symbol.iconImageIsTokenString && iconImage.isConstant
                        ? FormattedText(iconImage.evaluate(zoom: zoom).name).resolvingTokens { context.property($0) } : eval(iconImage).name
                    name = name.trimmed(newlines: false)
                    if !name.isEmpty {
                        if let image = sprites?.images[name] {
                            icon = iconStyle(symbol, context, image: image, name: name, placement: placement, capped: &cappedIcons)
                        } else {
                            missingImages.insert(name)
                        }
                    }
                }
                if let (text, lines) = lineText {
                    // The icon goes with the text, at its anchors.
                    lineTexts.append(LineMerger.Item(text: text.string, lines: lines, payload: (context, text, symbol.sortKey.map(eval) ?? 0, order, icon)))
                    continue
                }
                guard style != nil || icon != nil || sdf != nil else { continue }
                let text = style?.text ?? ""
                // Shaped here, on this layer's core, so that placing labels, one after another, need not.
                let setIn = text.isEmpty ? nil : style?.style
                let sortKey = symbol.sortKey.map(eval) ?? 0
                order += 1

                if placement == .point {
                    var anchors: [(Double, Double)] = []
                    if feature.type == .point {
                        var collector = PointCollector()
                        try? feature.decodeGeometry(into: &collector)
                        anchors = collector.points.map { (Double($0.0) * scale + tileRect.minX, Double($0.1) * scale + tileRect.minY) }
                    } else {
                        // As MapLibre: a line at its first vertex, an area at each polygon's pole of inaccessibility
                        // (the inside point farthest from its edges), to a pixel.
                        var collector = LineCollector()
                        try? feature.decodeGeometry(into: &collector)
                        let points = feature.type == .lineString
                            ? collector.parts.compactMap { $0.count >= 2 ? (x: $0[0], y: $0[1]) : nil }
                            : Self.polygons(collector.parts).compactMap { PoleOfInaccessibility.find($0, precision: 1 / scale) }
                        anchors = points.map { ($0.x * scale + tileRect.minX, $0.y * scale + tileRect.minY) }
                    }
                    // Points in a neighbour's buffer belong to the neighbour.
                    let own = anchors.filter { $0.0 >= tileRect.minX && $0.0 < tileRect.maxX && $0.1 >= tileRect.minY && $0.1 < tileRect.maxY }
                    let lines = own.isEmpty ? nil : setIn.map { shapes.pointLines(text, $0) }
                    for (x, y) in own {
                        let p = turned(x, y)
                        candidates.append(LabelCandidate(text: text, style: style?.style, lines: lines, sortKey: sortKey, order: order,
                                                         geometry: .point(x: p.x, y: p.y), icon: icon, sdfText: sdf))
                    }
                } else if feature.type != .point, style == nil, let icon {
                    // Icons alone along lines (one-way arrows) go where MapLibre puts them, tile by tile.
                    var collector = LineCollector()
                    do { try feature.decodeGeometry(into: &collector) } catch { warnings.add("tile \(tileID): \(error)"); continue }
                    // Layout pixels at the zoom MapLibre lays the tile out at: a source held as one world tile
                    // (GeoJSON) is laid out at the map's tile zoom up to the source's maxzoom, not overscaled from 0.
                    let tileZoom = max(0, camera.zoom.rounded(.down))
                    let worldTile = tileID.z == 0 && data.extent > 8192
                    let layoutZoom = worldTile ? min(tileZoom, Double(layer.source.flatMap { self.style.sources[$0]?.maxZoom } ?? 18)) : Double(tileID.z)
                    let overscaling = pow(2, max(0, tileZoom - layoutZoom))
                    // MapLibre's EXTENT of 8192 units (a GeoJSON world tile keeps its finer grid).
                    let toExtent = worldTile ? 1 : 8192 / Double(data.extent)
                    let extent = Double(data.extent) * toExtent
                    let unit = extent / (512 * pow(2, layoutZoom - Double(tileID.z)) * overscaling)
                    let textScale = icon.lineTextSize / 24
                    let width = Double(icon.image.surface.width) / icon.image.pixelRatio
                    // Along lines MapLibre clips each line to the tile (its clipped ends rounded); line-center keeps it whole.
                    let clipper = GeometryClipper(rect: PixelRect(minX: 0, minY: 0, maxX: extent, maxY: extent))
                    let lines = collector.parts.map { $0.map { ($0 * toExtent).rounded() } }
                    let pieces = placement == .lineCenter ? lines : lines.flatMap { clipper.clipLine($0).map { $0.map { $0.rounded() } } }
                    let tileScale = tileRect.width / extent
                    for part in pieces {
                        let anchors = LineAnchors.anchors(part, extent: extent, unit: unit, spacing: icon.spacing / ratio,
                                                          labelLength: width * textScale, startOffset: (width / 2 + 48) * textScale * overscaling,
                                                          overscaling: overscaling, center: placement == .lineCenter)
                        for anchor in anchors {
                            let p = turned(anchor.x * tileScale + tileRect.minX, anchor.y * tileScale + tileRect.minY)
                            var placedIcon = icon
                            if icon.alignedToMap {
                                var angle = anchor.angle - bearing * .pi / 180
                                if icon.keepUpright && cos(angle) < 0 { angle += .pi }
                                placedIcon.lineAngle = angle
                            }
                            candidates.append(LabelCandidate(text: "", style: nil, sortKey: sortKey, order: order,
                                                             geometry: .point(x: p.x, y: p.y), icon: placedIcon))
                        }
                    }
                } else if feature.type != .point {
                    lineVisitor.reset()
                    do { try feature.decodeGeometry(into: &lineVisitor) } catch { warnings.add("tile \(tileID): \(error)"); continue }
                    lineVisitor.finish()
                    let piece = lineVisitor.piece
                    let lines = setIn.map { [shapes.lineText(text, $0)] }
                    piece.forEachPart { range in
                        var points: [Double] = []
                        points.reserveCapacity(range.count * 2)
                        for i in range {
                            let p = turned(Double(piece.coordinates[2 * i]), Double(piece.coordinates[2 * i + 1]))
                            points.append(p.x)
                            points.append(p.y)
                        }
                        candidates.append(LabelCandidate(text: text, style: style?.style, lines: lines, sortKey: sortKey, order: order,
                                                         geometry: .line(points), icon: icon))
                    }
                }
            }
            let merged = symbol.placement.evaluate(zoom: zoom.rounded(.down)) == "line" ? LineMerger.merge(lineTexts) : lineTexts
            for item in merged {
                candidates += sdfLineCandidates(layer, symbol, item.payload.context, text: item.payload.text, icon: item.payload.icon, lines: item.lines,
                                                tile: tileID, extent: Int(data.extent), tileRect: tileRect, sortKey: item.payload.sortKey,
                                                order: item.payload.order, placedTexts: &placedTexts)
            }
        }
        if cappedIcons {
            warnings.add("layer \"\(layer.id)\": icon-size makes icons larger than the map; they are drawn as large as the map")
        }
        if let warning = Self.missingCharactersWarning(shapes.missing, in: "layer \"\(layer.id)\"") { warnings.add(warning) }
        if !missingImages.isEmpty {
            let names = missingImages.sorted()
            let listed = names.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ") + (names.count > 8 ? " and \(names.count - 8) more" : "")
            warnings.add(sprites == nil
                ? "layer \"\(layer.id)\": the style has no sprite, so its icons (\(listed)) are not drawn"
                : "layer \"\(layer.id)\": the sprite has no image \(listed): those icons are not drawn")
        }
        return Self.joiningLines(candidates)
    }

    /// The warning for characters no font could set (drawn as empty boxes), or nil if there are none.
    /// `place` names where the text is: `layer "roads"`, `the poster's text`.
    static func missingCharactersWarning(_ missing: Set<Unicode.Scalar>, in place: String) -> String? {
        guard !missing.isEmpty else { return nil }
        let codes = missing.sorted { $0.value < $1.value }.map { String(format: "U+%04X", $0.value) }
        let listed = codes.prefix(8).joined(separator: ", ") + (codes.count > 8 ? " and \(codes.count - 8) more" : "")
        return "\(place): no installed font has \(listed): those characters are drawn as empty boxes "
            + "(install Debian's fonts-noto-core and fonts-noto-cjk, as scripts/setup.sh does)"
    }

    /// A symbol's `text-field` for one feature at `zoom` (`{token}`s resolved, `text-transform` applied);
    /// nil when the layer has no text.
    func labelText(_ symbol: SymbolLayerPaint, _ context: TileFeatureContext, zoom: Double) -> String? {
        labelFormatted(symbol, context, zoom: zoom)?.text
    }

    /// A symbol's `text-field` for one feature at `zoom` in its `format` sections (`{token}`s resolved,
    /// `text-transform` applied to each section's text); nil when the layer has no text.
    func labelFormatted(_ symbol: SymbolLayerPaint, _ context: TileFeatureContext, zoom: Double) -> FormattedText? {
        guard let textField = symbol.textField else { return nil }
        var formatted: FormattedText
        if symbol.textFieldIsTokenString, textField.isConstant {
            formatted = FormattedText(textField.evaluate(zoom: zoom).resolvingTokens { context.property($0) })
        } else {
            formatted = textField.evaluate(zoom: zoom, feature: context)
        }
        let transform = symbol.textTransform.evaluate(zoom: zoom, feature: context)
        guard transform == "uppercase" || transform == "lowercase" else { return formatted }
        return FormattedText(sections: formatted.sections.map { section in
            var section = section
            section.text = transform == "uppercase" ? section.text.uppercased() : section.text.lowercased()
            return section
        })
    }

    /// A symbol's text for one feature and how it is set; nil when the layer has none or it is empty.
    private func textStyle(_ symbol: SymbolLayerPaint, _ context: TileFeatureContext, placement: SymbolPlacement, fonts: FontStackResolver,
                           shapers: inout [[String]: TextShaper]) -> (text: String, style: LabelStyle)? {
        guard var text = labelText(symbol, context, zoom: camera.zoom) else { return nil }
        let zoom = camera.zoom, ratio = camera.pixelRatio
        func eval<T>(_ p: StyleProperty<T>) -> T { p.evaluate(zoom: zoom, feature: context) }
        text = text.trimmed()
        guard !text.isEmpty else { return nil }

        let fontStack = eval(symbol.textFont).values
        let shaper = shapers[fontStack] ?? fonts.shaper(for: fontStack)
        shapers[fontStack] = shaper
        let size = max(eval(symbol.textSize), 0) * ratio
        guard size > 0 else { return nil }
        let opacity = min(max(eval(symbol.textOpacity), 0), 1)
        var offset = eval(symbol.textOffset).values
        // A radial offset moves the text away from its anchor point, in the direction the anchor
        // faces (diagonally for corners), instead of text-offset.
        let radial = eval(symbol.textRadialOffset)
        if radial != 0 {
            let anchor = eval(symbol.textAnchor)
            var dx = anchor.hasSuffix("left") ? 1.0 : anchor.hasSuffix("right") ? -1 : 0
            var dy = anchor.hasPrefix("top") ? 1.0 : anchor.hasPrefix("bottom") ? -1 : 0
            if dx != 0 && dy != 0 { (dx, dy) = (dx / 2.0.squareRoot(), dy / 2.0.squareRoot()) }
            offset = [dx * radial, dy * radial]
        }
        var style = LabelStyle(
            shaper: shaper, size: size, letterSpacing: eval(symbol.textLetterSpacing) * size,
            lineHeight: eval(symbol.textLineHeight) * size, maxWidth: max(eval(symbol.textMaxWidth), 0) * size,
            anchor: eval(symbol.textAnchor), justify: eval(symbol.textJustify),
            offset: ((offset.first ?? 0) * size, (offset.count > 1 ? offset[1] : 0) * size),
            padding: max(eval(symbol.textPadding), 0) * ratio, allowOverlap: eval(symbol.textAllowOverlap),
            ignorePlacement: eval(symbol.textIgnorePlacement), placement: placement,
            spacing: max(eval(symbol.spacing), 1) * ratio, maxAngle: eval(symbol.textMaxAngle) * .pi / 180,
            keepUpright: eval(symbol.textKeepUpright),
            color: PaintResolver.color(eval(symbol.textColor), opacity: opacity),
            haloColor: PaintResolver.color(eval(symbol.textHaloColor), opacity: opacity),
            haloWidth: max(eval(symbol.textHaloWidth), 0) * ratio, haloBlur: max(eval(symbol.textHaloBlur), 0) * ratio)
        style.overlapMode = symbol.textOverlap.map { OverlapMode(overlap: eval($0), allowOverlap: false) }
        style.optional = eval(symbol.textOptional)
        style.translate = printedOffset(eval(symbol.textTranslate).values, anchor: eval(symbol.textTranslateAnchor))
        return (text, style)
    }

    /// How one feature's icon is drawn and placed.
    private func iconStyle(_ symbol: SymbolLayerPaint, _ context: TileFeatureContext, image: SpriteSheet.Image, name: String,
                           placement: SymbolPlacement, capped: inout Bool) -> IconStyle? {
        let zoom = camera.zoom, ratio = camera.pixelRatio
        func eval<T>(_ p: StyleProperty<T>) -> T { p.evaluate(zoom: zoom, feature: context) }
        var size = max(eval(symbol.iconSize), 0)
        guard size > 0, size.isFinite else { return nil }
        // An icon larger than the whole map is a style error, not a poster (and would cost the map's area to
        // draw, per icon): it is drawn as large as the map, and the poster says so.
        // A side fitted to the text takes the text's size instead (it is bounded by the text, not the image).
        let fit = eval(symbol.iconTextFit)
        let fitsWidth = fit == "width" || fit == "both", fitsHeight = fit == "height" || fit == "both"
        let largest = Double(max(fitsWidth ? 0 : image.surface.width, fitsHeight ? 0 : image.surface.height)) / image.pixelRatio * ratio
        let limit = Double(max(camera.width, camera.height))
        if largest * size > limit {
            size = limit / max(largest, 1e-9)
            capped = true
        }
        let offset = eval(symbol.iconOffset).values
        let pad = eval(symbol.iconTextFitPadding).values.map { $0 * ratio }
        let alignment = eval(symbol.iconRotationAlignment)
        func finite(_ v: Double) -> Double { v.isFinite ? v : 0 }
        var style = IconStyle(
            image: image, name: name, size: size, pixelRatio: ratio, anchor: eval(symbol.iconAnchor),
            offset: (finite(offset.first ?? 0) * size * ratio, finite(offset.count > 1 ? offset[1] : 0) * size * ratio),
            rotate: finite(eval(symbol.iconRotate)) * .pi / 180, padding: max(eval(symbol.iconPadding), 0) * ratio,
            overlap: OverlapMode(overlap: symbol.iconOverlap.map(eval), allowOverlap: eval(symbol.iconAllowOverlap)),
            ignorePlacement: eval(symbol.iconIgnorePlacement), optional: eval(symbol.iconOptional),
            textFit: fit, textFitPadding: pad,
            alignedToMap: alignment == "map" || (alignment == "auto" && placement != .point),
            keepUpright: eval(symbol.iconKeepUpright), opacity: min(max(eval(symbol.iconOpacity), 0), 1),
            color: PaintResolver.color(eval(symbol.iconColor), opacity: 1), haloColor: PaintResolver.color(eval(symbol.iconHaloColor), opacity: 1),
            haloWidth: max(eval(symbol.iconHaloWidth), 0), haloBlur: max(eval(symbol.iconHaloBlur), 0))
        style.translate = printedOffset(eval(symbol.iconTranslate).values, anchor: eval(symbol.iconTranslateAnchor))
        // Icons laid in the map's plane (pitch alignment `map`, or `auto` following a `map` rotation) are
        // filtered too.
        let pitch = eval(symbol.iconPitchAlignment)
        let inMapPlane = pitch == "map" || (pitch == "auto" && style.alignedToMap)
        style.inMapPlane = inMapPlane
        style.linear = image.sdf || symbol.iconSize.constantValue != 1 || symbol.iconRotate.constantValue != 0 || image.pixelRatio != ratio || inMapPlane
        // A point icon aligned to the map turns with it (along a line, the line's direction already does).
        if style.alignedToMap && placement == .point { style.rotate -= bearing * .pi / 180 }
        style.spacing = max(eval(symbol.spacing), 1) * ratio
        style.lineTextSize = max(eval(symbol.textSize), 0)
        return style
    }

    /// A `*-translate` as an offset on the printed page: one anchored to the map turns with it.
    func printedOffset(_ values: [Double], anchor: String) -> (x: Double, y: Double) {
        let x = (values.first ?? 0) * camera.pixelRatio, y = (values.count > 1 ? values[1] : 0) * camera.pixelRatio
        guard x.isFinite, y.isFinite else { return (0, 0) }
        guard anchor != "viewport", bearing.truncatingRemainder(dividingBy: 360) != 0 else { return (x, y) }
        let angle = -bearing * .pi / 180
        return (x * cos(angle) - y * sin(angle), x * sin(angle) + y * cos(angle))
    }

    /// Rings grouped into polygons as MapLibre's `classifyRings` groups them: a ring wound like the first
    /// starts a polygon, the others are its holes.
    static func polygons(_ rings: [[Double]]) -> [[[Double]]] {
        var polygons: [[[Double]]] = []
        var outerSign: Bool?
        for ring in rings where ring.count >= 6 {
            var area = 0.0
            let n = ring.count / 2
            var j = n - 1
            for i in 0..<n {
                area += (ring[2 * j] - ring[2 * i]) * (ring[2 * i + 1] + ring[2 * j + 1])
                j = i
            }
            guard area != 0 else { continue }
            let sign = area < 0
            if outerSign == nil { outerSign = sign }
            if sign == outerSign || polygons.isEmpty { polygons.append([ring]) } else { polygons[polygons.count - 1].append(ring) }
        }
        return polygons
    }

    /// Joins line candidates with the same text where one ends at the start of another (the parts of
    /// one line cut at tile edges), so that a road is labelled along its whole length.
    static func joiningLines(_ candidates: [LabelCandidate]) -> [LabelCandidate] {
        struct EndKey: Hashable { var text: String; var x: Int; var y: Int }
        func key(_ text: String, _ x: Double, _ y: Double) -> EndKey { EndKey(text: text, x: Int((x * 4).rounded()), y: Int((y * 4).rounded())) }
        var byStart: [EndKey: Int] = [:]
        for (i, candidate) in candidates.enumerated() {
            if case .line(let p) = candidate.geometry, p.count >= 4 { byStart[key(candidate.text, p[0], p[1])] = i }
        }
        var used = [Bool](repeating: false, count: candidates.count)
        var hasPredecessor = [Bool](repeating: false, count: candidates.count)
        for candidate in candidates {
            guard case .line(let p) = candidate.geometry, p.count >= 4 else { continue }
            if let next = byStart[key(candidate.text, p[p.count - 2], p[p.count - 1])] { hasPredecessor[next] = true }
        }
        var result: [LabelCandidate] = []
        // Chains start at parts nothing leads into; rings (every part led into) are picked up afterwards.
        for pass in 0..<2 {
            for (i, candidate) in candidates.enumerated() where !used[i] {
                guard case .line(var points) = candidate.geometry else {
                    used[i] = true
                    result.append(candidate)
                    continue
                }
                if pass == 0 && hasPredecessor[i] { continue }
                used[i] = true
                var current = i
                while points.count >= 4, let next = byStart[key(candidate.text, points[points.count - 2], points[points.count - 1])],
                      !used[next], next != current, case .line(let more) = candidates[next].geometry {
                    used[next] = true
                    points += more.dropFirst(2)
                    current = next
                }
                var joined = candidate
                joined.geometry = .line(points)
                result.append(joined)
            }
        }
        return result
    }
}
