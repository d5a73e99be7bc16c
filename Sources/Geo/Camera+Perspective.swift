import Foundation

/// MapLibre GL JS's perspective camera (`Transform._calcMatrices`): a vertical field of view of 36.87°, the
/// eye `cameraToCenterDistance` from the map's centre, tilted back by the pitch about the centre. On the
/// ground plane the whole chain (perspective × scale(1, −1) × translate(0, 0, −d) × rotateX(pitch) ×
/// rotateZ(−bearing) × translate(−centre)) reduces to a homography: with (x′, y′) a ground offset from the
/// centre turned by the bearing (device px), the screen offset from the middle of the output is
/// d·(x′, cos(pitch)·y′) / (d − sin(pitch)·y′). All lengths are device pixels; MapLibre's are CSS pixels,
/// and the pixel ratio scales both sides alike.
extension Camera {
    /// MapLibre's vertical field of view in radians (`Transform._fov`), 2·atan(1/3).
    public static let fieldOfView = 0.6435011087932844
    /// The steepest pitch a map view draws (MapLibre's largest `maxPitch`); steeper pitches are clamped.
    public static let maximumPitch = 85.0

    /// The pitch used for drawing: clamped to 0 ... ``maximumPitch`` degrees (NaN counts as 0).
    public var effectivePitch: Double {
        guard pitch.isFinite else { return 0 }
        return min(max(pitch, 0), Self.maximumPitch)
    }

    /// Whether the camera looks at the ground at an angle (anything but straight down).
    public var isPitched: Bool { effectivePitch > 0 }

    /// The eye's distance from the map's centre in device pixels: `0.5 / tan(fov / 2) · height`.
    public var cameraToCenterDistance: Double { 0.5 / tan(Self.fieldOfView / 2) * Double(height) }

    /// The depth (distance along the view direction, device px) past which MapLibre draws nothing: its far
    /// plane, 1 % beyond the ground seen at the top of the output (`_calcMatrices`' `farZ`).
    public var farPlaneDepth: Double {
        let pitchRadians = effectivePitch * .pi / 180
        let d = cameraToCenterDistance
        let fovAboveCenter = Self.fieldOfView * 0.5
        let groundAngle = Double.pi / 2 + pitchRadians
        let sine = sin(min(max(Double.pi - groundAngle - fovAboveCenter, 0.01), Double.pi - 0.01))
        let topHalfSurfaceDistance = sin(fovAboveCenter) * d / sine
        return (cos(Double.pi / 2 - pitchRadians) * topHalfSurfaceDistance + d) * 1.01
    }

    /// The ground-to-screen homography for geometry laid out flat around the centre without bearing or
    /// pitch (as the map preparer lays it out), with the camera centre at `flatCenter` in that layout;
    /// the result is device pixels on the output. At pitch 0 and bearing 0 it is a plain translation.
    public func groundToScreen(flatCenter: (x: Double, y: Double)) -> ProjectiveMatrix {
        let p = effectivePitch * .pi / 180
        let sp = sin(p), cp = cos(p)
        let a = -bearing * .pi / 180
        let ca = cos(a), sa = sin(a)
        let d = cameraToCenterDistance
        let hw = Double(width) / 2, hh = Double(height) / 2
        // Rows over (u, v, 1), (u, v) the flat offset from the centre: x′ = ca·u − sa·v, y′ = sa·u + ca·v,
        // w = d − sp·y′, screen = (d·x′ + hw·w, d·cp·y′ + hh·w) / w.
        let offsetToScreen = ProjectiveMatrix(
            d * ca - hw * sp * sa, -d * sa - hw * sp * ca, hw * d,
            d * cp * sa - hh * sp * sa, d * cp * ca - hh * sp * ca, hh * d,
            -sp * sa, -sp * ca, d)
        let centre = ProjectiveMatrix(1, 0, -flatCenter.x, 0, 1, -flatCenter.y, 0, 0, 1)
        return offsetToScreen.concatenating(centre)
    }

    /// The turned ground offset (x′, y′) from the centre, device px, under a screen offset from the middle
    /// of the output, or nil where the ray from the eye misses the ground (at or above the horizon).
    func groundOffset(screenOffsetX sx: Double, y sy: Double) -> (x: Double, y: Double)? {
        let p = effectivePitch * .pi / 180
        let sp = sin(p), cp = cos(p)
        let d = cameraToCenterDistance
        let denominator = d * cp + sp * sy
        guard denominator > 1e-9 * d else { return nil }
        return (sx * d * cp / denominator, sy * d / denominator)
    }

    /// The screen row offset (from the middle of the output) where the far plane meets the ground; rows
    /// above it show nothing in MapLibre. −∞ at pitch 0.
    var farPlaneRowOffset: Double {
        let p = effectivePitch * .pi / 180
        let sp = sin(p), cp = cos(p)
        guard sp > 1e-12 else { return -.infinity }
        let d = cameraToCenterDistance
        // depth(row) = d²·cp / (d·cp + sp·row) = farPlaneDepth.
        return (d * d * cp / farPlaneDepth - d * cp) / sp
    }

    /// The first row (device px from the top, fractional) where MapLibre draws ground: 0 unless the far
    /// plane cuts the top of the output (pitches past about 71.6°).
    public var firstGroundRow: Double {
        max(0, farPlaneRowOffset + Double(height) / 2)
    }

    /// The world point seen at a pixel of a pitched camera, or nil above the horizon.
    public func groundPoint(atPixelX x: Double, y: Double) -> WorldPoint? {
        guard let g = groundOffset(screenOffsetX: x - Double(width) / 2, y: y - Double(height) / 2) else { return nil }
        let a = -bearing * .pi / 180
        let ca = cos(a), sa = sin(a)
        // The inverse turn is the transpose.
        let u = ca * g.x + sa * g.y, v = -sa * g.x + ca * g.y
        let c = centerWorld, s = worldScale
        return WorldPoint(x: c.x + u / s, y: c.y + v / s)
    }

    /// The corners of the ground MapLibre draws, clockwise from the top-left of the output: the output's
    /// rectangle (grown by `paddingPixels` on every side) from its bottom up to the far plane.
    public func visibleGroundPolygon(paddingPixels: Double = 0) -> [WorldPoint] {
        let top = max(-paddingPixels, farPlaneRowOffset + Double(height) / 2)
        let bottom = Double(height) + paddingPixels
        let left = -paddingPixels, right = Double(width) + paddingPixels
        return [(left, top), (right, top), (right, bottom), (left, bottom)].map { corner in
            groundPoint(atPixelX: corner.0, y: corner.1) ?? centerWorld
        }
    }

    /// The perspective form of `pixel(of:)`: meaningful for points in front of the eye.
    func perspectivePixel(of point: WorldPoint) -> (x: Double, y: Double) {
        let c = centerWorld, s = worldScale
        return groundToScreen(flatCenter: (0, 0)).apply(x: (point.x - c.x) * s, y: (point.y - c.y) * s)
    }

    /// The perspective form of `worldPoint(atPixelX:y:)`: rows above the far plane (or the horizon) are
    /// taken at the far plane's row, so every pixel names some ground.
    func perspectiveWorldPoint(atPixelX x: Double, y: Double) -> WorldPoint {
        let farRow = farPlaneRowOffset + Double(height) / 2
        return groundPoint(atPixelX: x, y: max(y, farRow)) ?? centerWorld
    }
}
