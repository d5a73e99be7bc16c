import Canvas
import Foundation

extension MapPainter {
    /// A heatmap coloured for the screen: where its top-left pixel lies on the (unturned) poster.
    struct HeatmapImage {
        let image: ImageSurface
        let x: Int
        let y: Int
    }

    /// Colours a heatmap as MapLibre does: the kernels summed into a density surface at a quarter of the
    /// device resolution (``HeatmapDensity``), then every pixel coloured by the ramp at the bilinearly sampled
    /// density, at the layer's opacity. The surface lies on the screen: the result is not turned with the map.
    /// Nil when nothing shows in `screen`.
    func heatmapImage(_ heatmap: PreparedHeatmap, _ screen: PixelRect) -> HeatmapImage? {
        if let perspective { return pitchedHeatmapImage(heatmap, screen, perspective) }
        let angle = -bearing * .pi / 180
        let cx = (frame.minX + frame.maxX) / 2, cy = (frame.minY + frame.maxY) / 2
        let (c, s) = (cos(angle), sin(angle))
        // The kernels where they show on the screen, and the area they reach.
        var kernels = heatmap.kernels
        var reached = PixelRect.empty
        for k in kernels.indices {
            let dx = kernels[k].x - cx, dy = kernels[k].y - cy
            kernels[k].x = cx + dx * c - dy * s
            kernels[k].y = cy + dx * s + dy * c
            let extent = kernels[k].reach * (abs(c) + abs(s))
            reached.include(x: kernels[k].x - extent, y: kernels[k].y - extent)
            reached.include(x: kernels[k].x + extent, y: kernels[k].y + extent)
        }
        var area = frame.intersection(screen)
        // MapLibre colours the whole frame, density or not: only a ramp transparent at 0 leaves the rest alone.
        if heatmap.ramp.sample(0).a == 0 {
            // A pixel a cell beyond the kernels still samples the cells they reach.
            area = area.intersection(reached.insetBy(-8))
        }
        // Bounded before they become integers: an empty area's edges are infinite.
        func pixel(_ v: Double, _ rule: FloatingPointRoundingRule) -> Int { v.isNaN ? 0 : Int(min(max(v, -1e9), 1e9).rounded(rule)) }
        let x0 = pixel(area.minX, .down), y0 = pixel(area.minY, .down), x1 = pixel(area.maxX, .up), y1 = pixel(area.maxY, .up)
        guard x1 > x0, y1 > y0, x1 - x0 <= ImageSurface.maximumSide, y1 - y0 <= ImageSurface.maximumSide,
              var density = HeatmapDensity(frame: frame, area: PixelRect(minX: Double(x0), minY: Double(y0), maxX: Double(x1), maxY: Double(y1))),
              let image = try? ImageSurface(width: x1 - x0, height: y1 - y0) else { return nil }
        for kernel in kernels {
            density.add(x: kernel.x, y: kernel.y, radius: kernel.radius, strength: kernel.strength, reach: kernel.reach, angle: angle)
        }
        colour(image, originX: x0, originY: y0, density: density, ramp: heatmap.ramp, opacity: heatmap.opacity)
        return HeatmapImage(image: image, x: x0, y: y0)
    }

    /// A heatmap on a pitched view: its kernels lie on the ground (see ``HeatmapDensity/addOnGround``), the
    /// density grid and the colours on the output.
    private func pitchedHeatmapImage(_ heatmap: PreparedHeatmap, _ screen: PixelRect, _ perspective: PitchedView) -> HeatmapImage? {
        guard let inverse = perspective.groundToScreen.inverted else { return nil }
        var area = frame.intersection(screen)
        area.minY = max(area.minY, Double(perspective.firstGroundRow))
        func pixel(_ v: Double, _ rule: FloatingPointRoundingRule) -> Int { v.isNaN ? 0 : Int(min(max(v, -1e9), 1e9).rounded(rule)) }
        let x0 = pixel(area.minX, .down), y0 = pixel(area.minY, .down), x1 = pixel(area.maxX, .up), y1 = pixel(area.maxY, .up)
        guard x1 > x0, y1 > y0, x1 - x0 <= ImageSurface.maximumSide, y1 - y0 <= ImageSurface.maximumSide,
              var density = HeatmapDensity(frame: frame, area: PixelRect(minX: Double(x0), minY: Double(y0), maxX: Double(x1), maxY: Double(y1))),
              let image = try? ImageSurface(width: x1 - x0, height: y1 - y0) else { return nil }
        for kernel in heatmap.kernels where perspective.flatArea.insetBy(-kernel.reach).intersects(
            PixelRect(minX: kernel.x, minY: kernel.y, maxX: kernel.x, maxY: kernel.y)) {
            density.addOnGround(x: kernel.x, y: kernel.y, radius: kernel.radius, strength: kernel.strength, reach: kernel.reach,
                                groundToScreen: perspective.groundToScreen, screenToGround: inverse)
        }
        colour(image, originX: x0, originY: y0, density: density, ramp: heatmap.ramp, opacity: heatmap.opacity)
        return HeatmapImage(image: image, x: x0, y: y0)
    }

    /// Paints a coloured heatmap onto the screen (the map's turn undone) within the current clip.
    func draw(_ heatmap: HeatmapImage, _ context: DrawingContext) {
        context.save()
        defer { context.restore() }
        // A pitched view's heatmap is on the output already, and the context was never turned.
        if perspective == nil && bearing.truncatingRemainder(dividingBy: 360) != 0 {
            let cx = (frame.minX + frame.maxX) / 2, cy = (frame.minY + frame.maxY) / 2
            context.translate(x: cx, y: cy)
            context.rotate(radians: bearing * .pi / 180)
            context.translate(x: -cx, y: -cy)
        }
        context.drawImage(heatmap.image, x: Double(heatmap.x), y: Double(heatmap.y), width: Double(heatmap.image.width),
                          height: Double(heatmap.image.height), opacity: 1, nearest: true)
    }

    /// Fills `image` (whose top-left pixel is poster pixel `originX`, `originY`) with the ramp's colour at
    /// each pixel centre's density, premultiplied, times `opacity`.
    private func colour(_ image: ImageSurface, originX: Int, originY: Int, density: HeatmapDensity, ramp: ColorRamp, opacity: Double) {
        let stride = image.stride
        let width = image.width, height = image.height
        image.withMutablePixels { pixels in
            for row in 0..<height {
                let y = Double(originY + row) + 0.5
                for column in 0..<width {
                    let t = density.sample(x: Double(originX + column) + 0.5, y: y)
                    let color = ramp.sample(t)
                    func byte(_ v: Double) -> UInt32 { UInt32(min(max(v * opacity * 255, 0), 255).rounded()) }
                    let a = byte(color.a)
                    // Premultiplied channels never exceed alpha, whatever rounding did.
                    let word = a << 24 | min(byte(color.r), a) << 16 | min(byte(color.g), a) << 8 | min(byte(color.b), a)
                    pixels.storeBytes(of: word, toByteOffset: row * stride + column * 4, as: UInt32.self)
                }
            }
        }
    }
}
