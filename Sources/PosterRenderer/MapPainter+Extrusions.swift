import Canvas
import Foundation

extension MapPainter {
    /// Draws a fill-extrusion layer's tops as MapLibre's depth-tested passes leave them: where tops overlap
    /// only the nearest shows (``PreparedExtrusions`` orders them so it comes last and replaces the rest), and
    /// the layer's opacity is applied to the result as a whole. Triangles are not antialiased, nor are these.
    ///
    /// `depth` is the depth buffer the prisms of earlier extrusion layers left (nil before the first);
    /// `keepDepth` says whether a later extrusion layer needs this one's.
    func drawExtrusions(_ layer: PreparedExtrusions, _ context: DrawingContext, _ visible: PixelRect,
                        _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?, depth: inout [Float]?, keepDepth: Bool) {
        guard !layer.roofs.isEmpty, layer.opacity > 0 else { return }
        if layer.drawsWalls, let pixelClip, let image = context.targetImage {
            drawPrisms(layer, context, visible, image, pixelClip, depth: &depth, keepDepth: keepDepth)
            return
        }
        context.save()
        defer { context.restore() }
        let visible = apply(layer.translate, context, visible)
        let area = visible.insetBy(-2)
        // Opaque tops over each other need no group: the last drawn is the one seen.
        let grouped = layer.opacity < 1 || layer.roofs.contains { $0.pattern != nil }
        if grouped { context.pushGroup() }
        context.setAntialias(false)
        context.setFillRule(.nonZero)
        context.setReplacing(true)
        for roof in layer.roofs where roof.piece.bounds.intersects(area) {
            guard addPaths([roof.piece], context, area) else { continue }
            if let pattern = roof.pattern {
                context.setRepeatingSource(pattern.image, transform: pattern.transform)
            } else {
                context.setColor(roof.color)
            }
            context.fill()
        }
        context.setReplacing(false)
        context.setAntialias(true)
        if grouped { context.popGroupToSourceAndPaint(alpha: layer.opacity) }
    }
}

extension MapPainter {
    /// MapLibre's field of view (36.87°): the camera is `0.5 / tan(fov / 2)` map heights above the centre.
    static let fieldOfView = 0.6435011087932844

