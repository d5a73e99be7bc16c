import StyleKit

/// A layer's `line-gradient`, and the colour ramp MapLibre makes of it: the expression sampled at
/// `resolution` points of `line-progress` into an RGBA texture (premultiplied on upload), then read with
/// linear filtering, or nearest for a `step` ramp.
struct LineGradient: Hashable, Sendable {
    /// Compared and hashed by layer: one layer has one gradient at one zoom.
    let layerID: String
    let property: StyleProperty<StyleColor>
    let zoom: Double

    static func == (a: LineGradient, b: LineGradient) -> Bool { a.layerID == b.layerID && a.zoom == b.zoom }
    func hash(into hasher: inout Hasher) {
        hasher.combine(layerID)
        hasher.combine(zoom)
    }

    var isStep: Bool { property.isStep }

    /// The ramp for lines at most `longestLine` tiles long (at the tile zoom). A step ramp gets a texel per
    /// tile pixel of the longest line (at least 256, at most 8192), as MapLibre sizes it, so that its steps
    /// fall where the line reaches them.
    func ramp(longestLine: Double) -> Ramp {
        var resolution = 256
        if isStep {
            let coverage = longestLine * 1024
            var power = 1
            while Double(power) < coverage && power < 8192 { power <<= 1 }
            resolution = min(max(power, 256), 8192)
        }
        var texels = [Double](repeating: 0, count: resolution * 4)
        for i in 0..<resolution {
            let color = property.evaluate(zoom: zoom, lineProgress: Double(i) / Double(resolution - 1))
            // Bytes as MapLibre writes them (truncated), premultiplied as WebGL uploads them.
            let a = (min(max(color.a, 0), 1) * 255).rounded(.down)
            func channel(_ c: Double) -> Double { ((min(max(c, 0), 1) * 255).rounded(.down) * a / 255).rounded() / 255 }
            texels[4 * i] = channel(color.r)
            texels[4 * i + 1] = channel(color.g)
            texels[4 * i + 2] = channel(color.b)
            texels[4 * i + 3] = a / 255
        }
        return Ramp(texels: texels, width: resolution, nearest: isStep)
    }

    /// A sampled colour ramp: premultiplied RGBA, 0 ... 1.
    struct Ramp {
        let texels: [Double]
        let width: Int
        let nearest: Bool

        /// The colour at `progress` (clamped to the ramp's ends, as the texture clamps to its edge).
        @inline(__always)
        func sample(_ progress: Double) -> (r: Double, g: Double, b: Double, a: Double) {
            let u = progress * Double(width)
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
}
