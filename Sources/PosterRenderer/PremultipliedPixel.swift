/// Cairo's premultiplied, native-endian ARGB32 pixel words as the per-pixel shaders (icons, circles) read and
/// write them: channels in 0 ... 1, rounded to the nearest byte, composited source-over.
enum PremultipliedPixel {
    /// A word as red, green, blue, alpha (premultiplied, 0 ... 1).
    @inline(__always)
    static func unpack(_ word: UInt32) -> (Double, Double, Double, Double) {
        (Double(word >> 16 & 0xFF) / 255, Double(word >> 8 & 0xFF) / 255, Double(word & 0xFF) / 255, Double(word >> 24) / 255)
    }

    /// Premultiplied red, green, blue, alpha as a word; channels never exceed alpha.
    @inline(__always)
    static func pack(_ c: (Double, Double, Double, Double)) -> UInt32 {
        func byte(_ v: Double) -> UInt32 { UInt32(min(max(v * 255 + 0.5, 0), 255)) }
        let alpha = byte(c.3)
        return alpha << 24 | min(byte(c.0), alpha) << 16 | min(byte(c.1), alpha) << 8 | min(byte(c.2), alpha)
    }

    /// Premultiplied `source` over the pixel `word`.
    @inline(__always)
    static func over(_ source: (Double, Double, Double, Double), _ word: UInt32) -> UInt32 {
        let d = unpack(word)
        let k = 1 - min(source.3, 1)
        return pack((source.0 + d.0 * k, source.1 + d.1 * k, source.2 + d.2 * k, source.3 + d.3 * k))
    }
}
