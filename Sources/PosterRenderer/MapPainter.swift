import Canvas
import Foundation

/// Draws prepared layers into a drawing context. It is handed geometry in the poster's pixel space before
/// rotation, turns it by the bearing about the frame's centre, and only culls what lies outside the area
/// being drawn (a band, or the whole poster).
struct MapPainter {
    /// The map's frame on the poster.
    let frame: PixelRect
    /// Degrees clockwise from north that point up (the map turns anticlockwise by this much).
    var bearing: Double = 0
    /// A pitched map view: how geometry laid out flat (no bearing, no pitch) lands on the output, the flat
    /// area to draw, the first output row that shows ground, and how near the eye geometry may come.
    /// Nil for flat maps, which cairo turns by the bearing.
    var perspective: PitchedView? = nil
    /// Glyph halos stroked once and painted for every label that uses them, shared by the render's slices.
    let glyphHalos = GlyphHaloCache()
    /// The halo cache. On a pitched view too: there labels are set at a few quantised perspective scales
    /// (``PitchedLabelPlacement/quantisedScale(_:)``), so that their glyphs repeat at one size.
    var haloCache: GlyphHaloCache? { glyphHalos }
    /// Outlines of glyphs drawn turned (along lines, on a pitched ground), shared by the render's slices.
    let glyphOutlines = GlyphOutlineCache()

    /// The projection of a pitched map view (see ``MapPainter/perspective``).
    struct PitchedView {
        /// Flat layout → output device pixels.
        var groundToScreen: DeviceTransform
        /// The flat layout's area that reaches the output.
        var flatArea: PixelRect
        /// Output rows above this show no ground (MapLibre's far plane).
        var firstGroundRow: Int
        /// Geometry nearer the eye than this depth (device px) is cut away before it is projected.
        var minimumDepth: Double
        /// Extrusions' corners through the same camera, heights included.
        var prisms: PrismProjection.Tilted? = nil
        /// User space (the output the view was laid out for) to the target's device pixels, as the context
        /// maps it when drawing starts: a poster's band moves the output up.
        var device = DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 1, x0: 0, y0: 0)

