/// Premultiplied source-over of (r, g, b, a) (0 ... 1, premultiplied) into a cairo ARGB32 pixel, rounded to
/// 8 bits as a framebuffer stores it: the one blend of the rasterizers that write pixels themselves (lines,
/// fill outlines, turned glyphs).
@inlinable @inline(__always)
package func blendSourceOver(_ pixel: inout UInt32, _ r: Double, _ g: Double, _ b: Double, _ a: Double) {
    let value = pixel
    let keep = 1 - a
    // Clamped to 0 ... 255 first, so adding a half and truncating rounds half away from zero as
    // `rounded()` does, without a call into libm per channel.
    @inline(__always) func channel(_ source: Double, _ shift: UInt32) -> UInt32 {
        let destination = Double((value >> shift) & 0xff)
        return UInt32(min(max(source * 255 + destination * keep, 0), 255) + 0.5) << shift
    }
    pixel = channel(a, 24) | channel(r, 16) | channel(g, 8) | channel(b, 0)
}
