import Canvas
import Foundation

extension SymbolPlacer {
    /// Places point text set with SDF glyphs on a pitched view as MapLibre's `CollisionIndex` places it: the
    /// collision box is tested in screen space, upright about the projected anchor and scaled by the
    /// perspective ratio 0.5 + 0.5 · cameraToCenterDistance / depth. Text facing the viewer
    /// (`text-pitch-alignment: viewport`) is drawn there, as large times that ratio (clamped to 0…4); text
    /// lying on the ground (`map`) is drawn on the ground, as large times 0.5 + 0.5 · depth /
    /// cameraToCenterDistance. Labels whose ratio falls below 0.6 (near the horizon) are not placed, as
    /// MapLibre's cut-off leaves them out.
    mutating func placePitchedSDFPoint(_ text: SDFTextLabel, x: Double, y: Double, _ view: PitchedLabelPlacement) -> PlacedLabel? {
        let ground = view.ground((x + text.translate.x, y + text.translate.y))
        let depth = view.depth(ground)
        guard depth > 0 else { return nil }
        let ratio = view.perspectiveRatio(depth)
        guard ratio >= Self.perspectiveRatioCutoff else { return nil }
        let anchor = view.screenPoint(ground)
        // The box stays upright about the projected anchor, scaled by the ratio, whatever the alignments:
        // MapLibre's collision index as the render tests' images show it.
        let local = text.localCollisionBox
        func box(_ shift: (x: Double, y: Double)) -> PixelRect {
            PixelRect(minX: anchor.x + (local.minX + shift.x) * ratio, minY: anchor.y + (local.minY + shift.y) * ratio,
                      maxX: anchor.x + (local.maxX + shift.x) * ratio, maxY: anchor.y + (local.maxY + shift.y) * ratio)
        }
        let grid = view.screen.insetBy(-text.viewportPadding)
        func placeable(_ box: PixelRect, _ mode: OverlapMode) -> PixelRect? {
            guard box.maxX >= grid.minX, box.minX < grid.maxX, box.maxY >= grid.minY, box.minY < grid.maxY,
                  fits([box], mode, wholeInFrame: false) else { return nil }
            return box
        }
        var chosen: (option: VariableTextAnchor?, shift: (x: Double, y: Double), box: PixelRect)?
        if text.variableAnchors.isEmpty {
            if let placed = placeable(box((0, 0)), text.overlap) { chosen = (nil, (0, 0), placed) }
        } else {
            var mode = OverlapMode.never
            search: for _ in 0..<(text.overlap == .never ? 1 : 2) {
                for option in text.variableAnchors {
                    let (h, v) = MapLibreShaper.alignment(option.anchor)
                    let shift = (x: -(h - 0.5) * local.width + option.offset.x * text.layoutScale,
                                 y: -(v - 0.5) * local.height + option.offset.y * text.layoutScale)
                    if let placed = placeable(box(text.renderShift(shift)), mode) {
                        chosen = (option, shift, placed)
                        break search
                    }
                }
                mode = text.overlap
            }
        }
        guard let chosen else { return nil }
        if !text.ignorePlacement { index.insert([chosen.box], mode: text.overlap) }

        var drawn = text
        if let option = chosen.option { drawn.shaping = option.shaping }
        var paint = text.paint
        // Variable anchors move the glyphs by the shift at the drawn size times the perspective ratio
        // (MapLibre's render shift): on the ground in its own axes, or on the screen.
        let k = (text.layoutScale > 0 ? text.drawScale / text.layoutScale : 1) * ratio
        let size: Double
        let at: (x: Double, y: Double)
        if text.pitchWithMap {
            size = min(max(0.5 + 0.5 * depth / view.cameraToCenterDistance, 0), 4)
            at = (ground.x + chosen.shift.x * k, ground.y + chosen.shift.y * k)
            paint.gammaScale = view.groundGammaScale(depth)
            // On the ground the text's x axis is the map's east, or the viewport's x axis laid on the ground.
            let east = text.rotateWithMap ? (x: 1.0, y: 0.0) : view.viewportEastOnGround
            drawn.mapAngle = atan2(east.y, east.x)
        } else {
            size = min(max(ratio, 0), 4)
            var shift = (x: chosen.shift.x * k, y: chosen.shift.y * k)
            if text.rotateWithMap {
                // Facing the viewer but turned as the map's east shows on the screen at the anchor.
                let toEast = view.screenPoint((ground.x + 1, ground.y))
                drawn.mapAngle = atan2(toEast.y - anchor.y, toEast.x - anchor.x)
                shift = text.renderShift(shift)
            }
            at = (anchor.x + shift.x, anchor.y + shift.y)
        }
        drawn.drawScale *= size
        paint.fontScale *= size
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        return PlacedLabel(glyphs: [], size: 0, color: clear, haloColor: clear, haloWidth: 0, bounds: chosen.box,
                           sdfText: PlacedSDFText(glyphs: drawn.glyphs(at: at), paint: paint, tile: text.tile, sortedByKey: text.sortedByKey,
                                                  onGround: text.pitchWithMap, projected: true))
    }

