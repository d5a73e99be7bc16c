import Canvas

extension MapPainter {
    /// An estimate of what drawing each of `count` output rows from `firstRow` costs, for splitting a band
    /// into slices of equal work: every piece of geometry (lines, fills, prisms) weighs its points plus a
    /// little, spread over the rows its box covers on the output, every label its glyphs over its rows, and
    /// every row a little for its pixels. Nil where the estimate cannot place geometry (a turned flat map),
    /// and the band is then split evenly.
    ///
    /// Splitting by rows alone leaves one core idle: on a pitched view the sky and the ground beyond the
    /// tiles are nearly free while the rows between are busy (a 2400x3600 pitched poster's two halves took
    /// 190 and 125 ms), and per slice each layer's geometry is walked again, so more slices cost more than
    /// they balance.
    func rowCosts(_ layers: [PreparedLayer], firstRow: Int, count: Int) -> [Double]? {
        guard count > 0 else { return [] }
        if perspective == nil && bearing.truncatingRemainder(dividingBy: 360) != 0 { return nil }
        // Per-row increments, summed at the end: a box adds its weight per row from its first row to its last.
        var slope = [Double](repeating: 0, count: count + 1)
        func add(_ weight: Double, minY: Double, maxY: Double) {
            guard minY.isFinite, maxY.isFinite, maxY >= minY else { return }
            let first = max(Int(minY.rounded(.down)) - firstRow, 0), last = min(Int(maxY.rounded(.up)) - firstRow, count - 1)
            guard first <= last else { return }
            let perRow = weight / Double(last - first + 1)
            slope[first] += perRow
            slope[last + 1] -= perRow
        }
        // A box of the flat layout, as rows of the output.
        func rows(of box: PixelRect) -> (minY: Double, maxY: Double)? {
            guard let view = perspective else { return (box.minY, box.maxY) }
            let m = view.groundToScreen
            var minY = Double.infinity, maxY = -Double.infinity
            for (x, y) in [(box.minX, box.minY), (box.maxX, box.minY), (box.minX, box.maxY), (box.maxX, box.maxY)] {
                let w = m.wx * x + m.wy * y + m.w0
                // A corner behind the near cut reaches the bottom of the output.
                guard w > view.minimumDepth else { maxY = Double(firstRow + count); continue }
                let screenY = (m.yx * x + m.yy * y + m.y0) / w
                minY = min(minY, screenY)
                maxY = max(maxY, screenY)
            }
            if minY == .infinity { return nil }
            return (max(minY, Double(view.firstGroundRow)), maxY)
        }
        func add(_ pieces: [PathPiece], perPoint: Double) {
            for piece in pieces where piece.bounds.minY <= piece.bounds.maxY {
                if let r = rows(of: piece.bounds) { add(Double(piece.pointCount) * perPoint + 8, minY: r.minY, maxY: r.maxY) }
            }
        }
        for layer in layers {
            switch layer {
            case .fill(_, let groups):
                for group in groups { add(group.pieces, perPoint: 1) }
            case .line(_, let groups):
                for group in groups { add(group.pieces, perPoint: 1) }
            case .extrusions(_, let extrusions):
                // Walls as well as roofs; a prism rises above its ground box, which this leaves out.
                for roof in extrusions.roofs where roof.piece.bounds.minY <= roof.piece.bounds.maxY {
                    if let r = rows(of: roof.piece.bounds) { add(Double(roof.piece.pointCount) * 4 + 16, minY: r.minY, maxY: r.maxY) }
                }
            case .symbols(_, let labels):
                // Placed labels are on the output already.
                for label in labels { add(Double(label.glyphs.count) * 8 + 16, minY: label.bounds.minY, maxY: label.bounds.maxY) }
            default:
                continue
            }
        }
        var costs = [Double](repeating: 0, count: count)
        // Every row's pixels: about what a 2400 px row of fills and lines costs beside a few pieces.
        let perRow = frame.width / 100
        var running = 0.0
        for row in 0..<count {
            running += slope[row]
            costs[row] = max(running, 0) + perRow
        }
        return costs
    }

    /// Where to cut `costs` (rows from 0) into `parts` runs of about equal sum: the first row of each run after
    /// the first, increasing, each run at least `minimumRows` long where the rows allow.
    static func balancedCuts(_ costs: [Double], parts: Int, minimumRows: Int = 16) -> [Int] {
        guard parts > 1, costs.count >= parts * minimumRows else {
            return (1..<max(parts, 1)).map { costs.count * $0 / max(parts, 1) }
        }
        let total = costs.reduce(0, +)
        var cuts: [Int] = []
        var sum = 0.0, row = 0
        for part in 1..<parts {
            let target = total * Double(part) / Double(parts)
            let earliest = (cuts.last ?? 0) + minimumRows, latest = costs.count - (parts - part) * minimumRows
            while row < costs.count && (sum + costs[row] <= target || row < earliest) && row < latest {
                sum += costs[row]
                row += 1
            }
            cuts.append(row)
        }
        return cuts
    }
}
