import Canvas

/// Draws circles that lie on the ground of a pitched view (`circle-pitch-alignment: map`) as MapLibre's
/// circle program does: the disc's square is laid on the ground and projected, and each output pixel whose
/// centre falls in it is shaded by where it lands on the disc, traced back through the inverse projection
/// (as a GPU interpolates the quad's extrusion with perspective correction). The shading is
/// ``CircleRasterizer``'s: the edge fades over 1 / the radius (device px, measured on the ground) or
/// `circle-blur`, and the disc turns into its stroke inside the ring.
struct GroundCircleRasterizer {
    /// Flat layout → output pixels.
    let groundToScreen: DeviceTransform
    /// Output pixels → flat layout.
    let screenToGround: DeviceTransform
    /// Squares with a corner nearer the eye than this depth are not drawn.
    let minimumDepth: Double
    let clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    func draw(_ circle: PlacedCircle, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let outer = circle.radius + circle.strokeWidth
        guard outer > 0, outer.isFinite else { return }
        let m = groundToScreen
        let corners = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)].map { (circle.x + $0.0 * outer, circle.y + $0.1 * outer) }
        guard corners.allSatisfy({ m.wx * $0.0 + m.wy * $0.1 + m.w0 > minimumDepth }) else { return }
        let projected = corners.map { m.apply(x: $0.0, y: $0.1) }
        let x0 = max(clip.minX, Int(projected.map(\.x).min()!.rounded(.down))), x1 = min(clip.maxX, Int(projected.map(\.x).max()!.rounded(.up)))
        let y0 = max(clip.minY, Int(projected.map(\.y).min()!.rounded(.down))), y1 = min(clip.maxY, Int(projected.map(\.y).max()!.rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }
        let blur = max(circle.blur, 1 / outer)
        let inner = circle.radius / outer
        let hasStroke = circle.strokeWidth >= 0.01
        let fill = (circle.color.red * circle.color.alpha, circle.color.green * circle.color.alpha, circle.color.blue * circle.color.alpha, circle.color.alpha)
        let ring = (circle.strokeColor.red * circle.strokeColor.alpha, circle.strokeColor.green * circle.strokeColor.alpha,
                    circle.strokeColor.blue * circle.strokeColor.alpha, circle.strokeColor.alpha)
        for y in y0..<y1 {
            for x in x0..<x1 {
                let ground = screenToGround.apply(x: Double(x) + 0.5, y: Double(y) + 0.5)
                let dx = (ground.x - circle.x) / outer, dy = (ground.y - circle.y) / outer
                // The quad's square: the shader draws nothing beyond it.
                guard abs(dx) <= 1, abs(dy) <= 1 else { continue }
                let length = (dx * dx + dy * dy).squareRoot()
                let opacity = IconRasterizer.smoothstep(0, 1, (1 - length) / blur)
                guard opacity > 0 else { continue }
                let mix = hasStroke ? IconRasterizer.smoothstep(0, 1, (length - inner + blur) / blur) : 0
                let src = ((fill.0 + (ring.0 - fill.0) * mix) * opacity, (fill.1 + (ring.1 - fill.1) * mix) * opacity,
                           (fill.2 + (ring.2 - fill.2) * mix) * opacity, (fill.3 + (ring.3 - fill.3) * mix) * opacity)
                guard src.3 > 0 else { continue }
                let offset = y * stride + x * 4
                pixels.storeBytes(of: PremultipliedPixel.over(src, pixels.load(fromByteOffset: offset, as: UInt32.self)), toByteOffset: offset, as: UInt32.self)
            }
        }
    }
}
