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
        let shade = CircleShade(circle, outerPixels: outer, strokePixels: circle.strokeWidth)
        for y in y0..<y1 {
            for x in x0..<x1 {
                let ground = screenToGround.apply(x: Double(x) + 0.5, y: Double(y) + 0.5)
                guard let src = shade.color(dx: (ground.x - circle.x) / outer, dy: (ground.y - circle.y) / outer) else { continue }
                let offset = y * stride + x * 4
                pixels.storeBytes(of: PremultipliedPixel.over(src, pixels.load(fromByteOffset: offset, as: UInt32.self)), toByteOffset: offset, as: UInt32.self)
            }
        }
    }
}
