/// Fills small flattened outlines (turned glyphs) straight into premultiplied ARGB32 pixels, with the exact
/// area each pixel's square shares with the outline as its coverage, as FreeType's rasteriser computes it.
///
/// Each edge adds to every pixel it crosses the signed area between it and the pixel's left side; a row's
/// running sum of those is the winding-weighted coverage, clamped to one (non-zero filling, for outlines
/// whose overlapping parts wind the same way, as glyphs' do). One rasteriser is reused for a label's glyphs:
/// its buffer grows to the largest glyph and stays.
struct OutlineCoverage {
    /// Glyphs whose box is larger than this on a side are left to cairo (a title-sized glyph is not turned).
    static let largestSide = 1024

    private var cells: [Double] = []

    /// Fills the outline whose contours are `points` (device pixels: x, y pairs, each contour closed back to
    /// its first point) up to each of `ends`, in `color` (straight alpha) over `pixels`, within `clip` (device
    /// pixels, half-open). False, drawing nothing, when the outline is too large or not finite.
    mutating func fill(_ points: [Double], ends: [Int], color: RGBAColor, clip: PixelBounds,
                       into pixels: UnsafeMutableRawBufferPointer, stride: Int) -> Bool {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        var i = 0
        while i + 1 < points.count {
            // min and max pass over a NaN: each point is checked.
            guard points[i].isFinite, points[i + 1].isFinite else { return false }
            minX = min(minX, points[i])
            maxX = max(maxX, points[i])
            minY = min(minY, points[i + 1])
            maxY = max(maxY, points[i + 1])
            i += 2
        }
        // No point at all: nothing to draw.
        guard minX.isFinite else { return true }
        guard maxX - minX < Double(Self.largestSide), maxY - minY < Double(Self.largestSide) else { return false }
        let originX = minX.rounded(.down), originY = minY.rounded(.down)
        // One column more than the box: an edge on the box's right side adds to the cell past it.
        let width = Int(maxX.rounded(.up) - originX) + 2, height = Int(maxY.rounded(.up) - originY) + 1
        let left = Int(originX), top = Int(originY)
        let firstRow = max(top, clip.minY), endRow = min(top + height, clip.maxY)
        let firstColumn = max(left, clip.minX), endColumn = min(left + width, clip.maxX)
        // Outside the clip: nothing to draw.
        guard firstRow < endRow, firstColumn < endColumn else { return true }
        let rows = firstRow..<endRow, columns = firstColumn..<endColumn
        if cells.count < width * height { cells = [Double](repeating: 0, count: width * height) }
        cells.withUnsafeMutableBufferPointer { cells in
            var start = 0
            for end in ends {
                defer { start = end }
                guard end - start >= 6, end <= points.count else { continue }
                var i = start
                while i + 1 < end {
                    let j = i + 2 < end ? i + 2 : start
                    Self.addEdge(points[i] - originX, points[i + 1] - originY, points[j] - originX, points[j + 1] - originY,
                                 width: width, height: height, into: cells)
                    i += 2
                }
            }
            let alpha = min(max(color.alpha, 0), 1)
            let red = min(max(color.red, 0), 1) * alpha, green = min(max(color.green, 0), 1) * alpha, blue = min(max(color.blue, 0), 1) * alpha
            for row in 0..<height {
                let y = top + row
                var sum = 0.0
                for column in 0..<width {
                    let index = row * width + column
                    sum += cells[index]
                    // Cleared as it is read: the buffer is zero again for the next glyph.
                    cells[index] = 0
                    let x = left + column
                    guard rows.contains(y), columns.contains(x) else { continue }
                    let coverage = min(abs(sum), 1)
                    guard coverage > 0 else { continue }
                    let pixel = (pixels.baseAddress! + y * stride).assumingMemoryBound(to: UInt32.self) + x
                    blendSourceOver(&pixel.pointee, red * coverage, green * coverage, blue * coverage, alpha * coverage)
                }
            }
        }
        return true
    }

    /// Adds the signed areas of the edge from (x0, y0) to (x1, y1) (buffer pixels) to the cells it crosses:
    /// positive going down, so that an outline wound either way comes to ±1 inside.
    private static func addEdge(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, width: Int, height: Int,
                                into cells: UnsafeMutableBufferPointer<Double>) {
        guard y0 != y1 else { return }
        let (direction, xTop, yTop, xBottom, yBottom) = y0 < y1 ? (1.0, x0, y0, x1, y1) : (-1.0, x1, y1, x0, y0)
        let slope = (xBottom - xTop) / (yBottom - yTop)
        var x = xTop
        let firstRow = max(floorToInt(yTop), 0), endRow = min(ceilToInt(yBottom), height)
        if Double(firstRow) > yTop { x += (Double(firstRow) - yTop) * slope }
        for row in firstRow..<max(firstRow, endRow) {
            let rowTop = Double(row)
            let dy = min(rowTop + 1, yBottom) - max(rowTop, yTop)
            let xNext = x + slope * dy
            let d = dy * direction
            let (a, b) = x < xNext ? (x, xNext) : (xNext, x)
            let start = row * width
            // Whole numbers without libm's floor and ceil (x86-64's baseline has no rounding instruction).
            let aFloor = Double(floorToInt(a)), bCeil = Double(ceilToInt(b))
            let i0 = min(max(Int(aFloor), 0), width - 1), i1 = min(max(Int(bCeil), 0), width - 1)
            if i1 <= i0 + 1 {
                // Within one pixel: its part right of the edge's mean x is covered here, the rest in the next cell.
                let middle = 0.5 * (x + xNext) - aFloor
                cells[start + i0] += d - d * middle
                if i0 + 1 < width { cells[start + i0 + 1] += d * middle }
            } else {
                let inverse = 1 / (b - a)
                let fromLeft = a - aFloor
                let first = 0.5 * inverse * (1 - fromLeft) * (1 - fromLeft)
                let toRight = b - bCeil + 1
                let last = 0.5 * inverse * toRight * toRight
                cells[start + i0] += d * first
                if i1 == i0 + 2 {
                    cells[start + i0 + 1] += d * (1 - first - last)
                } else {
                    let second = inverse * (1.5 - fromLeft)
                    cells[start + i0 + 1] += d * (second - first)
                    if i0 + 2 <= i1 - 2 {
                        for i in (i0 + 2)...(i1 - 2) { cells[start + i] += d * inverse }
                    }
                    let beforeLast = second + Double(i1 - i0 - 3) * inverse
                    cells[start + i1 - 1] += d * (1 - beforeLast - last)
                }
                cells[start + i1] += d * last
            }
            x = xNext
        }
    }
}

/// Whole device pixels `minX ..< maxX`, `minY ..< maxY`.
struct PixelBounds {
    var minX: Int, minY: Int, maxX: Int, maxY: Int
}
