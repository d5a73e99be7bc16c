import Foundation
import Canvas

/// Features that share one paint.
struct PaintGroup<Paint: Hashable & Sendable>: Sendable {
    var paint: Paint
    var pieces: [PathPiece]
    /// Each piece is a whole feature (all from one tile), so pieces may be drawn one by one.
    var wholeFeatures = false
}