    /// Places text along a line on a pitched view as MapLibre does: lying on the ground (`map` pitch
    /// alignment) the glyphs follow the line on the ground, spaced at the size over the perspective ratio and
    /// drawn at the size times 0.5 + 0.5 · depth / cameraToCenterDistance; facing the viewer they follow the
    /// line as projected, at the size times the ratio. Every glyph takes room about its place on the screen,
    /// a square as high as the text times the ratio (MapLibre's collision circles).
    mutating func placePitchedSDFLine(_ line: SDFLineLabel, _ view: PitchedLabelPlacement) -> PlacedLabel? {
        let text = line.text
        let groundAnchor = view.ground(line.anchor)
        let depth = view.depth(groundAnchor)
        guard depth > 0 else { return nil }
        let ratio = view.perspectiveRatio(depth)
        guard ratio >= Self.perspectiveRatioCutoff else { return nil }
        var laid = line
        var paint = text.paint
        let size: Double
        if text.pitchWithMap {
            var path: [Double] = []
            path.reserveCapacity(line.path.count)
            for i in Swift.stride(from: 0, to: line.path.count - 1, by: 2) {
                let point = view.ground((line.path[i], line.path[i + 1]))
                path.append(point.x)
                path.append(point.y)
            }
            laid.path = path
            laid.anchor = groundAnchor
            laid.text.drawScale = text.drawScale / ratio
            size = min(max(0.5 + 0.5 * depth / view.cameraToCenterDistance, 0), 4)
            paint.gammaScale = view.groundGammaScale(depth)
        } else {
            guard let projected = Self.screenPath(line, view) else { return nil }
            (laid.path, laid.segment) = projected
            laid.anchor = view.screenPoint(groundAnchor)
            laid.text.drawScale = text.drawScale * ratio
            size = min(max(ratio, 0), 4)
        }
        paint.fontScale *= size
        let onGround = text.pitchWithMap
        func onScreen(_ p: SDFLineLabel.Placed) -> (x: Double, y: Double)? {
            guard onGround else { return (p.x, p.y) }
            return view.depth((p.x, p.y)) > 0 ? view.screenPoint((p.x, p.y)) : nil
        }
        let readsBackwards: (SDFLineLabel.Placed, SDFLineLabel.Placed) -> Bool = { a, b in
            guard let a = onScreen(a), let b = onScreen(b) else { return false }
            return a.x > b.x
        }
        guard let placed = laid.placedGlyphs(readsBackwards: readsBackwards), !placed.isEmpty else { return nil }
        let half = (text.shaping.bottom - text.shaping.top) / 2 * text.layoutScale * ratio + text.padding
        var boxes: [PixelRect] = []
        for entry in placed {
            guard let c = onScreen(entry.at) else { return nil }
            boxes.append(PixelRect(minX: c.x - half, minY: c.y - half, maxX: c.x + half, maxY: c.y + half))
        }
        let grid = view.screen.insetBy(-text.viewportPadding)
        let reachable = boxes.contains { $0.maxX >= grid.minX && $0.minX < grid.maxX && $0.maxY >= grid.minY && $0.minY < grid.maxY }
        guard reachable, fits(boxes, text.overlap, wholeInFrame: false) else { return nil }
        if !text.ignorePlacement { index.insert(boxes, mode: text.overlap) }
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        return PlacedLabel(glyphs: [], size: 0, color: clear, haloColor: clear, haloWidth: 0,
                           bounds: boxes.reduce(PixelRect.empty) { $0.union($1) },
                           sdfText: PlacedSDFText(glyphs: laid.quads(placed, scale: text.drawScale * size), paint: paint, tile: text.tile,
                                                  sortedByKey: text.sortedByKey, onGround: onGround, projected: true))
    }

    /// MapLibre leaves out symbols whose perspective ratio is below this (far towards the horizon).
    static let perspectiveRatioCutoff = 0.6

    /// A line label's line on the screen, and the segment its anchor is on: from the anchor outwards until
    /// the line passes behind the eye, where it is cut just in front of it.
    static func screenPath(_ line: SDFLineLabel, _ view: PitchedLabelPlacement) -> (path: [Double], segment: Int)? {
        let count = line.path.count / 2
        guard count >= 2, line.segment >= 0, line.segment + 1 < count else { return nil }
        let nearest = view.cameraToCenterDistance * 0.01
        let anchor = view.ground(line.anchor)
        func walk(from start: Int, by step: Int) -> [(x: Double, y: Double)] {
            var points: [(x: Double, y: Double)] = []
            var previous = anchor
            var i = start
            while i >= 0 && i < count {
                let point = view.ground((line.path[2 * i], line.path[2 * i + 1]))
                let d = view.depth(point)
                if d > nearest {
                    points.append(view.screenPoint(point))
                    previous = point
                    i += step
                    continue
                }
                // Cut where the segment comes within `nearest` of the eye (depth is linear on the ground).
                let d0 = view.depth(previous)
                let t = d0 > d ? (d0 - nearest) / (d0 - d) : 0
                points.append(view.screenPoint((previous.x + (point.x - previous.x) * t, previous.y + (point.y - previous.y) * t)))
                break
            }
            return points
        }
        let back = walk(from: line.segment, by: -1), forward = walk(from: line.segment + 1, by: 1)
        guard !back.isEmpty, !forward.isEmpty else { return nil }
        var path: [Double] = []
        path.reserveCapacity(2 * (back.count + forward.count))
        for point in back.reversed() + forward {
            path.append(point.x)
            path.append(point.y)
        }
        return (path, back.count - 1)
    }
}
