import Canvas
import Foundation

/// The density surface MapLibre sums heatmap kernels into: a grid over the map's frame at a quarter of the
/// device resolution (⌊width/4⌋ × ⌊height/4⌋ cells), each cell holding the kernels' sum at its centre, which
/// the colour pass then samples bilinearly. Only a window of the grid is kept: the cells a part of the
/// poster (a band, the layer's extent) needs.
struct HeatmapDensity {
    /// The frame's top-left corner and the cells' size, in poster pixels.
    let originX: Double
    let originY: Double
    let cellWidth: Double
    let cellHeight: Double
    /// The whole grid's size in cells.
    let columns: Int
    let rows: Int
    /// The window kept, in cells of the whole grid.
    let firstColumn: Int
    let firstRow: Int
    let windowColumns: Int
    let windowRows: Int
    /// Row by row over the window. Float, as MapLibre keeps a half-float texture: more is noise.
    private(set) var values: [Float]

    /// The grid over `frame`, keeping the cells that bilinear samples inside `area` read; nil when the frame
    /// is narrower than a cell (MapLibre's texture then has no texels) or `area` misses it.
    init?(frame: PixelRect, area: PixelRect) {
        let columns = Int(Self.clamped(frame.width / 4, 0, 65536)), rows = Int(Self.clamped(frame.height / 4, 0, 65536))
        guard columns > 0, rows > 0 else { return nil }
        self.originX = frame.minX
        self.originY = frame.minY
        self.cellWidth = frame.width / Double(columns)
        self.cellHeight = frame.height / Double(rows)
        self.columns = columns
        self.rows = rows
        // A sample reads the cells on both sides of it.
        let c0 = Self.index((area.minX - frame.minX) / cellWidth - 0.5, columns), c1 = Self.index((area.maxX - frame.minX) / cellWidth + 0.5, columns)
        let r0 = Self.index((area.minY - frame.minY) / cellHeight - 0.5, rows), r1 = Self.index((area.maxY - frame.minY) / cellHeight + 0.5, rows)
        guard c1 >= c0, r1 >= r0 else { return nil }
        firstColumn = c0
        firstRow = r0
        windowColumns = c1 - c0 + 1
        windowRows = r1 - r0 + 1
        values = [Float](repeating: 0, count: windowColumns * windowRows)
    }

    private static func clamped(_ v: Double, _ lo: Double, _ hi: Double) -> Double { v.isNaN ? lo : min(max(v, lo), hi) }
    /// The cell at a fractional cell coordinate, within the grid.
    private static func index(_ v: Double, _ count: Int) -> Int { Int(clamped(v.rounded(.down), 0, Double(count - 1))) }

    /// Adds one kernel centred on (`x`, `y`) (poster pixels, as on screen) to the cells whose centres lie in
    /// the square it is drawn in. The square turns with the map: `angle` is the map's turn in radians.
    mutating func add(x: Double, y: Double, radius: Double, strength: Double, reach: Double, angle: Double = 0) {
        guard radius > 0, reach > 0, x.isFinite, y.isFinite else { return }
        let (c, s) = (cos(angle), sin(angle))
        let turned = abs(s) > 1e-12
        // The square's extent on screen: wider than `reach` when it is turned.
        let extent = turned ? reach * (abs(c) + abs(s)) : reach
        // Cells whose centres lie strictly inside the extent.
        let i0 = max(firstColumn, Int(Self.clamped(((x - extent - originX) / cellWidth - 0.5).rounded(.down) + 1, -1, Double(columns))))
        let i1 = min(firstColumn + windowColumns - 1, Int(Self.clamped(((x + extent - originX) / cellWidth - 0.5).rounded(.up) - 1, -1, Double(columns))))
        let j0 = max(firstRow, Int(Self.clamped(((y - extent - originY) / cellHeight - 0.5).rounded(.down) + 1, -1, Double(rows))))
        let j1 = min(firstRow + windowRows - 1, Int(Self.clamped(((y + extent - originY) / cellHeight - 0.5).rounded(.up) - 1, -1, Double(rows))))
        guard i0 <= i1, j0 <= j1 else { return }
        // The Gaussian is a product of one factor per axis: one exp per column and per row, not per cell.
        let k = -4.5 / (radius * radius)
        let columnFactors = (i0...i1).map { i -> Double in
            let dx = originX + (Double(i) + 0.5) * cellWidth - x
            return exp(k * dx * dx)
        }
        let peak = strength * PreparedHeatmap.gaussCoefficient
        for j in j0...j1 {
            let dy = originY + (Double(j) + 0.5) * cellHeight - y
            let rowFactor = peak * exp(k * dy * dy)
            let base = (j - firstRow) * windowColumns - firstColumn
            for i in i0...i1 {
                if turned {
                    // The cell's centre in the square's own axes.
                    let dx = originX + (Double(i) + 0.5) * cellWidth - x
                    let u = dx * c + dy * s, v = -dx * s + dy * c
                    guard abs(u) < reach, abs(v) < reach else { continue }
                }
                values[base + i] += Float(rowFactor * columnFactors[i - i0])
            }
        }
    }

