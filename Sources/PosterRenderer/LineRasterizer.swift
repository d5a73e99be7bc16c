import Canvas
import Foundation

/// How MapLibre's line shader colours one layer's lines, sizes in device pixels.
struct LineShading {
    /// Premultiplied colour with the layer's opacity folded in.
    var red: Double, green: Double, blue: Double, alpha: Double
    /// Half the style's `line-width`.
    var halfWidth: Double
    /// Half the `line-gap-width`: lines with a gap are two casings either side of it.
    var halfGap: Double
    /// `line-offset`, positive to the right of the line's direction.
    var offset: Double
    var blur: Double
    var dash: (pattern: LineDashPattern, periodPixels: Double, gamma: Double)?
    /// A `line-gradient` ramp and the layer's opacity: the colour then comes from the ramp.
    var gradient: (ramp: LineGradient.Ramp, opacity: Double)?
    /// A `line-pattern` image; `period` is its length along the line in device pixels.
    var pattern: (image: LinePatternImage, period: Double, opacity: Double)?

    /// The shader's `outset`: how far from the line its triangles reach (the fade included).
    var outset: Double {
        halfGap + halfWidth * (halfGap > 0 ? 2 : 1) + (halfWidth == 0 ? 0 : Self.antialiasing)
    }
    /// Where a line with a gap starts, seen from its middle.
    var inset: Double { halfGap + (halfGap > 0 ? Self.antialiasing : 0) }
    /// MapLibre fades a line's edge over one device pixel, half inside and half outside its width.
    static let antialiasing = 0.5
}

/// Draws tessellated lines into premultiplied ARGB32 pixels the way a GPU runs MapLibre's line program:
/// every pixel whose centre lies in a triangle gets the fragment shader's colour, blended over what is
/// there (premultiplied source-over), and triangles that overlap blend twice, as they do in MapLibre.
struct LineRasterizer {
    /// Device pixels per user pixel and the user-to-device offset (cairo's current matrix).
    var matrix: DeviceTransform
    /// The device-pixel area drawn into (whole pixels): the target's size, intersected with the frame.
    var clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    /// Per-vertex data after the vertex stage, reused between calls.
    private var deviceX: [Double] = []
    private var deviceY: [Double] = []
    private var normalX: [Double] = []
    private var normalY: [Double] = []
    private var linesofar: [Double] = []
    private var progress: [Double] = []
    /// Through a perspective: flat pixels per output pixel along each vertex's extrusion (MapLibre's
    /// `v_gamma_scale`), which widens the edge's fade so that it stays about one output pixel wide.
    private var gammaScale: [Double] = []
    /// Through a perspective: 1 / w per vertex. Varyings are then stored times 1 / w and divided back per
    /// pixel, as a GPU interpolates them with perspective correction.
    private var inverseW: [Double] = []

