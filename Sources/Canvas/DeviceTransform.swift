/// A 2D affine map, as cairo keeps its current transformation: device = (xx·x + xy·y + x0, yx·x + yy·y + y0).
public struct DeviceTransform: Sendable, Equatable {
    public var xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double

    public init(xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double) {
        self.xx = xx
        self.yx = yx
        self.xy = xy
        self.yy = yy
        self.x0 = x0
        self.y0 = y0
    }

    public static let identity = DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 1, x0: 0, y0: 0)

    /// Where the point (x, y) goes.
    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        (xx * x + xy * y + x0, yx * x + yy * y + y0)
    }
}
