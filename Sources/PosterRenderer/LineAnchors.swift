import Foundation
import VectorTile

/// Where MapLibre puts symbols along a line of one tile (`getAnchors` and `resample`): the first a fixed
/// distance in from the line's start (half a spacing when the line comes in over the tile's edge), then
/// one every `symbol-spacing`, each with room for the label on the line; only anchors inside the tile are
/// kept (its neighbour places the rest). A line with none is tried again from its middle on.
struct LineAnchors {
    /// One anchor: where, and the direction of the line there (radians, y down).
    struct Anchor: Equatable {
        var x: Double
        var y: Double
        var angle: Double
        /// The segment of the line the anchor is on (its start point's index).
        var segment = 0
    }

    /// - Parameters:
    ///   - points: the line in tile units, x and y interleaved.
    ///   - extent: the tile's extent.
    ///   - unit: tile units per layout pixel (the spacing and lengths below are layout pixels).
    ///   - spacing: `symbol-spacing`.
    ///   - labelLength: the label's length along the line as MapLibre measures it.
    ///   - startOffset: MapLibre's distance of the first anchor from a line's start.
    ///   - overscaling: how much the tile is overscaled: a line continued from a neighbour starts half a
    ///     spacing in at the source's zoom, so that anchors line up with those of the parent tile.
    ///   - bends: for text, MapLibre's `checkMaxAngle`: the window (tile units) and the most the line may
    ///     turn within it (radians) along the label; nil for icons.
    static func anchors(_ points: [Double], extent: Double, unit: Double, spacing: Double, labelLength: Double,
                        startOffset: Double, overscaling: Double = 1, center: Bool, bends: (window: Double, maxAngle: Double)? = nil) -> [Anchor] {
        guard points.count >= 4, unit > 0, spacing.isFinite, labelLength.isFinite else { return [] }
        var lengths = [0.0]
        for i in stride(from: 2, to: points.count, by: 2) {
            lengths.append(lengths[lengths.count - 1] + hypot(points[i] - points[i - 2], points[i + 1] - points[i - 1]))
        }
        let total = lengths[lengths.count - 1]
        guard total > 0 else { return [] }
        let length = labelLength * unit
        if center {
            return resample(points, lengths, offset: total / 2, spacing: .infinity, length: length, extent: extent, bends: bends)
        }
        var spacing = max(spacing, 1) * unit
        if spacing - length < spacing / 4 { spacing = length + spacing / 4 }
        let continued = points[0] == 0 || points[0] == extent || points[1] == 0 || points[1] == extent
        let offset = continued ? (spacing / 2 * overscaling).truncatingRemainder(dividingBy: spacing) : (startOffset * unit).truncatingRemainder(dividingBy: spacing)
        let found = resample(points, lengths, offset: offset, spacing: spacing, length: length, extent: extent, bends: bends)
        if found.isEmpty && !continued {
            return resample(points, lengths, offset: total / 2, spacing: spacing, length: length, extent: extent, bends: bends)
        }
        return found
    }

    private static func resample(_ points: [Double], _ lengths: [Double], offset: Double, spacing: Double, length: Double,
                                 extent: Double, bends: (window: Double, maxAngle: Double)?) -> [Anchor] {
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
                let anchor = Anchor(x: x.rounded(), y: y.rounded(), angle: atan2(by - ay, bx - ax), segment: segment)
                if bends.map({ bendsLittle(points, anchor, length: length, window: $0.window, maxAngle: $0.maxAngle) }) ?? true {
                    anchors.append(anchor)
                }
            }
            guard spacing.isFinite else { break }
            marked += spacing
        }
        return anchors
    }
}

extension LineAnchors {
    /// MapLibre's `checkMaxAngle`: whether the line turns by at most `maxAngle` within any `window` of the
    /// label's length about the anchor (and the label fits on the line).
    static func bendsLittle(_ points: [Double], _ anchor: Anchor, length: Double, window: Double, maxAngle: Double) -> Bool {
        let n = points.count / 2
        func point(_ i: Int) -> (Double, Double) { (points[2 * i], points[2 * i + 1]) }
        func distance(_ a: (Double, Double), _ b: (Double, Double)) -> Double { hypot(a.0 - b.0, a.1 - b.1) }
        func angle(_ a: (Double, Double), _ b: (Double, Double)) -> Double { atan2(a.1 - b.1, a.0 - b.0) }
        var index = anchor.segment + 1
        var along = 0.0
        var p = (anchor.x, anchor.y)
        // Back along the line to the first segment the label lies on.
        while along > -length / 2 {
            index -= 1
            if index < 0 { return false }
            along -= distance(point(index), p)
            p = point(index)
        }
        along += distance(point(index), point(index + 1))
        index += 1
        var corners: [(distance: Double, delta: Double)] = []
        var recent = 0.0
        while along < length / 2 {
            guard index + 1 < n else { return false }
            let previous = point(index - 1), current = point(index), next = point(index + 1)
            var delta = angle(previous, current) - angle(current, next)
            delta = abs((delta + 3 * .pi).truncatingRemainder(dividingBy: 2 * .pi) - .pi)
            corners.append((along, delta))
            recent += delta
            while let first = corners.first, along - first.distance > window {
                recent -= first.delta
                corners.removeFirst()
            }
            if recent > maxAngle { return false }
            index += 1
            along += distance(current, next)
        }
        return true
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
