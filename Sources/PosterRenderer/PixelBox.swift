/// Whole device pixels: columns `minX ..< maxX`, rows `minY ..< maxY`.
struct PixelBox: Hashable, Sendable {
    var minX: Int
    var minY: Int
    var maxX: Int
    var maxY: Int

    init(minX: Int, minY: Int, maxX: Int, maxY: Int) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The pixels lying wholly inside `rect` (none where it is less than a pixel across).
    init?(inside rect: PixelRect) {
        guard rect.minX.isFinite, rect.minY.isFinite, rect.maxX.isFinite, rect.maxY.isFinite else { return nil }
        minX = Int(rect.minX.rounded(.up))
        minY = Int(rect.minY.rounded(.up))
        maxX = Int(rect.maxX.rounded(.down))
        maxY = Int(rect.maxY.rounded(.down))
        guard minX < maxX, minY < maxY else { return nil }
    }
}
