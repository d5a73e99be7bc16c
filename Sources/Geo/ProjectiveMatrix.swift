/// A plane-to-plane homography as a 3×3 matrix (row-major): (x, y) goes to
/// ((m00·x + m01·y + m02) / w, (m10·x + m11·y + m12) / w) with w = m20·x + m21·y + m22.
/// A pitched camera maps the ground plane to the screen this way; straight lines stay straight.
public struct ProjectiveMatrix: Sendable, Equatable {
    public var m00: Double, m01: Double, m02: Double
    public var m10: Double, m11: Double, m12: Double
    public var m20: Double, m21: Double, m22: Double

    public init(_ m00: Double, _ m01: Double, _ m02: Double,
                _ m10: Double, _ m11: Double, _ m12: Double,
                _ m20: Double, _ m21: Double, _ m22: Double) {
        (self.m00, self.m01, self.m02) = (m00, m01, m02)
        (self.m10, self.m11, self.m12) = (m10, m11, m12)
        (self.m20, self.m21, self.m22) = (m20, m21, m22)
    }

    public static let identity = ProjectiveMatrix(1, 0, 0, 0, 1, 0, 0, 0, 1)

    /// The homogeneous weight of a point: positive in front of a camera, zero on its plane.
    public func weight(x: Double, y: Double) -> Double { m20 * x + m21 * y + m22 }

    /// Where (x, y) goes. Only meaningful where ``weight(x:y:)`` is positive.
    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        let w = m20 * x + m21 * y + m22
        return ((m00 * x + m01 * y + m02) / w, (m10 * x + m11 * y + m12) / w)
    }

    /// `self` after `other`: first `other`, then `self`.
    public func concatenating(_ other: ProjectiveMatrix) -> ProjectiveMatrix {
        let a = self, b = other
        return ProjectiveMatrix(
            a.m00 * b.m00 + a.m01 * b.m10 + a.m02 * b.m20, a.m00 * b.m01 + a.m01 * b.m11 + a.m02 * b.m21, a.m00 * b.m02 + a.m01 * b.m12 + a.m02 * b.m22,
            a.m10 * b.m00 + a.m11 * b.m10 + a.m12 * b.m20, a.m10 * b.m01 + a.m11 * b.m11 + a.m12 * b.m21, a.m10 * b.m02 + a.m11 * b.m12 + a.m12 * b.m22,
            a.m20 * b.m00 + a.m21 * b.m10 + a.m22 * b.m20, a.m20 * b.m01 + a.m21 * b.m11 + a.m22 * b.m21, a.m20 * b.m02 + a.m21 * b.m12 + a.m22 * b.m22)
    }

    /// The inverse map, or nil for a singular matrix.
    public var inverted: ProjectiveMatrix? {
        let c00 = m11 * m22 - m12 * m21, c01 = m12 * m20 - m10 * m22, c02 = m10 * m21 - m11 * m20
        let det = m00 * c00 + m01 * c01 + m02 * c02
        guard det != 0, det.isFinite else { return nil }
        let k = 1 / det
        return ProjectiveMatrix(
            c00 * k, (m02 * m21 - m01 * m22) * k, (m01 * m12 - m02 * m11) * k,
            c01 * k, (m00 * m22 - m02 * m20) * k, (m02 * m10 - m00 * m12) * k,
            c02 * k, (m01 * m20 - m00 * m21) * k, (m00 * m11 - m01 * m10) * k)
    }
}
