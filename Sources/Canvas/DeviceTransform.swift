/// A 2D affine map, as cairo keeps its current transformation: device = (xx·x + xy·y + x0, yx·x + yy·y + y0);
/// or, for a pitched map view, a projective one: the same divided by w = wx·x + wy·y + w0 (cairo's own
/// matrices are always affine, with w = 1).
public struct DeviceTransform: Sendable, Equatable {
    public var xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double
    /// The perspective row: 0, 0, 1 for an affine map.
    public var wx = 0.0, wy = 0.0, w0 = 1.0

    public init(xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double) {
        self.xx = xx
        self.yx = yx
        self.xy = xy
        self.yy = yy
        self.x0 = x0
        self.y0 = y0
    }

    /// A projective map with perspective row (wx, wy, w0).
    public init(xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double, wx: Double, wy: Double, w0: Double) {
        self.init(xx: xx, yx: yx, xy: xy, yy: yy, x0: x0, y0: y0)
        self.wx = wx
        self.wy = wy
        self.w0 = w0
    }

    public static let identity = DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 1, x0: 0, y0: 0)

    /// Whether the map is affine (no perspective).
    public var isAffine: Bool { wx == 0 && wy == 0 && w0 == 1 }

    /// Where the point (x, y) goes. A projective map is meaningful only where w > 0 (in front of the eye).
    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        // The affine case is computed exactly as before perspective existed, so flat maps stay bit-identical.
        guard !isAffine else { return (xx * x + xy * y + x0, yx * x + yy * y + y0) }
        let w = wx * x + wy * y + w0
        return ((xx * x + xy * y + x0) / w, (yx * x + yy * y + y0) / w)
    }

    /// `self` after `other` (first `other`, then `self`), as 3×3 matrices.
    public func concatenating(_ other: DeviceTransform) -> DeviceTransform {
        let a = self, b = other
        return DeviceTransform(
            xx: a.xx * b.xx + a.xy * b.yx + a.x0 * b.wx, yx: a.yx * b.xx + a.yy * b.yx + a.y0 * b.wx,
            xy: a.xx * b.xy + a.xy * b.yy + a.x0 * b.wy, yy: a.yx * b.xy + a.yy * b.yy + a.y0 * b.wy,
            x0: a.xx * b.x0 + a.xy * b.y0 + a.x0 * b.w0, y0: a.yx * b.x0 + a.yy * b.y0 + a.y0 * b.w0,
            wx: a.wx * b.xx + a.wy * b.yx + a.w0 * b.wx, wy: a.wx * b.xy + a.wy * b.yy + a.w0 * b.wy,
            w0: a.wx * b.x0 + a.wy * b.y0 + a.w0 * b.w0)
    }

    /// The inverse map as a 3×3 matrix, or nil when it is singular.
    public var inverted: DeviceTransform? {
        // Rows (xx xy x0 / yx yy y0 / wx wy w0); the inverse is the adjugate over the determinant.
        let c00 = yy * w0 - y0 * wy, c01 = y0 * wx - yx * w0, c02 = yx * wy - yy * wx
        let det = xx * c00 + xy * c01 + x0 * c02
        guard det != 0, det.isFinite else { return nil }
        let k = 1 / det
        return DeviceTransform(
            xx: c00 * k, yx: c01 * k, xy: (x0 * wy - xy * w0) * k, yy: (xx * w0 - x0 * wx) * k,
            x0: (xy * y0 - x0 * yy) * k, y0: (x0 * yx - xx * y0) * k,
            wx: c02 * k, wy: (xy * wx - xx * wy) * k, w0: (xx * yy - xy * yx) * k)
    }
}
