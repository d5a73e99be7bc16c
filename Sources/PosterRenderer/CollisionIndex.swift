/// The boxes and circles of the labels placed so far over the whole poster, in a uniform grid so that a
/// test looks only at those nearby. One index serves every symbol layer, so labels never overlap across
/// layers or tiles. Circles are MapLibre's collision circles of text along lines.
struct CollisionIndex {
    /// A circle on the page: centre and radius.
    struct Circle: Equatable {
        var x: Double
        var y: Double
        var radius: Double

        var bounds: PixelRect { PixelRect(minX: x - radius, minY: y - radius, maxX: x + radius, maxY: y + radius) }
    }

    private let cellSize: Double
    /// Per entry: its box (a circle's bounding box) and, for a circle, the circle.
    private var boxes: [PixelRect] = []
    private var circles: [Circle?] = []
    /// Per entry: whether it was placed with overlap `never` (cooperative symbols must not cover those).
    private var exclusive: [Bool] = []
    private var cells: [Int64: [Int32]] = [:]

    init(cellSize: Double = 64) {
        self.cellSize = cellSize
    }

    var count: Int { boxes.count }

    private func cellRange(_ box: PixelRect) -> (ClosedRange<Int>, ClosedRange<Int>) {
        // Boxes far off the poster (a huge offset) are clamped so that the grid stays small.
        func cell(_ v: Double) -> Int { Int(max(min((v / cellSize).rounded(.down), 1e6), -1e6)) }
        let x0 = cell(box.minX), x1 = cell(box.maxX)
        let y0 = cell(box.minY), y1 = cell(box.maxY)
        return (x0...max(x0, x1), y0...max(y0, y1))
    }

    private static func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: y))) }

    /// Whether `test` holds for any entry near `area` that `mode` may not cover.
    private func any(near area: PixelRect, mode: OverlapMode, _ test: (PixelRect, Circle?) -> Bool) -> Bool {
        let (xs, ys) = cellRange(area)
        for x in xs {
            for y in ys {
                guard let members = cells[Self.key(x, y)] else { continue }
                for index in members {
                    if mode == .cooperative && !exclusive[Int(index)] { continue }
                    if test(boxes[Int(index)], circles[Int(index)]) { return true }
                }
            }
        }
        return false
    }

    /// Whether any of `candidate` overlaps a box already in the index (touching edges do not count) or a
    /// circle (as MapLibre's grid tests a box against a circle) that `mode` may not cover.
    func collides(_ candidate: [PixelRect], mode: OverlapMode = .never) -> Bool {
        guard mode != .always else { return false }
        return candidate.contains { box in
            any(near: box, mode: mode) { other, circle in
                if let circle { return Self.circle(circle, meets: box) }
                return box.minX < other.maxX && other.minX < box.maxX && box.minY < other.maxY && other.minY < box.maxY
            }
        }
    }

    /// Whether any of `candidate` overlaps a circle or a box already in the index that `mode` may not cover.
    func collides(_ candidate: [Circle], mode: OverlapMode = .never) -> Bool {
        guard mode != .always else { return false }
        return candidate.contains { circle in
            any(near: circle.bounds, mode: mode) { other, placed in
                if let placed {
                    let reach = circle.radius + placed.radius
                    return reach * reach > (circle.x - placed.x) * (circle.x - placed.x) + (circle.y - placed.y) * (circle.y - placed.y)
                }
                return Self.circle(circle, meets: other)
            }
        }
    }

    /// MapLibre's `circleAndRectCollide`.
    static func circle(_ circle: Circle, meets box: PixelRect) -> Bool {
        let halfWidth = (box.maxX - box.minX) / 2, halfHeight = (box.maxY - box.minY) / 2
        let dx = abs(circle.x - (box.minX + halfWidth))
        if dx > halfWidth + circle.radius { return false }
        let dy = abs(circle.y - (box.minY + halfHeight))
        if dy > halfHeight + circle.radius { return false }
        if dx <= halfWidth || dy <= halfHeight { return true }
        let cx = dx - halfWidth, cy = dy - halfHeight
        return cx * cx + cy * cy <= circle.radius * circle.radius
    }

    mutating func insert(_ placed: [PixelRect], mode: OverlapMode = .never) {
        for box in placed { add(box, nil, mode) }
    }

    mutating func insert(_ placed: [Circle], mode: OverlapMode = .never) {
        for circle in placed { add(circle.bounds, circle, mode) }
    }

    private mutating func add(_ box: PixelRect, _ circle: Circle?, _ mode: OverlapMode) {
        let index = Int32(boxes.count)
        boxes.append(box)
        circles.append(circle)
        exclusive.append(mode == .never)
        let (xs, ys) = cellRange(box)
        for x in xs {
            for y in ys { cells[Self.key(x, y), default: []].append(index) }
        }
    }
}
