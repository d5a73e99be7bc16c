import Foundation

/// MapLibre's `PathInterpolator`: points at fractions of a path's length, the path shortened at both ends
/// by a padding (at most half its length), as collision circles are spread along a line label.
struct PathInterpolator {
    private let points: [(x: Double, y: Double)]
    private let distances: [Double]
    let length: Double
    let padding: Double
    let paddedLength: Double

    init(_ points: [(x: Double, y: Double)], padding: Double) {
        self.points = points
        var distances = [0.0]
        for i in points.indices.dropFirst() {
            distances.append(distances[i - 1] + hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y))
        }
        self.distances = distances
        length = distances[distances.count - 1]
        self.padding = min(padding, length * 0.5)
        paddedLength = length - self.padding * 2
    }

    /// The point at `t` (0...1) of the padded path.
    func point(at t: Double) -> (x: Double, y: Double) {
        guard points.count > 1 else { return points.first ?? (0, 0) }
        let target = min(max(t, 0), 1) * paddedLength + padding
        var index = 1
        while index < distances.count - 1 && distances[index] < target { index += 1 }
        let span = distances[index] - distances[index - 1]
        let s = span > 0 ? (target - distances[index - 1]) / span : 0
        let a = points[index - 1], b = points[index]
        return (a.x * (1 - s) + b.x * s, a.y * (1 - s) + b.y * s)
    }

    /// The pieces of `path` inside `rect`: the whole path when it lies inside, none when it lies outside.
    static func clip(_ path: [(x: Double, y: Double)], to rect: PixelRect) -> [[(x: Double, y: Double)]] {
        guard let first = path.first else { return [] }
        var box = PixelRect(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        for p in path {
            box = PixelRect(minX: min(box.minX, p.x), minY: min(box.minY, p.y), maxX: max(box.maxX, p.x), maxY: max(box.maxY, p.y))
        }
        if box.minX >= rect.minX && box.maxX <= rect.maxX && box.minY >= rect.minY && box.maxY <= rect.maxY { return [path] }
        if box.maxX < rect.minX || box.minX > rect.maxX || box.maxY < rect.minY || box.minY > rect.maxY { return [] }
        return GeometryClipper(rect: rect).clipLine(path.flatMap { [$0.x, $0.y] }).map { flat in
            stride(from: 0, to: flat.count - 1, by: 2).map { (flat[$0], flat[$0 + 1]) }
        }
    }
}
