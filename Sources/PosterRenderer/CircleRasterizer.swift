import Canvas
import Foundation

/// Draws circles on a raster target as MapLibre's circle program shades them, pixel by pixel: the quad
/// reaches the outer edge (radius plus stroke), the edge fades over one device pixel (or `circle-blur` of
/// the outer radius, whichever is wider) inside it, and the disc's colour turns into the stroke's over the
/// same width inside the ring, mixed premultiplied.
struct CircleRasterizer {
    /// Page → device pixels of the target (a turn and a uniform scale).
    let matrix: DeviceTransform
    /// The device pixels that may be written: min inclusive, max exclusive.
    let clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    func draw(_ circle: PlacedCircle, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let scale = abs(matrix.xx * matrix.yy - matrix.xy * matrix.yx).squareRoot()
        let outer = (circle.radius + circle.strokeWidth) * scale
        guard outer > 0, outer.isFinite else { return }
        let centre = matrix.apply(x: circle.x, y: circle.y)
        guard centre.x.isFinite, centre.y.isFinite else { return }
        let x0 = max(clip.minX, Int((centre.x - outer).rounded(.down))), x1 = min(clip.maxX, Int((centre.x + outer).rounded(.up)))
        let y0 = max(clip.minY, Int((centre.y - outer).rounded(.down))), y1 = min(clip.maxY, Int((centre.y + outer).rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }
        let shade = CircleShade(circle, outerPixels: outer, strokePixels: circle.strokeWidth * scale)
        let fill = shade.fill
        // Inside this radius (a fraction of the outer one) every pixel gets the disc's own colour: rows fill
        // that span with one word, so large circles cost little more than cairo's fill.
        let solidRadius = shade.hasStroke ? shade.inner - shade.blur : 1 - shade.blur
        let solid = PremultipliedPixel.pack(fill)
        let opaque = fill.3 >= 1
        for y in y0..<y1 {
            let dy = (Double(y) + 0.5 - centre.y) / outer
            var solidX0 = x1, solidX1 = x1
            if solidRadius > 0, abs(dy) < solidRadius {
                let half = (solidRadius * solidRadius - dy * dy).squareRoot() * outer
                // Pixels whose centres lie inside the span.
                solidX0 = max(x0, Int((centre.x - half - 0.5).rounded(.up)))
                solidX1 = max(solidX0, min(x1, Int((centre.x + half - 0.5).rounded(.down)) + 1))
            }
            if solidX0 < solidX1 && fill.3 > 0 {
                for x in solidX0..<solidX1 {
                    let offset = y * stride + x * 4
                    if opaque {
                        pixels.storeBytes(of: solid, toByteOffset: offset, as: UInt32.self)
                    } else {
                        pixels.storeBytes(of: PremultipliedPixel.over(fill, pixels.load(fromByteOffset: offset, as: UInt32.self)), toByteOffset: offset, as: UInt32.self)
                    }
                }
            }
            for x in x0..<x1 where x < solidX0 || x >= solidX1 {
                guard let src = shade.color(dx: (Double(x) + 0.5 - centre.x) / outer, dy: dy) else { continue }
                let offset = y * stride + x * 4
                pixels.storeBytes(of: PremultipliedPixel.over(src, pixels.load(fromByteOffset: offset, as: UInt32.self)), toByteOffset: offset, as: UInt32.self)
            }
        }
    }
}
