import Canvas

/// A pattern image as MapLibre's pattern shaders sample it: repeated, read between texels (linear
/// filtering; the atlas pads each pattern with its wrapped edges, so the repeat is seamless). A
/// `fill-extrusion-pattern` multiplies its colour by the light at the fragment and keeps its alpha; a
/// `fill-pattern` on a pitched view is sampled as it is.
struct PrismPattern: Sendable {
    let width: Int
    let height: Int
    /// Premultiplied ARGB32 texels, row by row.
    private let texels: [UInt32]

    init(_ image: ImageSurface) {
        width = image.width
        height = image.height
        var texels = [UInt32](repeating: 0, count: image.width * image.height)
        let stride = image.stride
        image.withPixels { pixels in
            for y in 0..<image.height {
                for x in 0..<image.width {
                    texels[y * image.width + x] = pixels.load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                }
            }
        }
        self.texels = texels
    }

    /// The lit colour (packed, premultiplied) at image pixel (u, v), where pixel centres lie at half pixels.
    @inline(__always)
    func lit(u: Double, v: Double, light: (r: Double, g: Double, b: Double)) -> UInt32 {
        let c = sample(u: u, v: v)
        return PremultipliedPixel.pack((c.0 * light.r, c.1 * light.g, c.2 * light.b, c.3))
    }

    /// The premultiplied colour at image pixel (u, v), read between texels, where pixel centres lie at half
    /// pixels; transparent where (u, v) is not finite.
    @inline(__always)
    func sample(u: Double, v: Double) -> (Double, Double, Double, Double) {
        guard width > 0, height > 0, u.isFinite, v.isFinite else { return (0, 0, 0, 0) }
        let s = Self.wrapped(u, width) - 0.5, t = Self.wrapped(v, height) - 0.5
        let x0 = s.rounded(.down), y0 = t.rounded(.down)
        let fx = s - x0, fy = t - y0
        let ix = (Int(x0) + width) % width, iy = (Int(y0) + height) % height
        let jx = (ix + 1) % width, jy = (iy + 1) % height
        let a = PremultipliedPixel.unpack(texels[iy * width + ix]), b = PremultipliedPixel.unpack(texels[iy * width + jx])
        let c = PremultipliedPixel.unpack(texels[jy * width + ix]), d = PremultipliedPixel.unpack(texels[jy * width + jx])
        func mix(_ p: Double, _ q: Double, _ r: Double, _ s: Double) -> Double {
            (p * (1 - fx) + q * fx) * (1 - fy) + (r * (1 - fx) + s * fx) * fy
        }
        return (mix(a.0, b.0, c.0, d.0), mix(a.1, b.1, c.1, d.1), mix(a.2, b.2, c.2, d.2), mix(a.3, b.3, c.3, d.3))
    }

    /// `v` within one repeat of `size`, as the shader's `mod(pos, 1.0)` takes it.
    private static func wrapped(_ v: Double, _ size: Int) -> Double {
        let n = Double(size)
        let r = v.truncatingRemainder(dividingBy: n)
        return r < 0 ? r + n : r
    }
}
