import Foundation

/// Mapbox's cheap-ruler, as MapLibre's `distance` uses it: flat-earth distances in metres, scaled for the
/// WGS84 ellipsoid at one latitude, accurate over city distances.
struct CheapRuler {
    typealias Point = SIMD2<Double>
    /// Metres per degree of longitude (x) and latitude (y).
    private let kx: Double, ky: Double

    init(latitude: Double) {
        let re = 6378.137, fe = 1 / 298.257223563
        let e2 = fe * (2 - fe), rad = Double.pi / 180
        let m = rad * re * 1000
        let coslat = cos(latitude * rad)
        let w2 = 1 / (1 - e2 * (1 - coslat * coslat))
        let w = w2.squareRoot()
        kx = m * w * coslat
        ky = m * w * w2 * (1 - e2)
    }

    /// Metres between two (longitude, latitude) points.
    func distance(_ a: Point, _ b: Point) -> Double {
        let dx = Self.wrap(a.x - b.x) * kx, dy = (a.y - b.y) * ky
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The point of `line` nearest to `p`; NaN coordinates for a line of fewer than two points (JavaScript's
    /// undefined, which then measures as NaN).
    func pointOnLine(_ line: [Point], _ p: Point) -> Point {
        var minDistance = Double.infinity
        var nearest = Point(.nan, .nan)
        for i in 0..<Swift.max(line.count - 1, 0) {
            var x = line[i].x, y = line[i].y
            var dx = Self.wrap(line[i + 1].x - x) * kx, dy = (line[i + 1].y - y) * ky
            if dx != 0 || dy != 0 {
                let t = (Self.wrap(p.x - x) * kx * dx + (p.y - y) * ky * dy) / (dx * dx + dy * dy)
                if t > 1 {
                    x = line[i + 1].x
                    y = line[i + 1].y
                } else if t > 0 {
                    x += dx / kx * t
                    y += dy / ky * t
                }
            }
            dx = Self.wrap(p.x - x) * kx
            dy = (p.y - y) * ky
            let squared = dx * dx + dy * dy
            if squared < minDistance {
                minDistance = squared
                nearest = Point(x, y)
            }
        }
        return nearest
    }

    /// Longitude differences into -180...180. Stepping by 360 as cheap-ruler does, but values far out are
    /// first reduced exactly (`fmod`): the loop would take forever on them, and never leave infinity.
    static func wrap(_ degrees: Double) -> Double {
        guard degrees.isFinite else { return degrees }
        var d = degrees
        if abs(d) > 1e6 { d = fmod(d, 360) }
        while d < -180 { d += 360 }
        while d > 180 { d -= 360 }
        return d
    }
}
