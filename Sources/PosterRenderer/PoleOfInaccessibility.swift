import Foundation

/// The point inside a polygon farthest from its edges (Mapbox's polylabel, as MapLibre places a point
/// symbol on an area): cells over the outer ring's box are split, most promising first, until none can
/// beat the best by more than `precision`.
enum PoleOfInaccessibility {
    /// - Parameters:
    ///   - rings: the outer ring first, then its holes; x and y interleaved, closed or not.
    ///   - precision: how close to the true pole the answer must be, in the rings' units.
    static func find(_ rings: [[Double]], precision: Double) -> (x: Double, y: Double)? {
        guard let outer = rings.first, outer.count >= 6 else { return nil }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for i in stride(from: 0, to: outer.count, by: 2) {
            minX = min(minX, outer[i]); maxX = max(maxX, outer[i]); minY = min(minY, outer[i + 1]); maxY = max(maxY, outer[i + 1])
        }
        guard minX.isFinite, minY.isFinite else { return nil }
        let width = maxX - minX, height = maxY - minY
        let cellSize = min(width, height)
        guard cellSize > 0 else { return (minX, minY) }
        let precision = max(precision, cellSize / 1e6)

        struct Cell {
            var x: Double, y: Double, half: Double, distance: Double
            var potential: Double { distance + half * 2.0.squareRoot() }
        }
        func cell(_ x: Double, _ y: Double, _ half: Double) -> Cell { Cell(x: x, y: y, half: half, distance: signedDistance(x, y, rings)) }

        var queue = MaxHeap<Cell> { $0.potential < $1.potential }
        let half = cellSize / 2
        var x = minX
        // Bounded: a cell is at least a millionth of the box, so thin boxes cannot flood the queue.
        while x < maxX && queue.count < 100_000 {
            var y = minY
            while y < maxY && queue.count < 100_000 {
                queue.push(cell(x + half, y + half, half))
                y += cellSize
            }
            x += cellSize
        }
        var best = centroidCell(outer, fallback: cell(minX + width / 2, minY + height / 2, 0), rings)
        let boxCentre = cell(minX + width / 2, minY + height / 2, 0)
        if boxCentre.distance > best.distance { best = boxCentre }
        var steps = 0
        while let next = queue.pop(), steps < 1_000_000 {
            steps += 1
            if next.distance > best.distance { best = next }
            if next.potential - best.distance <= precision { continue }
            let h = next.half / 2
            queue.push(cell(next.x - h, next.y - h, h))
            queue.push(cell(next.x + h, next.y - h, h))
            queue.push(cell(next.x - h, next.y + h, h))
            queue.push(cell(next.x + h, next.y + h, h))
        }
        return (best.x, best.y)

        func centroidCell(_ ring: [Double], fallback: Cell, _ rings: [[Double]]) -> Cell {
            var area = 0.0, cx = 0.0, cy = 0.0
            let n = ring.count / 2
            var j = n - 1
            for i in 0..<n {
                let ax = ring[2 * i], ay = ring[2 * i + 1], bx = ring[2 * j], by = ring[2 * j + 1]
                let f = ax * by - bx * ay
                cx += (ax + bx) * f
                cy += (ay + by) * f
                area += f * 3
                j = i
            }
            guard area != 0 else { return Cell(x: ring[0], y: ring[1], half: 0, distance: signedDistance(ring[0], ring[1], rings)) }
            let x = cx / area, y = cy / area
            return Cell(x: x, y: y, half: 0, distance: signedDistance(x, y, rings))
        }
    }

    /// How far (x, y) is from the nearest edge: positive inside the polygon, negative outside.
    static func signedDistance(_ x: Double, _ y: Double, _ rings: [[Double]]) -> Double {
        var inside = false
        var minDistanceSquared = Double.infinity
        for ring in rings {
            let n = ring.count / 2
            guard n >= 2 else { continue }
            var j = n - 1
            for i in 0..<n {
                let ax = ring[2 * i], ay = ring[2 * i + 1], bx = ring[2 * j], by = ring[2 * j + 1]
                if (ay > y) != (by > y), x < (bx - ax) * (y - ay) / (by - ay) + ax { inside.toggle() }
                minDistanceSquared = min(minDistanceSquared, segmentDistanceSquared(x, y, ax, ay, bx, by))
                j = i
            }
        }
        let distance = minDistanceSquared.squareRoot()
        return inside ? distance : -distance
    }

    private static func segmentDistanceSquared(_ px: Double, _ py: Double, _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
        var x = ax, y = ay
        let dx = bx - ax, dy = by - ay
        if dx != 0 || dy != 0 {
            let t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
            if t > 1 { x = bx; y = by } else if t > 0 { x += dx * t; y += dy * t }
        }
        return (px - x) * (px - x) + (py - y) * (py - y)
    }
}

/// A binary heap whose `pop` returns the greatest element by `less`.
struct MaxHeap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool

    init(_ less: @escaping (Element, Element) -> Bool) { self.less = less }

    var count: Int { items.count }

    mutating func push(_ item: Element) {
        items.append(item)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(items[parent], items[i]) else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let left = 2 * i + 1, right = left + 1
            var largest = i
            if left < items.count && less(items[largest], items[left]) { largest = left }
            if right < items.count && less(items[largest], items[right]) { largest = right }
            if largest == i { break }
            items.swapAt(i, largest)
            i = largest
        }
        return top
    }
}
