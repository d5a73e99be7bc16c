/// MapLibre's circle program for one circle: at a point of the circle's quad, given as an offset from the
/// centre in outer radii, the disc's colour fading over the blur at the edge and turning into the stroke's
/// inside the ring, premultiplied. ``CircleRasterizer`` and ``GroundCircleRasterizer`` shade with it.
struct CircleShade {
    /// The edge's fade, in outer radii: `circle-blur`, or one pixel (`1 / outerPixels`) if that is wider.
    let blur: Double
    /// Where the stroke begins, in outer radii.
    let inner: Double
    let hasStroke: Bool
    /// Premultiplied fill and stroke colours.
    let fill: (Double, Double, Double, Double)
    let ring: (Double, Double, Double, Double)

    /// - Parameters:
    ///   - outerPixels: the outer radius (radius plus stroke) in the pixels the edge fades over.
    ///   - strokePixels: the stroke's width in the same pixels; under a hundredth of one there is no stroke.
    init(_ circle: PlacedCircle, outerPixels: Double, strokePixels: Double) {
        blur = max(circle.blur, 1 / outerPixels)
        inner = circle.radius / (circle.radius + circle.strokeWidth)
        hasStroke = strokePixels >= 0.01
        fill = (circle.color.red * circle.color.alpha, circle.color.green * circle.color.alpha, circle.color.blue * circle.color.alpha,
                circle.color.alpha)
        ring = (circle.strokeColor.red * circle.strokeColor.alpha, circle.strokeColor.green * circle.strokeColor.alpha,
                circle.strokeColor.blue * circle.strokeColor.alpha, circle.strokeColor.alpha)
    }

    /// The premultiplied colour at offset (dx, dy) from the centre in outer radii, or nil where the shader
    /// draws nothing (outside the quad's square, or fully faded).
    @inline(__always)
    func color(dx: Double, dy: Double) -> (Double, Double, Double, Double)? {
        guard abs(dx) <= 1, abs(dy) <= 1 else { return nil }
        let length = (dx * dx + dy * dy).squareRoot()
        let opacity = IconRasterizer.smoothstep(0, 1, (1 - length) / blur)
        guard opacity > 0 else { return nil }
        let mix = hasStroke ? IconRasterizer.smoothstep(0, 1, (length - inner + blur) / blur) : 0
        let src = ((fill.0 + (ring.0 - fill.0) * mix) * opacity, (fill.1 + (ring.1 - fill.1) * mix) * opacity,
                   (fill.2 + (ring.2 - fill.2) * mix) * opacity, (fill.3 + (ring.3 - fill.3) * mix) * opacity)
        return src.3 > 0 ? src : nil
    }
}