        /// Flat layout → device pixels.
        var groundToDevice: DeviceTransform { device.concatenating(groundToScreen) }
        /// The first ground row in device pixels.
        var firstGroundDeviceRow: Int { firstGroundRow + Int(device.y0.rounded()) }
    }

    /// Draws `layers` for the device-pixel area `visible` (geometry outside it is skipped).
    func draw(_ layers: [PreparedLayer], in context: DrawingContext, visible: PixelRect) {
        if var view = perspective {
            // A pitched view is projected onto the output; the context's own map (a poster band's offset)
            // comes after the projection, not before.
            view.device = context.currentTransform
            var painter = self
            painter.perspective = view
            painter.drawLayers(layers, in: context, visible: visible)
        } else {
            drawLayers(layers, in: context, visible: visible)
        }
    }

    /// The pixels that `layers` paint opaque before anything else, on a raster target drawn at device
    /// pixels (a poster band): the frame's whole pixels under an opaque background on a flat map. Whatever
    /// was under them is painted over, so the paper need not be painted there.
    func opaqueCover(_ layers: [PreparedLayer]) -> PixelBox? {
        guard perspective == nil, case .background(let color)? = layers.first, color.alpha >= 1 else { return nil }
        return PixelBox(inside: frame)
    }

    private func drawLayers(_ layers: [PreparedLayer], in context: DrawingContext, visible: PixelRect) {
        context.save()
        context.rectangle(x: frame.minX, y: frame.minY, width: frame.width, height: frame.height)
        context.clip()
        let pixelClip = context.targetImage.map { deviceClip(of: frame, context, $0) }
        let screen = visible
        let visible = perspective?.flatArea ?? turn(context, visible)
        // Flattening round joins and caps finer than a tenth of a pixel is invisible work.
        context.setTolerance(0.2)
        // Heatmaps drawn so far: MapLibre draws them over the opaque fills of layers above too.
        var heatmaps: [HeatmapImage] = []
        // MapLibre's extrusion layers share one depth buffer: a later layer's faces behind an earlier
        // layer's stay hidden.
        var extrusionDepth: [Float]?
        let lastExtrusion = layers.lastIndex { if case .extrusions = $0 { true } else { false } }
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .background(let color):
                context.setColor(color)
                if let perspective, Double(perspective.firstGroundRow) > frame.minY {
                    // Nothing is drawn beyond the far plane, the background included.
                    context.save()
                    context.rectangle(x: frame.minX, y: Double(perspective.firstGroundRow), width: frame.width, height: frame.maxY)
                    context.clip()
                    context.paint()
                    context.restore()
                } else {
                    context.paint()
                }
            case .symbols(_, let labels):
                drawLabels(labels, context, screen, pixelClip)
            case .backgroundPattern(let pattern, let opacity) where perspective != nil:
                drawPitchedPattern(pattern, opacity: opacity, context, pixelClip)
            case .backgroundPattern(let pattern, let opacity):
                context.setRepeatingSource(pattern.image, transform: pattern.transform)
                context.paint(alpha: opacity)
            case .fill(_, let groups):
                // On a pitched view heatmaps are not drawn again over opaque fills (their clip would need
                // the projection): an approximation where a heatmap lies under an opaque fill.
                drawFillLayer(groups, context, visible, pixelClip, heatmapsBelow: perspective == nil ? heatmaps : [])
            case .line(_, let groups):
                for group in groups { drawLine(group, context, visible, pixelClip) }
            case .circles(_, let circles) where perspective != nil:
                drawPitchedCircles(circles, context, screen, pixelClip)
            case .circles(_, let circles):
                drawCircles(circles, context, visible, pixelClip)
            case .heatmap(_, let heatmap):
                if let image = heatmapImage(heatmap, screen) {
                    draw(image, context)
                    heatmaps.append(image)
                }
            case .extrusions(_, let extrusions):
                drawExtrusions(extrusions, context, visible, pixelClip, depth: &extrusionDepth,
                               keepDepth: lastExtrusion.map { index < $0 } ?? false)
            case .image(_, let corners, let image, let opacity, let nearest) where perspective != nil:
                drawPitchedPicture(image, corners: corners, opacity: opacity, nearest: nearest, context, pixelClip)
            case .image(_, let corners, let image, let opacity, let nearest):
                context.drawImage(image, corners: corners, opacity: opacity, nearest: nearest)
            case .raster(_, let tiles, let opacity, let nearest) where perspective != nil:
                drawPitchedRaster(tiles, opacity: opacity, nearest: nearest, context, pixelClip)
            case .raster(_, let tiles, let opacity, let nearest):
                for tile in tiles where tile.rect.intersects(visible) {
                    context.save()
                    if !tile.holes.isEmpty {
                        // The tile's rectangle less its holes (even-odd), on whole pixels.
                        context.setAntialias(false)
                        context.setFillRule(.evenOdd)
                        context.rectangle(x: tile.rect.minX, y: tile.rect.minY, width: tile.rect.width, height: tile.rect.height)
                        for hole in tile.holes { context.rectangle(x: hole.minX, y: hole.minY, width: hole.width, height: hole.height) }
                        context.clip()
                        context.setAntialias(true)
                    }
                    context.drawImage(tile.image, x: tile.rect.minX, y: tile.rect.minY, width: tile.rect.width, height: tile.rect.height,
                                      opacity: opacity, nearest: nearest)
                    context.restore()
                }
            }
        }
        context.restore()
    }

    /// Moves the drawing by a layer's translation: in the map's turned space for `map`, on the screen for
    /// `viewport`. Returns the area to draw, moved back by the same offset.
    func apply(_ translation: Translation, _ context: DrawingContext, _ visible: PixelRect) -> PixelRect {
        guard !translation.isNone else { return visible }
        let (dx, dy) = translation.mapOffset(bearing: bearing)
        context.translate(x: dx, y: dy)
        return PixelRect(minX: visible.minX - dx, minY: visible.minY - dy, maxX: visible.maxX - dx, maxY: visible.maxY - dy)
    }

    func drawFill(_ group: PaintGroup<FillPaint>, _ context: DrawingContext, _ visible: PixelRect) {
        // MapLibre blends every triangle it draws, so translucent features that overlap show the overlap
        // darker: each feature is filled on its own. Opaque ones look the same either way, and go in one fill.
        if group.paint.color.alpha < 1 && group.pieces.count > 1 && group.wholeFeatures {
            for piece in group.pieces { drawFill(PaintGroup(paint: group.paint, pieces: [piece]), context, visible) }
            return
        }
        context.save()
        defer { context.restore() }
        let visible = apply(group.paint.translate, context, visible)
        guard addPaths(group.pieces, context, visible.insetBy(-2)) else { return }
        context.setFillRule(.nonZero)
        context.setAntialias(group.paint.antialias)
        if let pattern = group.paint.pattern {
            context.clip()
            context.setRepeatingSource(pattern.image, transform: pattern.transform)
            context.paint(alpha: group.paint.color.alpha)
            context.setAntialias(true)
            return
        }
        context.setColor(group.paint.color)
        if let outline = group.paint.outlineColor {
            context.fillPreserve()
            context.setColor(outline)
            context.setLineWidth(1)
            context.setDash([])
            context.stroke()
        } else if group.paint.antialias && group.paint.color.alpha < 1 {
            // MapLibre antialiases a fill by stroking its edges, one device pixel wide, in the fill's own colour
            // and opacity: a translucent fill's edges, and the walls two buildings share, come out darker.
            context.fill()
            addOutlines(group.pieces, context, visible.insetBy(-2))
            let m = context.currentTransform
            context.setLineWidth(1 / max(hypot(m.xx, m.yx), 1e-9))
            // Bevels and butt ends keep the stroke within half a pixel of the edges, as MapLibre's lines are.
            context.setLineJoin(.bevel)
            context.setLineCap(.butt)
            context.setDash([])
            context.stroke()
        } else {
            context.fill()
        }
        context.setAntialias(true)
    }

    /// The whole device pixels of `frame` (those whose centres it holds) on `image`.
    private func deviceClip(of frame: PixelRect, _ context: DrawingContext, _ image: ImageSurface) -> (minX: Int, minY: Int, maxX: Int, maxY: Int) {
        let m = context.currentTransform
        let a = m.apply(x: frame.minX, y: frame.minY), b = m.apply(x: frame.maxX, y: frame.maxY)
        func first(_ v: Double) -> Int { Int((v - 0.5).rounded(.up)) }
        return (max(0, first(min(a.x, b.x))), max(0, first(min(a.y, b.y))),
                min(image.width, first(max(a.x, b.x))), min(image.height, first(max(a.y, b.y))))
    }

    private func drawLine(_ group: PaintGroup<LinePaint>, _ context: DrawingContext, _ visible: PixelRect,
                          _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?) {
        let paint = group.paint
        guard paint.width > 0, paint.color.alpha > 0 else { return }
        context.save()
        defer { context.restore() }
        let visible = apply(paint.translate, context, visible)
        if let pixelClip, let image = context.targetImage {
            rasterizeLine(group, rasterMatrix(context), image, pixelClip, visible)
            return
        }
        guard addPaths(group.pieces, context, visible.insetBy(-(paint.width + abs(paint.offset) + 2)), offset: paint.offset) else { return }
        context.setColor(paint.color)
        context.setLineWidth(paint.width)
        context.setLineCap(paint.cap)
        context.setLineJoin(paint.join)
        context.setMiterLimit(paint.miterLimit)
        context.setDash(paint.dashes)
        guard paint.gap > 0 else {
            context.stroke()
            return
        }
        // Casings on both sides of an empty middle: stroke the whole width, then erase the gap, in a group
        // of its own so that only this layer's pixels are erased.
        context.pushGroup()
        context.strokePreserve()
        context.setErasing(true)
        context.setLineWidth(paint.gap)
        context.stroke()
        context.setErasing(false)
        context.popGroupToSourceAndPaint()
    }

    /// Draws a line group on a raster target as MapLibre's line program does: tessellated as its line bucket
    /// tessellates, then shaded pixel by pixel (see ``LineRasterizer``). Vector targets stroke with cairo.
    private func rasterizeLine(_ group: PaintGroup<LinePaint>, _ transform: DeviceTransform, _ image: ImageSurface,
                               _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int), _ visible: PixelRect) {
        let paint = group.paint
        let shader = paint.shader
        let color = paint.color
        var shading = LineShading(red: color.red * color.alpha, green: color.green * color.alpha, blue: color.blue * color.alpha,
                                  alpha: color.alpha, halfWidth: shader.width / 2, halfGap: paint.gap / 2, offset: paint.offset,
                                  blur: shader.blur)
        if let pattern = shader.pattern {
            // MapLibre's line-pattern program: the image spans the line's width and keeps its aspect along
            // it (at the tile zoom); dashes are not drawn.
            let image = LinePatternImage(pattern)
            let period = image.displayWidth * shader.floorWidth / image.displayHeight * shader.tileScale
            shading.pattern = (image, period, shader.opacity)
        } else if let pattern = LineDashPattern(dashes: shader.dashes, round: paint.cap == .round) {
            shading.dash = (pattern, pattern.length * shader.dashUnit, shader.dashGamma)
        }
        let gradient = shader.gradient
        var tessellator = LineTessellator(join: paint.join, cap: paint.cap, miterLimit: paint.miterLimit, roundLimit: shader.roundLimit,
                                          sharpCornerOffset: shader.sharpCornerOffset)
        var rasterizer = LineRasterizer(matrix: transform, clip: pixelClip)
        let reach = shading.outset * 2 + abs(paint.offset) + 2
        let area = visible.insetBy(-reach)
        let stride = image.stride
        image.withMutablePixels { pixels in
            for piece in frontClipped(group.pieces, transform) where piece.bounds.insetBy(-reach).intersects(area) {
                piece.coordinates.withUnsafeBufferPointer { c in
                    piece.forEachPart { range, ends, startDistance in
                        tessellator.addLine(c, range, closed: ends.contains(.ring), cutStart: ends.contains(.cutStart), cutEnd: ends.contains(.cutEnd),
                                            startDistance: startDistance)
                    }
                }
                // Bounded batches keep the vertex buffers small on city-scale posters (a gradient's ramp
                // depends on its longest line, so its lines are drawn in one batch).
                if tessellator.vertices.count > 65_536 && gradient == nil {
                    rasterizer.draw(tessellator, shading: shading, into: pixels, stride: stride)
                    tessellator.reset()
                }
            }
            if let gradient {
                shading.gradient = (gradient.ramp(longestLine: tessellator.longestLine / shader.tilePixels), shader.opacity)
            }
            rasterizer.draw(tessellator, shading: shading, into: pixels, stride: stride)
        }
    }

    /// Draws placed labels, which are already where they print: the map's turn is undone around them. As
    /// MapLibre draws a symbol layer: every icon halo, then every icon, then the text.
    private func drawLabels(_ labels: [PlacedLabel], _ context: DrawingContext, _ screen: PixelRect,
                            _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?) {
        context.save()
        defer { context.restore() }
        // A pitched view never turned the context, and its labels are already on the output.
        if perspective == nil && bearing.truncatingRemainder(dividingBy: 360) != 0 {
            let cx = (frame.minX + frame.maxX) / 2, cy = (frame.minY + frame.maxY) / 2
            context.translate(x: cx, y: cy)
            context.rotate(radians: bearing * .pi / 180)
            context.translate(x: -cx, y: -cy)
        }
        // Icons lying on a pitched view's ground are in the flat layout, culled there and projected.
        let icons = labels.compactMap { label in
            label.icon.flatMap { $0.collisionBox(padding: 0).intersects($0.onGround ? perspective?.flatArea ?? screen : screen) ? $0 : nil }
        }
        if !icons.isEmpty {
            if let pixelClip, let image = context.targetImage {
                let rasterizer = IconRasterizer(matrix: context.currentTransform, clip: pixelClip)
                let groundRasterizer = perspective.map { IconRasterizer(matrix: $0.groundToDevice, clip: pixelClip) }
                let stride = image.stride
                image.withMutablePixels { pixels in
                    for pass in [IconRasterizer.Pass.halo, .fill] {
                        for icon in icons {
                            (icon.onGround ? groundRasterizer ?? rasterizer : rasterizer).draw(icon, pass: pass, into: pixels, stride: stride)
                        }
                    }
                }
            } else {
                for pass in [IconRasterizer.Pass.halo, .fill] {
                    for icon in icons {
                        guard let picture = IconPicture.image(for: icon.style, pass: pass) else { continue }
                        let opacity = icon.style.image.sdf ? 1 : icon.style.opacity
                        for (part, corners) in IconPicture.pieces(of: picture, icon) {
                            context.drawImage(part, corners: corners, opacity: opacity, nearest: false)
                        }
                    }
                }
            }
        }
        // Text set with the style's SDF glyphs: every halo of the layer, then every fill, as MapLibre's
        // passes draw them. Only a raster target has pixels to shade (map views always are).
        let sdfTexts = labels.compactMap(\.sdfText)
        if !sdfTexts.isEmpty, let pixelClip, let image = context.targetImage {
            let rasterizer = SDFTextRasterizer(matrix: context.currentTransform, clip: pixelClip)
            // Text lying on a pitched view's ground is in the flat layout and projected.
            let groundRasterizer = perspective.map { SDFTextRasterizer(matrix: $0.groundToDevice, clip: pixelClip) } ?? rasterizer
            let imageRasterizer = IconRasterizer(matrix: context.currentTransform, clip: pixelClip)
            let stride = image.stride
            image.withMutablePixels { pixels in
                func draw(_ text: PlacedSDFText, _ pass: IconRasterizer.Pass) {
                    (text.onGround ? groundRasterizer : rasterizer).draw(text, pass: pass, into: pixels, stride: stride)
                    // Inline images are drawn plainly in every pass the text has.
                    guard pass == .fill || SDFTextRasterizer.hasHalo(text.paint) else { return }
                    for icon in text.images { imageRasterizer.draw(icon, pass: .fill, into: pixels, stride: stride) }
                }
                for batch in SDFTextRasterizer.batches(sdfTexts) {
                    for text in batch { draw(text, .halo) }
                    for text in batch { draw(text, .fill) }
                }
            }
        }
        for label in labels where !label.glyphs.isEmpty && label.bounds.intersects(screen.insetBy(-label.haloWidth - 2)) {
            if label.haloBlur > 0 && label.haloWidth > 0 {
                // A blurred halo: a wider, fainter ring under the sharp one.
                context.draw(glyphs: label.glyphs, size: label.size, color: RGBAColor(red: 0, green: 0, blue: 0, alpha: 0),
                             haloColor: label.haloColor.withOpacity(0.45), haloWidth: label.haloWidth + label.haloBlur, halos: haloCache,
                             outlines: glyphOutlines)
            }
            context.draw(glyphs: label.glyphs, size: label.size, color: label.color, haloColor: label.haloColor, haloWidth: label.haloWidth,
                         halos: haloCache, outlines: glyphOutlines)
        }
    }

    /// The map from user space to output pixels that the pixel rasterizers project through: cairo's current
    /// transformation, then, on a pitched view, the ground projection.
    func rasterMatrix(_ context: DrawingContext) -> DeviceTransform {
        guard let perspective else { return context.currentTransform }
        // The context maps the device transform of the start of drawing, then what a layer added (its
        // translation on the ground): the projection goes between the two.
        guard let start = perspective.device.inverted else { return perspective.groundToDevice }
        return perspective.groundToDevice.concatenating(start.concatenating(context.currentTransform))
    }

    /// `pieces` less what lies behind a pitched view's eye under `matrix` (flat maps: unchanged).
    func frontClipped(_ pieces: [PathPiece], _ matrix: DeviceTransform) -> [PathPiece] {
        guard let perspective else { return pieces }
        return FrontClipper(matrix: matrix, minimumDepth: perspective.minimumDepth).clip(pieces)
    }

    /// Raster tiles on a pitched view, sampled per output pixel through the inverse projection.
    private func drawPitchedRaster(_ tiles: [RasterTile], opacity: Double, nearest: Bool, _ context: DrawingContext,
                                   _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?) {
        guard let perspective, let pixelClip, let image = context.targetImage,
              let inverse = perspective.groundToDevice.inverted else { return }
        let drawer = PerspectiveRasterDrawer(screenToFlat: inverse, firstRow: perspective.firstGroundDeviceRow, clip: pixelClip)
        let stride = image.stride
        image.withMutablePixels { pixels in
            for tile in tiles where tile.rect.intersects(perspective.flatArea) {
                drawer.draw(tile, opacity: opacity, nearest: nearest, into: pixels, stride: stride)
            }
        }
    }

    /// Circles on a pitched view (see `PitchedMapLayout.projected`): those facing the viewer are on the
    /// output already; those lying on the ground are projected pixel by pixel.
    private func drawPitchedCircles(_ circles: [PlacedCircle], _ context: DrawingContext, _ screen: PixelRect,
                                    _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?) {
        let facing = circles.filter { !$0.liesOnGround }
        if !facing.isEmpty { drawCircles(facing, context, screen, pixelClip) }
        guard facing.count < circles.count, let perspective, let pixelClip, let image = context.targetImage,
              let inverse = perspective.groundToDevice.inverted else { return }
        let rasterizer = GroundCircleRasterizer(groundToScreen: perspective.groundToDevice, screenToGround: inverse,
                                                minimumDepth: perspective.minimumDepth, clip: pixelClip)
        let stride = image.stride
        image.withMutablePixels { pixels in
            for circle in circles where circle.liesOnGround { rasterizer.draw(circle, into: pixels, stride: stride) }
        }
    }

    /// `background-pattern` on a pitched view: the pattern laid on the ground, sampled per output pixel.
    private func drawPitchedPattern(_ pattern: PatternPaint, opacity: Double, _ context: DrawingContext,
                                    _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?) {
        guard let perspective, let pixelClip, let image = context.targetImage,
              let inverse = perspective.groundToDevice.inverted else { return }
        let drawer = PerspectiveRasterDrawer(screenToFlat: inverse, firstRow: perspective.firstGroundDeviceRow, clip: pixelClip)
        let stride = image.stride
        image.withMutablePixels { pixels in
            drawer.drawRepeating(pattern.image, flatToImage: pattern.transform, opacity: opacity, into: pixels, stride: stride)
        }
    }

    /// An image source's picture on a pitched view, sampled per output pixel through the inverse projection.
    private func drawPitchedPicture(_ picture: ImageSurface, corners: [(x: Double, y: Double)], opacity: Double, nearest: Bool,
                                    _ context: DrawingContext, _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?) {
        guard let perspective, let pixelClip, let image = context.targetImage,
              let inverse = perspective.groundToDevice.inverted else { return }
        let drawer = PerspectiveRasterDrawer(screenToFlat: inverse, firstRow: perspective.firstGroundDeviceRow, clip: pixelClip)
        let stride = image.stride
        image.withMutablePixels { pixels in
            drawer.draw(picture, corners: corners, opacity: opacity, nearest: nearest, into: pixels, stride: stride)
        }
    }

    /// Turns the context by the bearing about the frame's centre, and returns the unturned area that
    /// covers `visible` once turned (the bounding box of its corners turned back).
    private func turn(_ context: DrawingContext, _ visible: PixelRect) -> PixelRect {
        guard bearing.truncatingRemainder(dividingBy: 360) != 0 else { return visible }
        let cx = (frame.minX + frame.maxX) / 2, cy = (frame.minY + frame.maxY) / 2
        let angle = -bearing * .pi / 180
        context.translate(x: cx, y: cy)
        context.rotate(radians: angle)
        context.translate(x: -cx, y: -cy)
        let c = cos(angle), s = sin(angle)
        let corners = [(visible.minX, visible.minY), (visible.maxX, visible.minY), (visible.minX, visible.maxY), (visible.maxX, visible.maxY)]
            .map { (x, y) in (cx + (x - cx) * c + (y - cy) * s, cy - (x - cx) * s + (y - cy) * c) }
        return PixelRect(minX: corners.map(\.0).min()!, minY: corners.map(\.1).min()!,
                         maxX: corners.map(\.0).max()!, maxY: corners.map(\.1).max()!)
    }

    /// Adds the parts of every piece that reaches `area` to the current path, moved sideways by `offset`
    /// (lines only). Returns false if none did.
    func addPaths(_ pieces: [PathPiece], _ context: DrawingContext, _ area: PixelRect, offset: Double = 0) -> Bool {
        context.newPath()
        var added = false
        for piece in pieces where piece.bounds.insetBy(-abs(offset)).intersects(area) {
            added = true
            piece.coordinates.withUnsafeBufferPointer { c in
                piece.forEachPart { range in
                    if offset != 0 {
                        addOffsetPart(c, range, closed: piece.closed, offset: offset, context)
                        return
                    }
                    context.move(toX: Double(c[2 * range.lowerBound]), y: Double(c[2 * range.lowerBound + 1]))
                    for i in (range.lowerBound + 1)..<range.upperBound {
                        context.line(toX: Double(c[2 * i]), y: Double(c[2 * i + 1]))
                    }
                    if piece.closed { context.closePath() }
                }
            }
        }
        return added
    }

    /// The rings' edges as open paths, without those along the tile edge a ring was cut at.
    private func addOutlines(_ pieces: [PathPiece], _ context: DrawingContext, _ area: PixelRect) {
        context.newPath()
        for piece in pieces where piece.bounds.intersects(area) {
            piece.coordinates.withUnsafeBufferPointer { c in
                piece.forEachPart { range in
                    let n = range.count
                    var drawing = false
                    for k in 0..<n {
                        let i = range.lowerBound + k, j = range.lowerBound + (k + 1) % n
                        let x0 = Double(c[2 * i]), y0 = Double(c[2 * i + 1]), x1 = Double(c[2 * j]), y1 = Double(c[2 * j + 1])
                        if let cut = piece.cutRect, Self.alongEdge(of: cut, x0, y0, x1, y1) {
                            drawing = false
                            continue
                        }
                        if !drawing { context.move(toX: x0, y: y0) }
                        context.line(toX: x1, y: y1)
                        drawing = true
                    }
                }
            }
        }
    }

    /// Whether a segment lies on one side of `rect` (as the edges a clipped ring gains there do).
    static func alongEdge(of rect: PixelRect, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        // Coordinates went through Float: a few thousandths of a pixel at poster sizes.
        let e = 0.01
        func on(_ v: Double, _ w: Double, _ edge: Double) -> Bool { abs(v - edge) < e && abs(w - edge) < e }
        return on(x0, x1, rect.minX) || on(x0, x1, rect.maxX) || on(y0, y1, rect.minY) || on(y0, y1, rect.maxY)
    }

    /// One line part moved `offset` pixels to its right, as MapLibre extrudes it: every vertex moves along
    /// the bisector of its two segments' normals, far enough that both segments are `offset` away.
    private func addOffsetPart(_ c: UnsafeBufferPointer<Float>, _ range: Range<Int>, closed: Bool, offset: Double, _ context: DrawingContext) {
        var points: [(Double, Double)] = range.map { (Double(c[2 * $0]), Double(c[2 * $0 + 1])) }
        if closed, let first = points.first { points.append(first) }
        guard points.count >= 2 else { return }
        func normal(_ a: (Double, Double), _ b: (Double, Double)) -> (Double, Double)? {
            let dx = b.0 - a.0, dy = b.1 - a.1
            let length = (dx * dx + dy * dy).squareRoot()
            return length > 1e-9 ? (-dy / length, dx / length) : nil
        }
        var normals: [(Double, Double)?] = zip(points, points.dropFirst()).map { normal($0, $1) }
        // Repeated points have no direction of their own: borrow a neighbour's.
        for i in normals.indices where normals[i] == nil { normals[i] = normals[..<i].last { $0 != nil } ?? normals[(i + 1)...].first { $0 != nil } ?? nil }
        for (i, point) in points.enumerated() {
            let before = i > 0 ? normals[i - 1] : nil, after = i < normals.count ? normals[i] : nil
            var n = before ?? after ?? (0, 0)
            if let before, let after {
                let sum = (before.0 + after.0, before.1 + after.1)
                let length = (sum.0 * sum.0 + sum.1 * sum.1).squareRoot()
                if length > 1e-6 {
                    let bisector = (sum.0 / length, sum.1 / length)
                    // Sharp turns are capped so that the moved vertex stays near the line.
                    let scale = 1 / max(bisector.0 * after.0 + bisector.1 * after.1, 0.25)
                    n = (bisector.0 * scale, bisector.1 * scale)
                }
            }
            let x = point.0 + n.0 * offset, y = point.1 + n.1 * offset
            if i == 0 { context.move(toX: x, y: y) } else { context.line(toX: x, y: y) }
        }
    }
}
