import Foundation

/// A CSS-style cubic Bézier easing from (0,0) to (1,1), solved for y at a given x.
struct UnitBezier: Sendable {
    let cx, bx, ax, cy, by, ay: Double

    init(x1: Double, y1: Double, x2: Double, y2: Double) {
        cx = 3 * x1
        bx = 3 * (x2 - x1) - cx
        ax = 1 - cx - bx
        cy = 3 * y1
        by = 3 * (y2 - y1) - cy
        ay = 1 - cy - by
    }

    private func x(_ t: Double) -> Double { ((ax * t + bx) * t + cx) * t }
    private func y(_ t: Double) -> Double { ((ay * t + by) * t + cy) * t }
    private func dx(_ t: Double) -> Double { (3 * ax * t + 2 * bx) * t + cx }

    func solve(_ target: Double) -> Double {
        // Newton's method first; bisection where the slope is too flat for it.
        var t = target
        for _ in 0..<8 {
            let error = x(t) - target
            if abs(error) < 1e-7 { return y(t) }
            let slope = dx(t)
            if abs(slope) < 1e-7 { break }
            t -= error / slope
        }
        var low = 0.0, high = 1.0
        t = target
        if t < low { return y(low) }
        if t > high { return y(high) }
        while low < high {
            let value = x(t)
            if abs(value - target) < 1e-7 { return y(t) }
            if target > value { low = t } else { high = t }
            t = (high - low) / 2 + low
            if high - low < 1e-12 { break }
        }
        return y(t)
    }
}
