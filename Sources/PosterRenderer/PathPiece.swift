/// The projected geometry of one feature in device pixels: one or more parts (rings or line strings).
///
/// Stored as `Float` pairs: at poster sizes (under 32767 px a side) a Float keeps a few thousandths of a
/// pixel, and halving the memory matters for city-scale posters.
struct PathPiece: Sendable {
    /// x, y interleaved.
    var coordinates: [Float] = []
    /// Index (in points) at which each part starts.
    var partStarts: [Int] = []
    /// Rings are closed; line strings are not.
    var closed: Bool
    var bounds = PixelRect.empty

    init(closed: Bool) {
        self.closed = closed
    }

    var pointCount: Int { coordinates.count / 2 }
    var isEmpty: Bool { coordinates.isEmpty }

    mutating func startPart() {
        partStarts.append(pointCount)
    }

    mutating func append(x: Double, y: Double) {
        coordinates.append(Float(x))
        coordinates.append(Float(y))
        bounds.include(x: x, y: y)
    }

    /// Calls `body` with each part's point range.
    func forEachPart(_ body: (Range<Int>) -> Void) {
        for (i, start) in partStarts.enumerated() {
            let end = i + 1 < partStarts.count ? partStarts[i + 1] : pointCount
            if end > start { body(start..<end) }
        }
    }
}
