import Canvas

extension MapPainter {
    /// Draws a fill layer. On a raster target it is drawn as MapLibre draws it: the inside of each feature
    /// without antialiasing (a pixel belongs to a polygon by its centre), translucent features one by one so
    /// that where they overlap they blend twice; then, with `fill-antialias`, every edge as a one-pixel
    /// outline (``FillOutlineRasterizer``) in `fill-outline-color` or the fill's colour. A layer in MapLibre's
    /// opaque pass without an outline colour has its outline under its own fill (the depth test keeps it
    /// outside), and the heatmaps below it are drawn again over its fill, as MapLibre's heatmap pass ignores
    /// depth. Vector targets and flat maps' patterns are drawn with cairo's antialiasing; on a pitched view
    /// a pattern is textured onto the inside through the projection, pixel by pixel, and its edges are not
    /// antialiased (MapLibre's pattern outline is left out).
    func drawFillLayer(_ groups: [PaintGroup<FillPaint>], _ context: DrawingContext, _ visible: PixelRect,
                       _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)?, heatmapsBelow: [HeatmapImage]) {
        guard let pixelClip, let image = context.targetImage,
              perspective != nil || !groups.contains(where: { $0.paint.pattern != nil }) else {
            for group in groups {
                drawFill(group, context, visible)
                if group.paint.opaquePass { drawHeatmaps(heatmapsBelow, over: group, context, visible) }
            }
            return
        }
        let outlineUnder = groups.allSatisfy { $0.paint.opaquePass && $0.paint.outlineColor == nil }
        if outlineUnder { drawOutlines(groups, context, visible, image, pixelClip) }
        for group in groups {
            drawInside(group, context, visible, image, pixelClip)
            if group.paint.opaquePass { drawHeatmaps(heatmapsBelow, over: group, context, visible) }
        }
        if !outlineUnder { drawOutlines(groups, context, visible, image, pixelClip) }
    }

    /// The inside of a group's features, without antialiasing, blended straight into the target's pixels
    /// (``FillInsideRasterizer``); translucent ones one by one.
    private func drawInside(_ group: PaintGroup<FillPaint>, _ context: DrawingContext, _ visible: PixelRect, _ image: ImageSurface,
                            _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)) {
        guard group.paint.color.alpha > 0 else { return }
        context.save()
        let area = apply(group.paint.translate, context, visible).insetBy(-2)
        let rasterizer = FillInsideRasterizer(matrix: rasterMatrix(context), clip: pixelClip)
        context.restore()
        let pieces = frontClipped(group.pieces, rasterizer.matrix)
        let stride = image.stride
        if let pattern = group.paint.pattern {
            let texture = PrismPattern(pattern.image)
            image.withMutablePixels { pixels in
                rasterizer.fill(pieces, pattern: texture, userToImage: pattern.transform, opacity: group.paint.color.alpha,
                                area: area, into: pixels, stride: stride)
            }
            return
        }
        image.withMutablePixels { pixels in
            rasterizer.fill(pieces, color: group.paint.color, area: area, into: pixels, stride: stride)
        }
    }

    /// The one-pixel outlines of every group with `fill-antialias`, blended straight into the target's pixels.
    private func drawOutlines(_ groups: [PaintGroup<FillPaint>], _ context: DrawingContext, _ visible: PixelRect, _ image: ImageSurface,
                              _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)) {
        for group in groups where group.paint.antialias && group.paint.pattern == nil {
            let color = group.paint.outlineColor ?? group.paint.color
            guard color.alpha > 0 else { continue }
            context.save()
            let area = apply(group.paint.translate, context, visible).insetBy(-2)
            let rasterizer = FillOutlineRasterizer(matrix: rasterMatrix(context), clip: pixelClip)
            context.restore()
            let pieces = frontClipped(group.pieces, rasterizer.matrix)
            let stride = image.stride
            image.withMutablePixels { pixels in
                rasterizer.draw(pieces, color: color, area: area, into: pixels, stride: stride)
            }
        }
    }

    /// Paints `heatmaps` again inside a group's features (whole pixels, as their fill covers them).
    private func drawHeatmaps(_ heatmaps: [HeatmapImage], over group: PaintGroup<FillPaint>, _ context: DrawingContext, _ visible: PixelRect) {
        guard !heatmaps.isEmpty else { return }
        context.save()
        defer { context.restore() }
        let area = apply(group.paint.translate, context, visible).insetBy(-2)
        context.setAntialias(false)
        context.setFillRule(.nonZero)
        guard addPaths(group.pieces, context, area) else { return }
        context.clip()
        context.setAntialias(true)
        for heatmap in heatmaps { draw(heatmap, context) }
    }
}
