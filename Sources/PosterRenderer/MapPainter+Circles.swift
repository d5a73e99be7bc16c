import Canvas

extension MapPainter {
    /// Draws circle-layer discs as MapLibre's circle shader does: the disc in its colour, the ring from the
    /// radius outwards in the stroke colour, and with `circle-blur` the outer edge fading over that fraction
    /// of the whole radius.
    func drawCircles(_ circles: [PlacedCircle], _ context: DrawingContext, _ visible: PixelRect,
                     _ pixelClip: (minX: Int, minY: Int, maxX: Int, maxY: Int)? = nil) {
        // On a raster target, pixel by pixel as MapLibre's circle program shades them; cairo paths for PDF.
        if let pixelClip, let image = context.targetImage {
            let rasterizer = CircleRasterizer(matrix: context.currentTransform, clip: pixelClip)
            let stride = image.stride
            image.withMutablePixels { pixels in
                for circle in circles {
                    let outer = circle.radius + circle.strokeWidth
                    guard circle.x + outer >= visible.minX, circle.x - outer <= visible.maxX,
                          circle.y + outer >= visible.minY, circle.y - outer <= visible.maxY else { continue }
                    rasterizer.draw(circle, into: pixels, stride: stride)
                }
            }
            return
        }
        context.save()
        defer { context.restore() }
        for circle in circles {
            let outer = circle.radius + circle.strokeWidth
            guard circle.x + outer >= visible.minX, circle.x - outer <= visible.maxX,
                  circle.y + outer >= visible.minY, circle.y - outer <= visible.maxY else { continue }
            if circle.blur > 0 {
                drawBlurred(circle, context)
                continue
            }
            if circle.radius > 0 && circle.color.alpha > 0 {
                context.newPath()
                context.arc(centerX: circle.x, centerY: circle.y, radius: circle.radius)
                context.setColor(circle.color)
                context.fill()
            }
            if circle.strokeWidth > 0 && circle.strokeColor.alpha > 0 {
                context.newPath()
                context.arc(centerX: circle.x, centerY: circle.y, radius: circle.radius + circle.strokeWidth / 2)
                context.setColor(circle.strokeColor)
                context.setLineWidth(circle.strokeWidth)
                context.setDash([])
                context.stroke()
            }
        }
    }

    /// A blurred circle as MapLibre's shader draws it: its opacity falls from 1 at (1 - blur) of the outer
    /// radius to 0 at it, and the disc's colour turns into the ring's over the blur width inside the ring,
    /// both along a smoothstep (with blur above 1 even the centre is faded).
    private func drawBlurred(_ circle: PlacedCircle, _ context: DrawingContext) {
        let outer = circle.radius + circle.strokeWidth
        let inner = circle.strokeWidth > 0 ? circle.radius / outer : 1
        let blur = circle.blur
        func smooth(_ x: Double) -> Double {
            let c = min(max(x, 0), 1)
            return c * c * (3 - 2 * c)
        }
        func color(at t: Double) -> RGBAColor {
            let k = circle.strokeWidth > 0 ? smooth((t - inner + blur) / blur) : 0
            let fade = smooth((1 - t) / blur)
            // Mixed premultiplied, as the shader mixes them.
            let a = circle.color, b = circle.strokeColor
            let alpha = (a.alpha * (1 - k) + b.alpha * k)
            guard alpha > 0 else { return RGBAColor(red: 0, green: 0, blue: 0, alpha: 0) }
            func channel(_ x: Double, _ y: Double) -> Double { (x * a.alpha * (1 - k) + y * b.alpha * k) / alpha }
            return RGBAColor(red: channel(a.red, b.red), green: channel(a.green, b.green), blue: channel(a.blue, b.blue), alpha: alpha * fade)
        }
        // Both smoothsteps sampled finely enough that the gradient's straight pieces do not show.
        var offsets: Set<Double> = [0, 1]
        let fadeStart = max(1 - blur, 0), mixStart = max(inner - blur, 0)
        for i in 0...16 {
            offsets.insert(fadeStart + (1 - fadeStart) * Double(i) / 16)
            if inner < 1 { offsets.insert(mixStart + (inner - mixStart) * Double(i) / 16) }
        }
        context.newPath()
        context.arc(centerX: circle.x, centerY: circle.y, radius: outer)
        context.setRadialGradient(centerX: circle.x, centerY: circle.y, radius: outer, stops: offsets.sorted().map { ($0, color(at: $0)) })
        context.fill()
    }
}
