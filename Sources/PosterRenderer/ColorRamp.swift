import StyleKit

/// A colour expression sampled into a ramp as MapLibre samples `line-gradient` and `heatmap-color`: `width`
/// texels from 0 to 1 in an RGBA texture (bytes truncated, premultiplied on upload), then read with linear
/// filtering, or nearest for a `step` ramp.
struct ColorRamp: Sendable {
    /// Premultiplied RGBA, 0 ... 1, four per texel.
    let texels: [Double]
    let width: Int
    let nearest: Bool

    /// Samples `color` at `width` evenly spaced inputs from 0 to 1.
    init(width: Int, nearest: Bool, color: (Double) -> StyleColor) {
        let width = max(width, 2)
        var texels = [Double](repeating: 0, count: width * 4)
        for i in 0..<width {
            let color = color(Double(i) / Double(width - 1))
            // Bytes as MapLibre writes them (truncated), premultiplied as WebGL uploads them.
            let a = (Self.unit(color.a) * 255).rounded(.down)
            func channel(_ c: Double) -> Double { ((Self.unit(c) * 255).rounded(.down) * a / 255).rounded() / 255 }
            texels[4 * i] = channel(color.r)
            texels[4 * i + 1] = channel(color.g)
            texels[4 * i + 2] = channel(color.b)
            texels[4 * i + 3] = a / 255
        }
        self.texels = texels
        self.width = width
        self.nearest = nearest
    }

    /// 0 ... 1, NaN as 0 (an expression may produce anything).
    private static func unit(_ v: Double) -> Double { v.isNaN ? 0 : min(max(v, 0), 1) }

    /// The colour at `progress` (clamped to the ramp's ends, as the texture clamps to its edge).
    @inline(__always)
    func sample(_ progress: Double) -> (r: Double, g: Double, b: Double, a: Double) {
        // Beyond the ends the texture clamps anyway; limiting first keeps huge and NaN inputs finite.
        let u = (progress.isNaN ? 0 : min(max(progress, -1), 2)) * Double(width)
        if nearest {
            let i = min(max(Int(u.rounded(.down)), 0), width - 1) * 4
            return (texels[i], texels[i + 1], texels[i + 2], texels[i + 3])
        }
        let x = u - 0.5
        let x0 = x.rounded(.down)
        let f = x - x0
        let i0 = min(max(Int(x0), 0), width - 1) * 4, i1 = min(max(Int(x0) + 1, 0), width - 1) * 4
        return (texels[i0] * (1 - f) + texels[i1] * f, texels[i0 + 1] * (1 - f) + texels[i1 + 1] * f,
                texels[i0 + 2] * (1 - f) + texels[i1 + 2] * f, texels[i0 + 3] * (1 - f) + texels[i1 + 3] * f)
    }
}