    init(matrix: DeviceTransform, clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)) {
        self.matrix = matrix
        self.clip = clip
    }

    /// Runs the vertex stage on `tessellator`'s vertices and rasterizes its triangles into `pixels`
    /// (`stride` bytes a row, the surface's top-left at device (0, 0)).
    mutating func draw(_ tessellator: LineTessellator, shading: LineShading, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let vertices = tessellator.vertices
        guard !vertices.isEmpty, clip.maxX > clip.minX, clip.maxY > clip.minY else { return }
        let outset = shading.outset
        let lineOffset = -shading.offset
        deviceX.removeAll(keepingCapacity: true)
        deviceY.removeAll(keepingCapacity: true)
        normalX.removeAll(keepingCapacity: true)
        normalY.removeAll(keepingCapacity: true)
        linesofar.removeAll(keepingCapacity: true)
        progress.removeAll(keepingCapacity: true)
        gammaScale.removeAll(keepingCapacity: true)
        inverseW.removeAll(keepingCapacity: true)
        for v in vertices {
            let ny = v.up ? 1.0 : -1.0
            var x = v.x + v.extrudeX * outset, y = v.y + v.extrudeY * outset
            if lineOffset != 0 {
                // The offset follows the extrusion, turned along the line at caps (MapLibre's mat2(t, -u, u, t)).
                let u = 0.5 * Double(v.direction), t = 1 - abs(u)
                x += lineOffset * ny * (t * v.extrudeX - u * v.extrudeY)
                y += lineOffset * ny * (u * v.extrudeX + t * v.extrudeY)
            }
            // Through a pitched view's projection a vertex behind the eye has no place: its triangles are
            // dropped (NaN fails the area test). Lines are cut in front of the eye first (FrontClipper).
            let device = !matrix.isAffine && matrix.wx * x + matrix.wy * y + matrix.w0 <= 0 ? (x: Double.nan, y: Double.nan) : matrix.apply(x: x, y: y)
            deviceX.append(device.x)
            deviceY.append(device.y)
            if !matrix.isAffine {
                // As MapLibre: the extrusion through the matrix's linear part over the vertex's w.
                let w = matrix.wx * x + matrix.wy * y + matrix.w0
                let length = (v.extrudeX * v.extrudeX + v.extrudeY * v.extrudeY).squareRoot()
                let (ex, ey) = length > 1e-9 ? (v.extrudeX / length, v.extrudeY / length) : (1.0, 0.0)
                let projected = ((matrix.xx * ex + matrix.xy * ey) * (matrix.xx * ex + matrix.xy * ey)
                                 + (matrix.yx * ex + matrix.yy * ey) * (matrix.yx * ex + matrix.yy * ey)).squareRoot()
                gammaScale.append(projected > 0 ? w / projected : 1)
                inverseW.append(1 / w)
            }
            normalX.append(v.round ? 1 : 0)
            normalY.append(ny)
            linesofar.append(v.distance)
            progress.append(v.progress)
        }
        if !inverseW.isEmpty {
            for i in inverseW.indices {
                let q = inverseW[i]
                normalX[i] *= q
                normalY[i] *= q
                linesofar[i] *= q
                progress[i] *= q
                gammaScale[i] *= q
            }
        }
        let triangles = tessellator.triangles
        var t = 0
        while t + 2 < triangles.count {
            rasterize(Int(triangles[t]), Int(triangles[t + 1]), Int(triangles[t + 2]), shading, pixels, stride)
            t += 3
        }
    }

    /// A value across a triangle as a plane: value(x, y) = base + dx * (x - x0) + dy * (y - y0).
    private struct Plane {
        var base: Double, dx: Double, dy: Double
        @inline(__always) func at(_ x: Double, _ y: Double) -> Double { base + dx * x + dy * y }
    }

    private func plane(_ a0: Double, _ a1: Double, _ a2: Double, _ x: (Double, Double, Double), _ y: (Double, Double, Double), _ area: Double) -> Plane {
        let dx = ((a1 - a0) * (y.2 - y.0) - (a2 - a0) * (y.1 - y.0)) / area
        let dy = ((a2 - a0) * (x.1 - x.0) - (a1 - a0) * (x.2 - x.0)) / area
        return Plane(base: a0 - dx * x.0 - dy * y.0, dx: dx, dy: dy)
    }

    private func rasterize(_ i0: Int, _ i1: Int, _ i2: Int, _ shading: LineShading, _ pixels: UnsafeMutableRawBufferPointer, _ stride: Int) {
        let x = (deviceX[i0], deviceX[i1], deviceX[i2]), y = (deviceY[i0], deviceY[i1], deviceY[i2])
        let area = (x.1 - x.0) * (y.2 - y.0) - (x.2 - x.0) * (y.1 - y.0)
        guard abs(area) > 1e-12 else { return }
        let minY = min(y.0, y.1, y.2), maxY = max(y.0, y.1, y.2)
        // Rows whose pixel centres (j + 0.5) fall in [minY, maxY).
        let rowStart = max(clip.minY, ceilToInt(minY - 0.5))
        let rowEnd = min(clip.maxY, ceilToInt(maxY - 0.5))
        guard rowStart < rowEnd else { return }
        let minX = min(x.0, x.1, x.2), maxX = max(x.0, x.1, x.2)
        guard ceilToInt(maxX - 0.5) > clip.minX, ceilToInt(minX - 0.5) < clip.maxX else { return }

        let nx = plane(normalX[i0], normalX[i1], normalX[i2], x, y, area)
        let ny = plane(normalY[i0], normalY[i1], normalY[i2], x, y, area)
        let dash = shading.dash
        let linePattern = shading.pattern
        let along = dash != nil || linePattern != nil ? plane(linesofar[i0], linesofar[i1], linesofar[i2], x, y, area) : nil
        let gradient = shading.gradient
        let lineProgress = gradient.map { _ in plane(progress[i0], progress[i1], progress[i2], x, y, area) }
        let outset = shading.outset, inset = shading.inset
        let flatBlur2 = shading.blur + 1, inverseFlatBlur2 = 1 / flatBlur2
        // Dashes: reciprocals worked out once per triangle rather than divided by per pixel.
        let inversePeriod = dash.map { 1 / $0.periodPixels } ?? 0
        let dashEdge = dash.map { 0.5 - $0.gamma } ?? 0, inverseDashRange = dash.map { 1 / (2 * $0.gamma) } ?? 0
        let gamma = gammaScale.isEmpty ? nil : plane(gammaScale[i0], gammaScale[i1], gammaScale[i2], x, y, area)
        let perspective = inverseW.isEmpty ? nil : plane(inverseW[i0], inverseW[i1], inverseW[i2], x, y, area)
        let base = pixels.baseAddress!
        if linePattern == nil, gradient == nil, gamma == nil, perspective == nil {
            if let dash, let along {
                rasterizeDashed(x, y, rows: rowStart..<rowEnd, nx, ny, along, dash.pattern, inversePeriod: inversePeriod,
                                dashEdge: dashEdge, inverseDashRange: inverseDashRange, shading, base, stride)
            } else {
                rasterizeSolid(x, y, rows: rowStart..<rowEnd, nx, ny, shading, base, stride)
            }
            return
        }

        let edges = TriangleEdges(x, y)
        for row in rowStart..<rowEnd {
            let yc = Double(row) + 0.5
            guard let columns = edges.columns(yc, clip: clip) else { continue }
            let rowPixels = (base + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in columns {
                let xc = Double(column) + 0.5
                // A varying at the pixel: perspective-correct through a projection, plain otherwise.
                let w = perspective.map { 1 / $0.at(xc, yc) }
                @inline(__always) func at(_ p: Plane) -> Double {
                    guard let w else { return p.at(xc, yc) }
                    return p.at(xc, yc) * w
                }
                let a = at(nx), b = at(ny)
                let q = a * a + b * b
                // Clearly beyond the outset: no coverage, whatever the blur, dash or pattern (see rasterizeSolid).
                guard q < 1 + 1e-9 else { continue }
                let distance = q.squareRoot() * outset
                let blur2: Double, inverseBlur2: Double
                if let gamma {
                    blur2 = flatBlur2 * at(gamma)
                    inverseBlur2 = 1 / blur2
                } else {
                    (blur2, inverseBlur2) = (flatBlur2, inverseFlatBlur2)
                }
                var alpha = min(max(min(distance - (inset - blur2), outset - distance) * inverseBlur2, 0), 1)
                // Nothing a dash, pattern or gradient does makes a pixel with no coverage show.
                guard alpha > 0 else { continue }
                if let linePattern, let along {
                    // Across: the image from one edge of the line to the other; along: one per period.
                    let l = at(along) / linePattern.period
                    let c = linePattern.image.sample(x: l - l.rounded(.down), y: 0.5 + 0.5 * b)
                    let k = alpha * linePattern.opacity
                    Self.blend(&rowPixels[column], c.r * k, c.g * k, c.b * k, c.a * k)
                    continue
                }
                if let dash, let along {
                    let x = at(along) * inversePeriod
                    let sdf = dash.pattern.sample(x: x, row: Double(LineDashPattern.roundRows) * (1 - b))
                    // MapLibre's smoothstep(0.5 - gamma, 0.5 + gamma, sdf).
                    let t = min(max((sdf - dashEdge) * inverseDashRange, 0), 1)
                    alpha *= t * t * (3 - 2 * t)
                    guard alpha > 0 else { continue }
                }
                if let gradient, let lineProgress {
                    let c = gradient.ramp.sample(at(lineProgress))
                    let k = alpha * gradient.opacity
                    Self.blend(&rowPixels[column], c.r * k, c.g * k, c.b * k, c.a * k)
                    continue
                }
                Self.blend(&rowPixels[column], shading.red * alpha, shading.green * alpha, shading.blue * alpha, shading.alpha * alpha)
            }
        }
    }

    /// The coverage of a flat line's pixel as a function of q = a² + b² (distance = √q · outset), as the general
    /// loop computes it: where q is clearly outside the line or clearly inside its full-coverage part, the
    /// square root and the division are skipped; the margins (a billionth) are far wider than their rounding,
    /// so no pixel changes.
    private struct FlatCoverage {
        let outset: Double, inset: Double, blur2: Double, inverseBlur2: Double
        let qOutside: Double, qFullLow: Double, qFullHigh: Double

        init(_ shading: LineShading) {
            outset = shading.outset
            inset = shading.inset
            blur2 = shading.blur + 1
            inverseBlur2 = 1 / blur2
            let margin = 1e-9
            qOutside = 1 + margin
            qFullLow = inset > 0 ? (inset / outset) * (inset / outset) * (1 + margin) : -1.0
            let full = (outset - blur2) / outset
            qFullHigh = full > 0 ? full * full * (1 - margin) : -2.0
        }

        /// 0 (no coverage) ... 1.
        @inline(__always)
        func alpha(_ q: Double) -> Double {
            guard q < qOutside else { return 0 }
            if q >= qFullLow && q <= qFullHigh { return 1 }
            let distance = q.squareRoot() * outset
            return min(max(min(distance - (inset - blur2), outset - distance) * inverseBlur2, 0), 1)
        }
    }

    /// The flat, one-colour case (nearly every line of a poster): the general loop without its optional
    /// varyings, and pixels fully covered by an opaque line stored without blending (source-over of an opaque
    /// colour at full coverage is the colour itself, so the result is the same word).
    private func rasterizeSolid(_ x: (Double, Double, Double), _ y: (Double, Double, Double), rows: Range<Int>,
                                _ nx: Plane, _ ny: Plane, _ shading: LineShading,
                                _ base: UnsafeMutableRawPointer, _ stride: Int) {
        let coverage = FlatCoverage(shading)
        let edges = TriangleEdges(x, y)
        let opaque: UInt32? = shading.alpha == 1 ? Self.word(shading.red, shading.green, shading.blue, shading.alpha) : nil
        for row in rows {
            let yc = Double(row) + 0.5
            guard let columns = edges.columns(yc, clip: clip) else { continue }
            let rowPixels = (base + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in columns {
                let xc = Double(column) + 0.5
                let a = nx.at(xc, yc), b = ny.at(xc, yc)
                let alpha = coverage.alpha(a * a + b * b)
                guard alpha > 0 else { continue }
                Self.put(alpha, shading, opaque: opaque, into: &rowPixels[column])
            }
        }
    }

    /// The flat, one-colour dashed case (paths, railways, boundaries: two fifths of a city poster's line
    /// pixels): the general loop's dash without its other varyings, with rasterizeSolid's coverage and its
    /// word stored where a dash covers an opaque line fully, so every pixel is the same as the general loop's.
    private func rasterizeDashed(_ x: (Double, Double, Double), _ y: (Double, Double, Double), rows: Range<Int>,
                                 _ nx: Plane, _ ny: Plane, _ along: Plane, _ pattern: LineDashPattern, inversePeriod: Double,
                                 dashEdge: Double, inverseDashRange: Double, _ shading: LineShading,
                                 _ base: UnsafeMutableRawPointer, _ stride: Int) {
        let coverage = FlatCoverage(shading)
        let edges = TriangleEdges(x, y)
        let opaque: UInt32? = shading.alpha == 1 ? Self.word(shading.red, shading.green, shading.blue, shading.alpha) : nil
        let roundRows = Double(LineDashPattern.roundRows)
        for row in rows {
            let yc = Double(row) + 0.5
            guard let columns = edges.columns(yc, clip: clip) else { continue }
            let rowPixels = (base + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in columns {
                let xc = Double(column) + 0.5
                let a = nx.at(xc, yc), b = ny.at(xc, yc)
                var alpha = coverage.alpha(a * a + b * b)
                guard alpha > 0 else { continue }
                let sdf = pattern.sample(x: along.at(xc, yc) * inversePeriod, row: roundRows * (1 - b))
                // MapLibre's smoothstep(0.5 - gamma, 0.5 + gamma, sdf).
                let t = min(max((sdf - dashEdge) * inverseDashRange, 0), 1)
                alpha *= t * t * (3 - 2 * t)
                guard alpha > 0 else { continue }
                Self.put(alpha, shading, opaque: opaque, into: &rowPixels[column])
            }
        }
    }

    /// A flat line's colour at coverage `alpha` (> 0) over `pixel`: `opaque` (its word, when the line is opaque)
    /// stored as it is where the coverage is full, since source-over would give the same word.
    @inline(__always)
    private static func put(_ alpha: Double, _ shading: LineShading, opaque: UInt32?, into pixel: inout UInt32) {
        if alpha >= 1, let opaque {
            pixel = opaque
            return
        }
        blend(&pixel, shading.red * alpha, shading.green * alpha, shading.blue * alpha, shading.alpha * alpha)
    }

    /// The word `blend` stores for an opaque source at full coverage, whatever was under it.
    private static func word(_ r: Double, _ g: Double, _ b: Double, _ a: Double) -> UInt32 {
        var pixel: UInt32 = 0
        blend(&pixel, r, g, b, a)
        return pixel
    }

    @inline(__always)
    static func smoothstep(_ edge0: Double, _ edge1: Double, _ x: Double) -> Double {
        let t = min(max((x - edge0) / (edge1 - edge0), 0), 1)
        return t * t * (3 - 2 * t)
    }

    /// Premultiplied source-over into a cairo ARGB32 pixel (``blendSourceOver(_:_:_:_:_:)``).
    @inline(__always)
    static func blend(_ pixel: inout UInt32, _ r: Double, _ g: Double, _ b: Double, _ a: Double) {
        blendSourceOver(&pixel, r, g, b, a)
    }
}

/// A triangle's three edges, each with its slope worked out once, so that finding a row's columns takes a
/// multiplication per edge instead of a division (this runs for every row of every line triangle).
private struct TriangleEdges {
    private struct Edge {
        var top: Double, bottom: Double, x: Double, y: Double, slope: Double
        init(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) {
            (top, bottom) = ay < by ? (ay, by) : (by, ay)
            x = ax
            y = ay
            slope = by != ay ? (bx - ax) / (by - ay) : 0
        }
    }
    private let e0: Edge, e1: Edge, e2: Edge

    init(_ x: (Double, Double, Double), _ y: (Double, Double, Double)) {
        e0 = Edge(x.0, y.0, x.1, y.1)
        e1 = Edge(x.1, y.1, x.2, y.2)
        e2 = Edge(x.2, y.2, x.0, y.0)
    }

    /// The columns (within the clip) whose pixel centres on the row through `yc` lie in the triangle. Edges
    /// count from their upper end, so that triangles sharing an edge never both take a pixel.
    @inline(__always)
    func columns(_ yc: Double, clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)) -> Range<Int>? {
        var left = Double.infinity, right = -Double.infinity
        @inline(__always) func cross(_ e: Edge) {
            guard yc >= e.top && yc < e.bottom else { return }
            let cross = e.x + (yc - e.y) * e.slope
            left = min(left, cross)
            right = max(right, cross)
        }
        cross(e0)
        cross(e1)
        cross(e2)
        guard left < right else { return nil }
        let columnStart = max(clip.minX, ceilToInt(left - 0.5))
        let columnEnd = min(clip.maxX, ceilToInt(right - 0.5))
        return columnStart < columnEnd ? columnStart..<columnEnd : nil
    }
}
