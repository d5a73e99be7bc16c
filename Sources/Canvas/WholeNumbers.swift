/// `Int(x.rounded(.up))` without a call into libm, which x86-64's baseline (no SSE4.1 rounding
/// instruction) makes of `rounded`: the same value for every x whose rounding an Int holds, and the same
/// trap for NaN and anything beyond. The rasterizers (here and in PosterRenderer) find the first pixel of
/// every row with it.
@inlinable @inline(__always)
package func ceilToInt(_ x: Double) -> Int {
    let truncated = Int(x)
    return Double(truncated) < x ? truncated + 1 : truncated
}

/// `Int(x.rounded(.down))` without a call into libm (see ``ceilToInt(_:)``).
@inlinable @inline(__always)
package func floorToInt(_ x: Double) -> Int {
    let truncated = Int(x)
    return Double(truncated) > x ? truncated - 1 : truncated
}