    /// Draws a fill-extrusion layer's prisms in perspective, as MapLibre's camera sees them from straight
    /// above the map's centre: tops and walls, the nearest of each pixel kept, then blended at the layer's
    /// opacity.
    private func drawPrisms(_ layer: PreparedExtrusions, _ context: DrawingContext, _ visible: PixelRect, _ image: ImageSurface,
                            _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int), depth: inout [Float]?, keepDepth: Bool) {
        guard let lighting = layer.lighting else { return }
        context.save()
        let centre = (x: (frame.minX + frame.maxX) / 2, y: (frame.minY + frame.maxY) / 2)
        let screenCentre = context.currentTransform.apply(x: centre.x, y: centre.y)
        let area = apply(layer.translate, context, visible).insetBy(-2)
        let matrix = context.currentTransform
        context.restore()
        let projection: PrismProjection
        if let view = perspective, var tilted = view.prisms {
            // Through the tilted camera: the output's middle in device pixels, the layer's translation on the
            // flat ground (the context holds it after the drawing's own map).
            tilted.screenMiddle = view.device.apply(x: tilted.screenMiddle.x, y: tilted.screenMiddle.y)
            if let start = view.device.inverted {
                let layerMap = start.concatenating(matrix)
                tilted.shift = (layerMap.x0, layerMap.y0)
            }
            projection = PrismProjection(.tilted(tilted))
        } else {
            let distance = 0.5 / tan(Self.fieldOfView / 2) * frame.height
            projection = PrismProjection(.overhead(.init(ground: matrix, center: screenCentre, distance: distance)))
        }
        let given = depth
        depth = nil
        // The prisms the area may show, each with the device rows its projected corners span.
        var prisms: [(roof: PreparedExtrusions.Roof, bottom: Double, top: Double, rows: ClosedRange<Int>)] = []
        for roof in layer.roofs {
            let bottom = roof.base * layer.pixelsPerMetre, top = roof.height * layer.pixelsPerMetre
            let b = roof.piece.bounds
            if let k = projection.overheadScale(z: max(top, bottom)) {
                // Raised points move away from the centre: the prism lies between its footprint and the
                // footprint scaled by its top's factor.
                let raised = PixelRect(minX: centre.x + (b.minX - centre.x) * k, minY: centre.y + (b.minY - centre.y) * k,
                                       maxX: centre.x + (b.maxX - centre.x) * k, maxY: centre.y + (b.maxY - centre.y) * k)
                guard b.union(raised).intersects(area) else { continue }
            } else if perspective == nil {
                continue
            } else {
                // Tilted: footprints on the ground the output sees (the preparer kept only those nearby).
                guard b.intersects(area) else { continue }
            }
            guard let rows = Self.projectedRows(roof.piece, bottom: bottom, top: top, projection),
                  rows.upperBound >= pixelClip.minY, rows.lowerBound < pixelClip.maxY else { continue }
            prisms.append((roof, bottom, top, rows))
        }
        guard !prisms.isEmpty else {
            depth = keepDepth ? given : nil
            return
        }
        // The area is drawn a chunk of rows at a time, with buffers of a few megabytes reused for each
        // (depth, colour and coverage per pixel would be 9 bytes for every pixel of the band otherwise).
        // Every pixel still sees every fragment in the same order, so chunks change nothing in the image.
        let width = max(pixelClip.maxX - pixelClip.minX, 1), pixelCount = width * max(pixelClip.maxY - pixelClip.minY, 0)
        let earlier = given?.count == pixelCount ? given : nil
        let chunkRows = max(16, Self.prismChunkPixels / width)
        var kept: [Float]? = keepDepth ? earlier ?? [Float](repeating: 0, count: pixelCount) : nil
        var rasterizer = PrismRasterizer(projection: projection, clip: (pixelClip.minX, pixelClip.minY, pixelClip.maxX, pixelClip.minY),
                                         firstWins: layer.opacity < 1)
        var patterns: [String: PrismPattern] = [:]
        let stride = image.stride
        for chunkTop in Swift.stride(from: pixelClip.minY, to: pixelClip.maxY, by: chunkRows) {
            let chunkBottom = min(chunkTop + chunkRows, pixelClip.maxY)
            let rows = (chunkTop - pixelClip.minY) * width..<(chunkBottom - pixelClip.minY) * width
            let before = kept ?? earlier
            rasterizer.reset(clip: (pixelClip.minX, chunkTop, pixelClip.maxX, chunkBottom), depth: before?[rows])
            for prism in prisms where prism.rows.lowerBound < chunkBottom && prism.rows.upperBound >= chunkTop {
                if let pattern = prism.roof.pattern {
                    if patterns[pattern.name] == nil { patterns[pattern.name] = PrismPattern(pattern.image) }
                    rasterizer.pattern = patterns[pattern.name]
                } else {
                    rasterizer.pattern = nil
                }
                drawPrism(prism.roof, bottom: prism.bottom, top: prism.top, lighting, verticalGradient: layer.verticalGradient,
                          into: &rasterizer)
            }
            image.withMutablePixels { pixels in
                rasterizer.composite(opacity: layer.opacity, into: pixels, stride: stride)
            }
            if kept != nil {
                let chunkDepth = rasterizer.clipDepth
                kept!.replaceSubrange(rows, with: chunkDepth)
            }
        }
        depth = kept
    }

    /// Pixels of the chunks prisms are drawn in: about 1.2 MB of buffers at 9 bytes a pixel, each slice's
    /// fresh memory (a quarter of what chunks of 2^19 pixels took, 7 ms less CPU on osm-liberty 2400x3600).
    static let prismChunkPixels = 1 << 17

    /// The device rows a prism's corners (its rings at its base and at its top) are projected to, or nil when
    /// none is in front of the camera. Its faces lie within them: straight edges stay straight in perspective.
    private static func projectedRows(_ piece: PathPiece, bottom: Double, top: Double, _ projection: PrismProjection) -> ClosedRange<Int>? {
        var minY = Double.infinity, maxY = -Double.infinity
        piece.coordinates.withUnsafeBufferPointer { c in
            for i in 0..<(c.count / 2) {
                let x = Double(c[2 * i]), y = Double(c[2 * i + 1])
                if let p = projection.project(x: x, y: y, z: bottom) {
                    minY = min(minY, p.y)
                    maxY = max(maxY, p.y)
                }
                if let p = projection.project(x: x, y: y, z: top) {
                    minY = min(minY, p.y)
                    maxY = max(maxY, p.y)
                }
            }
        }
        guard minY <= maxY, minY.isFinite, maxY.isFinite else { return nil }
        let low = max(minY.rounded(.down) - 1, -1e9), high = min(maxY.rounded(.up) + 1, 1e9)
        return Int(low)...Int(high)
    }

    /// One feature's walls (each ring edge but those along the tile's cut, as MapLibre leaves those to the
    /// next tile) and its top.
    private func drawPrism(_ roof: PreparedExtrusions.Roof, bottom: Double, top: Double, _ lighting: ExtrusionLighting,
                           verticalGradient: Bool, into rasterizer: inout PrismRasterizer) {
        let pattern = roof.pattern
        // A patterned top is its image times the pattern shader's light; a plain one its lit colour.
        let topColor = pattern != nil ? lighting.patternTint : (r: roof.color.red, g: roof.color.green, b: roof.color.blue)
        // A patterned wall's image runs along the ring (MapLibre's edge distance, in display pixels at the tile
        // zoom) from its tile's corner, and up by the height factor.
        let alongScale = pattern?.transform.xx ?? 0
        func wallLight(_ normal: (x: Double, y: Double), top: Bool) -> (r: Double, g: Double, b: Double) {
            pattern != nil
                ? lighting.patternWallTint(normal: normal, top: top, base: roof.base, height: roof.height, verticalGradient: verticalGradient)
                : lighting.wallColor(roof.styleColor, normal: normal, top: top, base: roof.base, height: roof.height,
                                     verticalGradient: verticalGradient)
        }
        var topRings: [[PrismRasterizer.Corner]] = []
        roof.piece.coordinates.withUnsafeBufferPointer { c in
            roof.piece.forEachPart { range in
                let n = range.count
                guard n >= 3 else { return }
                var ring: [PrismRasterizer.Corner] = []
                ring.reserveCapacity(n)
                var edgeDistance = 0.0
                for k in 0..<n {
                    let i = range.lowerBound + k, j = range.lowerBound + (k + 1) % n
                    let x0 = Double(c[2 * i]), y0 = Double(c[2 * i + 1]), x1 = Double(c[2 * j]), y1 = Double(c[2 * j + 1])
                    if var corner = rasterizer.project(x: x0, y: y0, z: top, color: topColor) {
                        if let pattern { (corner.u, corner.v) = pattern.transform.apply(x: x0, y: y0) }
                        ring.append(corner)
                    }
                    guard top != bottom else { continue }
                    if let cut = roof.piece.cutRect, Self.alongEdge(of: cut, x0, y0, x1, y1) { continue }
                    if pattern != nil, roof.tileGrid.isAlongTileEdge(x0, y0, x1, y1) { continue }
                    let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
                    guard length > 0 else { continue }
                    // MapLibre's perp of (p1 − p2) for the edge from p2 = this vertex to p1 = the next.
                    let normal = (x: -(y1 - y0) / length, y: (x1 - x0) / length)
                    let foot = wallLight(normal, top: false), head = wallLight(normal, top: true)
                    guard var a0 = rasterizer.project(x: x0, y: y0, z: bottom, color: foot),
                          var a1 = rasterizer.project(x: x0, y: y0, z: top, color: head),
                          var b0 = rasterizer.project(x: x1, y: y1, z: bottom, color: foot),
                          var b1 = rasterizer.project(x: x1, y: y1, z: top, color: head) else { continue }
                    if let pattern {
                        // MapLibre gives p1 (the next vertex) the distance so far and p2 (this one) the distance past
                        // the edge.
                        let corner = roof.tileGrid.tileCorner(x0, y0, x1, y1)
                        let origin = pattern.transform.apply(x: corner.x, y: corner.y)
                        let near = origin.x + edgeDistance * alongScale, far = origin.x + (edgeDistance + length) * alongScale
                        let low = origin.y - roof.base * roof.patternPixelsPerMetre, high = origin.y - roof.height * roof.patternPixelsPerMetre
                        (a0.u, a0.v) = (far, low)
                        (a1.u, a1.v) = (far, high)
                        (b0.u, b0.v) = (near, low)
                        (b1.u, b1.v) = (near, high)
                        edgeDistance += length
                    }
                    // MapLibre culls back faces (rings wound as the vector tile spec has them, the filled side
                    // on the right): a wall seen from behind is not drawn. Behind its roof it would lose every
                    // depth test anyway, but for a stray pixel at a corner; the cull halves the walls drawn.
                    let turn = (b0.x - a0.x) * (a1.y - a0.y) - (b0.y - a0.y) * (a1.x - a0.x)
                    if turn < 0 { continue }
                    rasterizer.drawTriangle(a0, b0, a1)
                    rasterizer.drawTriangle(a1, b0, b1)
                }
                if ring.count >= 3 { topRings.append(ring) }
            }
        }
        rasterizer.drawFace(PrismRasterizer.Face(rings: topRings), color: topColor)
    }
}
