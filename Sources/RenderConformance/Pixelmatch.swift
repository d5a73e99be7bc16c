/// Image comparison with the semantics of pixelmatch 5, which MapLibre's render-test harness uses: a pixel
/// differs when its perceptual colour distance (YIQ, after blending both over white) exceeds
/// `threshold`, unless it looks like anti-aliasing in either image (then it is not counted).
public enum Pixelmatch {
    /// Straight (un-premultiplied) RGBA pixels, row by row.
    public struct Image: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var rgba: [UInt8]

        public init(width: Int, height: Int, rgba: [UInt8]) {
            self.width = width
            self.height = height
            self.rgba = rgba
        }
    }

    /// The number of differing pixels, and a diff image: differing pixels red, anti-aliasing yellow,
    /// the rest the first image faded.
    public static func compare(_ a: Image, _ b: Image, threshold: Double = 0.1, includeAA: Bool = false) -> (mismatched: Int, diff: Image) {
        precondition(a.width == b.width && a.height == b.height, "pixelmatch compares images of one size")
        let width = a.width, height = a.height
        var diff = [UInt8](repeating: 255, count: width * height * 4)
        let maxDelta = 35215 * threshold * threshold
        var mismatched = 0
        a.rgba.withUnsafeBufferPointer { p in
            b.rgba.withUnsafeBufferPointer { q in
                for y in 0..<height {
                    for x in 0..<width {
                        let position = (y * width + x) * 4
                        let delta = colorDelta(p, q, position, position, yOnly: false)
                        if abs(delta) > maxDelta {
                            if !includeAA && (antialiased(p, x, y, width, height, q) || antialiased(q, x, y, width, height, p)) {
                                set(&diff, position, 255, 255, 0)
                            } else {
                                set(&diff, position, 255, 0, 0)
                                mismatched += 1
                            }
                        } else {
                            let gray = UInt8(max(0, min(255, 255 + (luma(p, position) - 255) * 0.1 * Double(p[position + 3]) / 255)))
                            set(&diff, position, gray, gray, gray)
                        }
                    }
                }
            }
        }
        return (mismatched, Image(width: width, height: height, rgba: diff))
    }

    private static func set(_ image: inout [UInt8], _ position: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8) {
        image[position] = r
        image[position + 1] = g
        image[position + 2] = b
        image[position + 3] = 255
    }

    private static func luma(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Double {
        Double(p[k]) * 0.29889531 + Double(p[k + 1]) * 0.58662247 + Double(p[k + 2]) * 0.11448223
    }

    /// Squared YIQ distance of pixel `k` of `p` and pixel `m` of `q`, negative when the first is lighter
    /// (or the signed luma difference alone with `yOnly`).
    static func colorDelta(_ p: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>, _ k: Int, _ m: Int, yOnly: Bool) -> Double {
        var r1 = Double(p[k]), g1 = Double(p[k + 1]), b1 = Double(p[k + 2])
        let a1 = Double(p[k + 3])
        var r2 = Double(q[m]), g2 = Double(q[m + 1]), b2 = Double(q[m + 2])
        let a2 = Double(q[m + 3])
        if a1 == a2 && r1 == r2 && g1 == g2 && b1 == b2 { return 0 }
        if a1 < 255 {
            let alpha = a1 / 255
            r1 = 255 + (r1 - 255) * alpha; g1 = 255 + (g1 - 255) * alpha; b1 = 255 + (b1 - 255) * alpha
        }
        if a2 < 255 {
            let alpha = a2 / 255
            r2 = 255 + (r2 - 255) * alpha; g2 = 255 + (g2 - 255) * alpha; b2 = 255 + (b2 - 255) * alpha
        }
        let y1 = r1 * 0.29889531 + g1 * 0.58662247 + b1 * 0.11448223
        let y2 = r2 * 0.29889531 + g2 * 0.58662247 + b2 * 0.11448223
        let y = y1 - y2
        if yOnly { return y }
        let i = (r1 * 0.59597799 - g1 * 0.27417610 - b1 * 0.32180189) - (r2 * 0.59597799 - g2 * 0.27417610 - b2 * 0.32180189)
        let qd = (r1 * 0.21147017 - g1 * 0.52261711 + b1 * 0.31114694) - (r2 * 0.21147017 - g2 * 0.52261711 + b2 * 0.31114694)
        let delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * qd * qd
        return y1 > y2 ? -delta : delta
    }

    /// Whether pixel (x, y) of `p` looks like anti-aliasing: its neighbours run from darker to lighter, and
    /// the darkest or lightest of them sits in a flat area in both images.
    static func antialiased(_ p: UnsafeBufferPointer<UInt8>, _ x1: Int, _ y1: Int, _ width: Int, _ height: Int,
                            _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        let x0 = max(x1 - 1, 0), y0 = max(y1 - 1, 0), x2 = min(x1 + 1, width - 1), y2 = min(y1 + 1, height - 1)
        let position = (y1 * width + x1) * 4
        var zeroes = x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2 ? 1 : 0
        var minimum = 0.0, maximum = 0.0
        var minX = 0, minY = 0, maxX = 0, maxY = 0
        for x in x0...x2 {
            for y in y0...y2 where !(x == x1 && y == y1) {
                let delta = colorDelta(p, p, position, (y * width + x) * 4, yOnly: true)
                if delta == 0 {
                    zeroes += 1
                    if zeroes > 2 { return false }
                } else if delta < minimum {
                    minimum = delta; minX = x; minY = y
                } else if delta > maximum {
                    maximum = delta; maxX = x; maxY = y
                }
            }
        }
        if minimum == 0 || maximum == 0 { return false }
        return (hasManySiblings(p, minX, minY, width, height) && hasManySiblings(other, minX, minY, width, height))
            || (hasManySiblings(p, maxX, maxY, width, height) && hasManySiblings(other, maxX, maxY, width, height))
    }

    /// Whether more than two neighbours of (x, y) have exactly its colour.
    static func hasManySiblings(_ p: UnsafeBufferPointer<UInt8>, _ x1: Int, _ y1: Int, _ width: Int, _ height: Int) -> Bool {
        let x0 = max(x1 - 1, 0), y0 = max(y1 - 1, 0), x2 = min(x1 + 1, width - 1), y2 = min(y1 + 1, height - 1)
        let position = (y1 * width + x1) * 4
        var zeroes = x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2 ? 1 : 0
        for x in x0...x2 {
            for y in y0...y2 where !(x == x1 && y == y1) {
                let other = (y * width + x) * 4
                if p[position] == p[other] && p[position + 1] == p[other + 1] && p[position + 2] == p[other + 2] && p[position + 3] == p[other + 3] {
                    zeroes += 1
                }
                if zeroes > 2 { return true }
            }
        }
        return false
    }
}
