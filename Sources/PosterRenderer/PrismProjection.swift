import Canvas
import Foundation

/// Where a point of an extrusion appears: its foot on the map plane (user space) raised `z` device pixels,
/// seen by MapLibre's camera — the same chain as the ground's (perspective, pitch, bearing), extended to
/// heights. `inverseW` is the perspective divisor's reciprocal (larger is nearer), linear on the screen.
struct PrismProjection {
    /// Straight down on the screen's centre (pitch 0): the ground by an affine map, a raised point
    /// `distance / (distance − z)` times as far from `center` as its foot.
    struct Overhead {
        /// The map plane (user space) to device pixels on the ground: the bearing's turn and any translation.
        var ground: DeviceTransform
        /// The screen's centre in device pixels.
        var center: (x: Double, y: Double)
        /// MapLibre's cameraToCenterDistance, device pixels.
        var distance: Double
    }

    /// Tilted back by a pitch: `flatCenter` is the camera centre in the flat layout the map was prepared in
    /// (no turn, no tilt); with (x′, y′) the ground offset turned by the bearing, a point `z` up has depth
    /// w = d − sin(pitch)·y′ − cos(pitch)·z and lands at (d·x′, d·(cos(pitch)·y′ − sin(pitch)·z)) / w from the
    /// middle of the output — on the ground, the homography of ``Camera/groundToScreen(flatCenter:)``.
    struct Tilted {
        var flatCenter: (x: Double, y: Double)
        /// Shift of the layer on the ground in the flat layout (`fill-extrusion-translate`).
        var shift: (x: Double, y: Double) = (0, 0)
        var bearing: Double
        var pitch: Double
        var distance: Double
        /// The middle of the output, device pixels.
        var screenMiddle: (x: Double, y: Double)
    }

    enum Kind {
        case overhead(Overhead)
        case tilted(Tilted)
    }

    let kind: Kind
    private let turn: (cos: Double, sin: Double)
    private let tilt: (cos: Double, sin: Double)

    init(_ kind: Kind) {
        self.kind = kind
        if case .tilted(let t) = kind {
            let a = -t.bearing * .pi / 180, p = t.pitch * .pi / 180
            turn = (cos(a), sin(a))
            tilt = (cos(p), sin(p))
        } else {
            turn = (1, 0)
            tilt = (1, 0)
        }
    }

    /// The device position and 1/w of (x, y) raised `z`, or nil at or behind the eye.
    @inline(__always)
    func project(x: Double, y: Double, z: Double) -> (x: Double, y: Double, inverseW: Double)? {
        guard x.isFinite, y.isFinite else { return nil }
        switch kind {
        case .overhead(let o):
            let remaining = o.distance - z
            guard remaining > o.distance * 1e-3 else { return nil }
            let k = o.distance / remaining
            let foot = o.ground.apply(x: x, y: y)
            return (o.center.x + (foot.x - o.center.x) * k, o.center.y + (foot.y - o.center.y) * k, k)
        case .tilted(let t):
            let u = x - t.flatCenter.x + t.shift.x, v = y - t.flatCenter.y + t.shift.y
            let turnedX = turn.cos * u - turn.sin * v, turnedY = turn.sin * u + turn.cos * v
            let w = t.distance - tilt.sin * turnedY - tilt.cos * z
            guard w > t.distance * 1e-3 else { return nil }
            let k = t.distance / w
            return (t.screenMiddle.x + turnedX * k, t.screenMiddle.y + (tilt.cos * turnedY - tilt.sin * z) * k, k)
        }
    }

    /// How many times farther from the screen's centre than its foot a point `z` up may appear at most
    /// (for culling at pitch 0); nil when tilted, where nothing so simple holds.
    func overheadScale(z: Double) -> Double? {
        guard case .overhead(let o) = kind, z < o.distance * 0.999 else { return nil }
        return o.distance / (o.distance - z)
    }
}
