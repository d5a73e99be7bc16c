/// The projected geometry of one feature in device pixels: one or more parts (rings or line strings).
///
/// Stored as `Float` pairs: at poster sizes (under 32767 px a side) a Float keeps a few thousandths of a
/// pixel, and halving the memory matters for city-scale posters.
struct PathPiece: Sendable {
    /// x, y interleaved.
    var coordinates: [Float] = []
    /// Index (in points) at which each part starts.
    var partStarts: [Int] = []
    /// Per part: how its ends came about (see ``PartEnds``).
    var partEnds: [PartEnds] = []
    /// Per part: how far along the tile's line its first point lies (device pixels; nonzero where the
    /// start was cut off), so that dashes keep their phase across the cut.
    var partStartDistances: [Float] = []
    /// Rings are closed; line strings are not.
    var closed: Bool
    var bounds = PixelRect.empty
    /// The tile's rectangle when a ring was cut to it: the edges along it are the cut, not the feature's, and
    /// an outline leaves them out so that a feature's tiles meet without a seam.
    var cutRect: PixelRect?

    init(closed: Bool) {
        self.closed = closed
    }

    var pointCount: Int { coordinates.count / 2 }
    var isEmpty: Bool { coordinates.isEmpty }

    mutating func startPart(_ ends: PartEnds = [], startDistance: Double = 0) {
        partStarts.append(pointCount)
        partEnds.append(ends)
        partStartDistances.append(Float(startDistance))
    }

    mutating func append(x: Double, y: Double) {
        coordinates.append(Float(x))
        coordinates.append(Float(y))
        bounds.include(x: x, y: y)
    }

    /// Calls `body` with each part's point range.
    func forEachPart(_ body: (Range<Int>) -> Void) {
        forEachPart { range, _, _ in body(range) }
    }

    /// Calls `body` with each part's point range, how its ends came about and its start distance.
    func forEachPart(_ body: (Range<Int>, PartEnds, Double) -> Void) {
        for (i, start) in partStarts.enumerated() {
            let end = i + 1 < partStarts.count ? partStarts[i + 1] : pointCount
            if end > start { body(start..<end, partEnds[i], Double(partStartDistances[i])) }
        }
    }
}

/// How the ends of a line part came about: a line's own ends get its caps; ends made by cutting it at a
/// tile's edge get none, so that the next tile's part continues it; a whole ring is joined all round.
struct PartEnds: OptionSet, Sendable {
    let rawValue: UInt8
    static let cutStart = PartEnds(rawValue: 1)
    static let cutEnd = PartEnds(rawValue: 2)
    /// A polygon's ring stroked as a line, not cut anywhere.
    static let ring = PartEnds(rawValue: 4)
}
