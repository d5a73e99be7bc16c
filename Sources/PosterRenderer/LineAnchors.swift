import Foundation
import VectorTile

/// Where MapLibre puts symbols along a line of one tile (`getAnchors` and `resample`): the first a fixed
/// distance in from the line's start (half a spacing when the line comes in over the tile's edge), then
/// one every `symbol-spacing`, each with room for the label on the line; only anchors inside the tile are
/// kept (its neighbour places the rest). A line with none gets one in its middle.
struct LineAnchors {
    /// One anchor: where, and the direction of the line there (radians, y down).
    struct Anchor: Equatable {
        var x: Double
        var y: Double
        var angle: Double
    }

    /// - Parameters:
    ///   - points: the line in tile units, x and y interleaved.
    ///   - extent: the tile's extent.
    ///   - unit: tile units per layout pixel (the spacing and lengths below are layout pixels).
    ///   - spacing: `symbol-spacing`.
    ///   - labelLength: the label's length along the line as MapLibre measures it.
    ///   - startOffset: MapLibre's distance of the first anchor from a line's start.
    static func anchors(_ points: [Double], extent: Double, unit: Double, spacing: Double, labelLength: Double,
                        startOffset: Double, center: Bool) -> [Anchor] {
        guard points.count >= 4, unit > 0, spacing.isFinite, labelLength.isFinite else { return [] }
        var lengths = [0.0]
        for i in stride(from: 2, to: points.count, by: 2) {
            lengths.append(lengths[lengths.count - 1] + hypot(points[i] - points[i - 2], points[i + 1] - points[i - 1]))
        }
        let total = lengths[lengths.count - 1]
        guard total > 0 else { return [] }
        let length = labelLength * unit
        if center {
            return resample(points, lengths, offset: total / 2, spacing: .infinity, length: length, extent: extent)
        }
        var spacing = max(spacing, 1) * unit
        if spacing - length < spacing / 4 { spacing = length + spacing / 4 }
        let continued = points[0] == 0 || points[0] == extent || points[1] == 0 || points[1] == extent
        let offset = continued ? (spacing / 2).truncatingRemainder(dividingBy: spacing) : (startOffset * unit).truncatingRemainder(dividingBy: spacing)
        let found = resample(points, lengths, offset: offset, spacing: spacing, length: length, extent: extent)
        if found.isEmpty && !continued {
            return resample(points, lengths, offset: total / 2, spacing: .infinity, length: length, extent: extent)
        }
        return found
    }

    private static func resample(_ points: [Double], _ lengths: [Double], offset: Double, spacing: Double, length: Double,
                                 extent: Double) -> [Anchor] {
        let total = lengths[lengths.count - 1]
        var anchors: [Anchor] = []
        var marked = offset
        var segment = 0
        // Bounded: a line gets at most one anchor per spacing, and tiles are finite.
        while marked <= total && anchors.count < 10_000 {
            while segment + 2 < lengths.count && lengths[segment + 1] < marked { segment += 1 }
            let ax = points[2 * segment], ay = points[2 * segment + 1], bx = points[2 * segment + 2], by = points[2 * segment + 3]
            let span = lengths[segment + 1] - lengths[segment]
            let t = span > 0 ? (marked - lengths[segment]) / span : 0
            let x = ax + (bx - ax) * t, y = ay + (by - ay) * t
            if x >= 0 && x < extent && y >= 0 && y < extent && marked - length / 2 >= 0 && marked + length / 2 <= total {
                // MapLibre rounds anchors to whole tile units.
                anchors.append(Anchor(x: x.rounded(), y: y.rounded(), angle: atan2(by - ay, bx - ax)))
            }
            guard spacing.isFinite else { break }
            marked += spacing
        }
        return anchors
    }
}

/// Collects a feature's lines (rings closed) in tile units.
struct LineCollector: GeometryVisitor {
    var parts: [[Double]] = []
    private var start: (Int32, Int32)?
    mutating func moveTo(x: Int32, y: Int32) {
        parts.append([Double(x), Double(y)])
        start = (x, y)
    }
    mutating func lineTo(x: Int32, y: Int32) {
        guard !parts.isEmpty else { return }
        parts[parts.count - 1] += [Double(x), Double(y)]
    }
    mutating func closePath() {
        guard let start, !parts.isEmpty else { return }
        parts[parts.count - 1] += [Double(start.0), Double(start.1)]
    }
}
