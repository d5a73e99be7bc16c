/// The boxes of the labels placed so far over the whole poster, in a uniform grid so that a test looks
/// only at boxes nearby. One index serves every symbol layer, so labels never overlap across layers or
/// tiles.
struct CollisionIndex {
    private let cellSize: Double
    private var boxes: [PixelRect] = []
    /// Per box: whether it was placed with overlap `never` (cooperative symbols must not cover those).
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

    /// Whether any of `candidate` overlaps a box already in the index (touching edges do not count) that
    /// `mode` may not cover.
    func collides(_ candidate: [PixelRect], mode: OverlapMode = .never) -> Bool {
        guard mode != .always else { return false }
        for box in candidate {
            let (xs, ys) = cellRange(box)
            for x in xs {
                for y in ys {
                    guard let members = cells[Self.key(x, y)] else { continue }
                    for index in members {
                        if mode == .cooperative && !exclusive[Int(index)] { continue }
                        let other = boxes[Int(index)]
                        if box.minX < other.maxX && other.minX < box.maxX && box.minY < other.maxY && other.minY < box.maxY { return true }
                    }
                }
            }
        }
        return false
    }

    mutating func insert(_ placed: [PixelRect], mode: OverlapMode = .never) {
        for box in placed {
            let index = Int32(boxes.count)
            boxes.append(box)
            exclusive.append(mode == .never)
            let (xs, ys) = cellRange(box)
            for x in xs {
                for y in ys { cells[Self.key(x, y), default: []].append(index) }
            }
        }
    }
}
