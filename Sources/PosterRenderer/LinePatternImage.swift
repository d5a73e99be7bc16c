import Canvas

/// A `line-pattern` image as MapLibre's line-pattern program reads it from the image atlas: premultiplied,
/// with a one-pixel border of the image's own opposite edges, and that border included when the image
/// is stretched over the line (MapLibre maps the padded rectangle).
struct LinePatternImage {
    /// (width + 2) x (height + 2) premultiplied RGBA, 0 ... 1.
    private let texels: [Double]
    private let paddedWidth: Int
    private let paddedHeight: Int
    /// The image's size in CSS pixels.
    let displayWidth: Double
    let displayHeight: Double

    init(_ pattern: PatternPaint) {
        let image = pattern.image
        let w = image.width, h = image.height
        paddedWidth = w + 2
        paddedHeight = h + 2
        displayWidth = Double(w) / pattern.pixelRatio
        displayHeight = Double(h) / pattern.pixelRatio
        var texels = [Double](repeating: 0, count: paddedWidth * paddedHeight * 4)
        image.withPixels { pixels in
            let stride = image.stride
            for py in 0..<(h + 2) {
                let y = (py - 1 + h) % h
                for px in 0..<(w + 2) {
                    let x = (px - 1 + w) % w
                    let word = pixels.load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                    let k = (py * (w + 2) + px) * 4
                    texels[k] = Double(word >> 16 & 0xff) / 255
                    texels[k + 1] = Double(word >> 8 & 0xff) / 255
                    texels[k + 2] = Double(word & 0xff) / 255
                    texels[k + 3] = Double(word >> 24) / 255
                }
            }
        }
        self.texels = texels
    }

    /// The colour at (x, y) across the padded image (0 ... 1 each way), sampled bilinearly; texels beyond
    /// the border are transparent, as the atlas's spacing is.
    @inline(__always)
    func sample(x: Double, y: Double) -> (r: Double, g: Double, b: Double, a: Double) {
        let u = x * Double(paddedWidth) - 0.5, v = y * Double(paddedHeight) - 0.5
        let u0 = u.rounded(.down), v0 = v.rounded(.down)
        let fu = u - u0, fv = v - v0
        let i0 = Int(u0), j0 = Int(v0)
        var result = (r: 0.0, g: 0.0, b: 0.0, a: 0.0)
        for (dj, wy) in [(0, 1 - fv), (1, fv)] where wy > 0 {
            let j = j0 + dj
            guard j >= 0 && j < paddedHeight else { continue }
            for (di, wx) in [(0, 1 - fu), (1, fu)] where wx > 0 {
                let i = i0 + di
                guard i >= 0 && i < paddedWidth else { continue }
                let k = (j * paddedWidth + i) * 4, weight = wx * wy
                result.r += texels[k] * weight
                result.g += texels[k + 1] * weight
                result.b += texels[k + 2] * weight
                result.a += texels[k + 3] * weight
            }
        }
        return result
    }
}