    /// Adds one kernel lying on a pitched view's ground, as MapLibre extrudes heatmap kernels in tile units:
    /// centred on (`x`, `y`) of the flat layout, its square (±`reach`) projected by `groundToScreen`; each
    /// cell whose centre falls in the projected square takes the Gaussian at the ground point under that
    /// centre (traced back through `screenToGround`, as a GPU interpolates the kernel's extrusion with
    /// perspective correction). The grid lies on the output. Kernels reaching behind the eye are skipped.
    mutating func addOnGround(x: Double, y: Double, radius: Double, strength: Double, reach: Double,
                              groundToScreen m: DeviceTransform, screenToGround inverse: DeviceTransform) {
        guard radius > 0, reach > 0, x.isFinite, y.isFinite else { return }
        let corners = [(x - reach, y - reach), (x + reach, y - reach), (x + reach, y + reach), (x - reach, y + reach)]
        guard corners.allSatisfy({ m.wx * $0.0 + m.wy * $0.1 + m.w0 > 0 }) else { return }
        let projected = corners.map { m.apply(x: $0.0, y: $0.1) }
        let minX = projected.map(\.x).min()!, maxX = projected.map(\.x).max()!
        let minY = projected.map(\.y).min()!, maxY = projected.map(\.y).max()!
        let i0 = max(firstColumn, Int(Self.clamped(((minX - originX) / cellWidth - 0.5).rounded(.down) + 1, -1, Double(columns))))
        let i1 = min(firstColumn + windowColumns - 1, Int(Self.clamped(((maxX - originX) / cellWidth - 0.5).rounded(.up) - 1, -1, Double(columns))))
        let j0 = max(firstRow, Int(Self.clamped(((minY - originY) / cellHeight - 0.5).rounded(.down) + 1, -1, Double(rows))))
        let j1 = min(firstRow + windowRows - 1, Int(Self.clamped(((maxY - originY) / cellHeight - 0.5).rounded(.up) - 1, -1, Double(rows))))
        guard i0 <= i1, j0 <= j1 else { return }
        let k = -4.5 / (radius * radius)
        let peak = strength * PreparedHeatmap.gaussCoefficient
        for j in j0...j1 {
            let cy = originY + (Double(j) + 0.5) * cellHeight
            let base = (j - firstRow) * windowColumns - firstColumn
            for i in i0...i1 {
                let ground = inverse.apply(x: originX + (Double(i) + 0.5) * cellWidth, y: cy)
                let dx = ground.x - x, dy = ground.y - y
                guard abs(dx) < reach, abs(dy) < reach else { continue }
                values[base + i] += Float(peak * exp(k * (dx * dx + dy * dy)))
            }
        }
    }

    /// The density at (`x`, `y`) (poster pixels), interpolated between the four nearest cell centres as a
    /// linearly filtered texture is, clamped at the grid's edges.
    func sample(x: Double, y: Double) -> Double {
        let u = Self.clamped((x - originX) / cellWidth - 0.5, -1, Double(columns)), v = Self.clamped((y - originY) / cellHeight - 0.5, -1, Double(rows))
        let u0 = u.rounded(.down), v0 = v.rounded(.down)
        let fu = u - u0, fv = v - v0
        let i0 = Int(u0), j0 = Int(v0)
        func at(_ i: Int, _ j: Int) -> Double {
            let ci = min(max(i, 0), columns - 1) - firstColumn, cj = min(max(j, 0), rows - 1) - firstRow
            guard ci >= 0, ci < windowColumns, cj >= 0, cj < windowRows else { return 0 }
            return Double(values[cj * windowColumns + ci])
        }
        let top = at(i0, j0) * (1 - fu) + at(i0 + 1, j0) * fu
        let bottom = at(i0, j0 + 1) * (1 - fu) + at(i0 + 1, j0 + 1) * fu
        return top * (1 - fv) + bottom * fv
    }
}
