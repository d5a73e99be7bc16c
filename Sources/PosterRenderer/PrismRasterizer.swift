import Canvas

/// Draws a fill-extrusion layer's prisms — lit tops and walls — as MapLibre's fill-extrusion program and
/// depth test leave them, into premultiplied ARGB32 pixels: every face is projected by the map's perspective
/// camera, each pixel keeps the nearest face whose triangle covers its centre (no antialiasing, as on the
/// GPU), walls are shaded between their foot's and their top's colour (perspective-correct, as GL
/// interpolates varyings), and the nearest surfaces are blended over the map at the layer's opacity.
///
/// Faces are projected by a ``PrismProjection``: MapLibre's camera straight down at pitch 0, or tilted.
struct PrismRasterizer {
    let projection: PrismProjection
    /// The device-pixel area drawn into now (whole pixels): one chunk of rows of the layer's area, so that
    /// the per-pixel buffers stay a few megabytes however large the band (see ``reset(clip:depth:)``).
    private(set) var clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    /// A projected corner: device position, 1/w (larger is nearer) and premultiplied colour — or, on a
    /// patterned face, the light the pattern is multiplied by and the pattern image's pixel (u, v) there.
    struct Corner {
        var x: Double, y: Double, inverseW: Double
        var r: Double, g: Double, b: Double
        var u = 0.0, v = 0.0
    }

    /// A face drawn in one colour: a top (all its rings at one height), or anything planar.
    struct Face {
        var rings: [[Corner]]
    }

    private var width: Int
    private var height: Int
    /// 1/w of the nearest face so far per pixel of the clip, this layer's or an earlier extrusion layer's. It
    /// counts where the area has drawn (``drawn``) or was given an earlier layer's depth; elsewhere it is 0
    /// whatever it holds, so that it is never cleared.
    private var depth: [Float]
    /// The colour of this layer's face nearest so far, premultiplied; read only where ``drawn`` says the
    /// area drew the pixel, so never cleared.
    private var colors: [UInt32]
    /// Whether this area has drawn the pixel (a patterned face may leave it transparent but still hides what
    /// lies behind it, as its depth is written): it holds ``generation`` where it has. Each area takes the next
    /// generation, so the last area's marks need not be cleared; they are once in 255 areas, when it wraps.
    private var drawn: [UInt8]
    /// The mark of the area drawn now in ``drawn``, 1 ... 255.
    private var generation: UInt8 = 1
    /// Per row of the clip, the columns (relative to the clip) that may have been drawn: composite visits only
    /// those, as most rows of a chunk hold a few buildings.
    private var rowExtents: [(first: Int, last: Int)]
    /// The pattern faces are textured with, if any (`fill-extrusion-pattern`).
    var pattern: PrismPattern?
    /// Between faces at the same depth the first drawn stays (MapLibre's depth pre-pass for translucent
    /// layers) or the last drawn wins (its single opaque pass, depth test LEQUAL).
    private let firstWins: Bool

    /// `depth` is what earlier extrusion layers left in the same area (MapLibre's 3D layers share one depth
    /// buffer, so a later layer's faces behind an earlier layer's are hidden); nil when none has drawn.
    init(projection: PrismProjection, clip: (minX: Int, minY: Int, maxX: Int, maxY: Int), firstWins: Bool, depth: [Float]? = nil) {
        self.projection = projection
        self.firstWins = firstWins
        self.clip = clip
        width = 0
        height = 0
        self.depth = []
        colors = []
        drawn = []
        rowExtents = []
        reset(clip: clip, depth: depth?[...])
    }

    /// Starts over on another area: nothing drawn, the depth `depth` holds (an earlier layer's, rows of the
    /// clip's width) or none. The buffers are reused, so drawing a large area chunk by chunk allocates once.
    mutating func reset(clip: (minX: Int, minY: Int, maxX: Int, maxY: Int), depth: ArraySlice<Float>? = nil) {
        let count = max(clip.maxX - clip.minX, 0) * max(clip.maxY - clip.minY, 0)
        if count > colors.count {
            // Buffers only grow, cleared: a smaller chunk uses the front of them.
            self.depth = [Float](repeating: 0, count: count)
            colors = [UInt32](repeating: 0, count: count)
            drawn = [UInt8](repeating: 0, count: count)
            generation = 1
            depthCopied = false
        } else {
            // Nothing is cleared but the marks once a wrap (clearing the depth, colour and marks a chunk drew
            // was a tenth of a city's 3D buildings' time): the next generation outdates the last area's marks,
            // and with them its depth and colours.
            if generation == UInt8.max {
                drawn.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                generation = 1
            } else {
                generation += 1
            }
        }
        self.clip = clip
        width = max(clip.maxX - clip.minX, 0)
        height = max(clip.maxY - clip.minY, 0)
        if let depth, depth.count == count {
            self.depth.withUnsafeMutableBufferPointer { target in
                depth.withUnsafeBufferPointer { source in _ = UnsafeMutableBufferPointer(rebasing: target[..<count]).update(fromContentsOf: source) }
            }
            depthCopied = true
        } else {
            depthCopied = false
        }
        rowExtents = [(first: Int, last: Int)](repeating: (Int.max, Int.min), count: height)
    }

    /// Whether the depth buffer holds an earlier layer's depth beyond what this area drew.
    private var depthCopied = false

    /// Notes that columns first...last of device row `py` may be drawn.
    @inline(__always)
    private mutating func touch(row py: Int, _ first: Int, _ last: Int) {
        let row = py - clip.minY
        rowExtents[row].first = min(rowExtents[row].first, first - clip.minX)
        rowExtents[row].last = max(rowExtents[row].last, last - clip.minX)
    }

    /// The depth of the clip's pixels, row by row (what a later extrusion layer over the same area starts from).
    var clipDepth: ArraySlice<Float> {
        let count = width * height
        guard !depthCopied else { return depth[..<count] }
        let generation = generation
        return depth.withUnsafeBufferPointer { depth in
            drawn.withUnsafeBufferPointer { drawn in
                ArraySlice((0..<count).map { drawn[$0] == generation ? depth[$0] : 0 })
            }
        }
    }

    /// The corner of user-space point (x, y) raised `z` device pixels, or nil at or behind the camera.
    func project(x: Double, y: Double, z: Double, color: (r: Double, g: Double, b: Double)) -> Corner? {
        guard let p = projection.project(x: x, y: y, z: z) else { return nil }
        return Corner(x: p.x, y: p.y, inverseW: p.inverseW, r: color.r, g: color.g, b: color.b)
    }

    /// Draws a triangle with its corners' colours interpolated as GL interpolates them.
    mutating func drawTriangle(_ a: Corner, _ b: Corner, _ c: Corner) {
        let area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
        guard area != 0, area.isFinite else { return }
        let minX = max(ceilToInt(min(a.x, b.x, c.x) - 0.5), clip.minX)
        let maxX = min(floorToInt(max(a.x, b.x, c.x) - 0.5), clip.maxX - 1)
        let minY = max(ceilToInt(min(a.y, b.y, c.y) - 0.5), clip.minY)
        let maxY = min(floorToInt(max(a.y, b.y, c.y) - 0.5), clip.maxY - 1)
        guard minX <= maxX, minY <= maxY else { return }
        let inverseArea = 1 / area
        for py in minY...maxY {
            let y = Double(py) + 0.5
            // Each weight is linear along the row; the pixels where all three can be non-negative are found
            // first (a pixel wider each way than exact, so the test below still decides every edge pixel).
            guard let span = Self.span(a, b, c, y: y, inverseArea: inverseArea) else { continue }
            let low = (span.lowerBound - 0.5).rounded(.down) - 1, high = (span.upperBound - 0.5).rounded(.up) + 1
            // Compared before converting: the bounds may be infinite or far outside the box.
            let first = low > Double(minX) ? (low > Double(maxX) ? maxX + 1 : Int(low)) : minX
            let last = high < Double(maxX) ? (high < Double(minX) ? minX - 1 : Int(high)) : maxX
            guard first <= last else { continue }
            touch(row: py, first, last)
            for px in first...last {
                let x = Double(px) + 0.5
                // Barycentric weights by edge functions; a centre on an edge belongs to both sides.
                let wa = ((b.x - x) * (c.y - y) - (b.y - y) * (c.x - x)) * inverseArea
                let wb = ((c.x - x) * (a.y - y) - (c.y - y) * (a.x - x)) * inverseArea
                let wc = 1 - wa - wb
                guard wa >= 0, wb >= 0, wc >= -1e-12 else { continue }
                // 1/w is linear on the screen; colours are linear in w, so they are weighed by 1/w first.
                let inverseW = wa * a.inverseW + wb * b.inverseW + wc * c.inverseW
                guard inverseW > 0 else { continue }
                let r = (wa * a.r * a.inverseW + wb * b.r * b.inverseW + wc * c.r * c.inverseW) / inverseW
                let g = (wa * a.g * a.inverseW + wb * b.g * b.inverseW + wc * c.g * c.inverseW) / inverseW
                let bl = (wa * a.b * a.inverseW + wb * b.b * b.inverseW + wc * c.b * c.inverseW) / inverseW
                if let pattern {
                    let u = (wa * a.u * a.inverseW + wb * b.u * b.inverseW + wc * c.u * c.inverseW) / inverseW
                    let v = (wa * a.v * a.inverseW + wb * b.v * b.inverseW + wc * c.v * c.inverseW) / inverseW
                    store(px, py, Float(inverseW), pattern.lit(u: u, v: v, light: (r, g, bl)))
                } else {
                    store(px, py, Float(inverseW), r, g, bl)
                }
            }
        }
    }

    /// The x range on row `y` where the barycentric weights of a, b and c can all be non-negative, or nil
    /// where the row misses the triangle. The weights are the same edge functions `drawTriangle` tests.
    private static func span(_ a: Corner, _ b: Corner, _ c: Corner, y: Double, inverseArea: Double) -> ClosedRange<Double>? {
        // wa = ((b.x − x)(c.y − y) − (b.y − y)(c.x − x)) / area, and likewise wb; wc = 1 − wa − wb.
        let aSlope = ((b.y - y) - (c.y - y)) * inverseArea
        let aOffset = (b.x * (c.y - y) - (b.y - y) * c.x) * inverseArea
        let bSlope = ((c.y - y) - (a.y - y)) * inverseArea
        let bOffset = (c.x * (a.y - y) - (c.y - y) * a.x) * inverseArea
        var low = -Double.infinity, high = Double.infinity, empty = false
        // offset + slope · x ≥ 0, with a margin for rounding (the exact test follows per pixel).
        @inline(__always) func bound(_ slope: Double, _ offset: Double) {
            let tolerance = 1e-9 * (abs(offset) + 1)
            if slope > 0 {
                low = max(low, -(offset + tolerance) / slope)
            } else if slope < 0 {
                high = min(high, -(offset + tolerance) / slope)
            } else if offset < -tolerance {
                empty = true
            }
        }
        bound(aSlope, aOffset)
        bound(bSlope, bOffset)
        bound(-aSlope - bSlope, 1 - aOffset - bOffset)
        guard !empty, !(low > high) else { return nil }
        return low...high
    }

    /// Draws a planar face of one colour: its rings filled by nonzero winding at pixel centres, its depth
    /// the plane's through its corners.
    mutating func drawFace(_ face: Face, color: (r: Double, g: Double, b: Double)) {
        let corners = face.rings.flatMap { $0 }
        guard corners.count >= 3, let plane = Self.plane(corners, { $0.inverseW }) else { return }
        // On a patterned face u/w and v/w are planes on the screen too (GL's perspective-correct varyings).
        let uPlane = pattern == nil ? nil : Self.plane(corners, { $0.u * $0.inverseW })
        let vPlane = pattern == nil ? nil : Self.plane(corners, { $0.v * $0.inverseW })
        var crossings: [(x: Double, direction: Int)] = []
        let word = PremultipliedPixel.pack((color.r, color.g, color.b, 1))
        let minY = max(Int((corners.map(\.y).min()! - 0.5).rounded(.up)), clip.minY)
        let maxY = min(Int((corners.map(\.y).max()! - 0.5).rounded(.down)), clip.maxY - 1)
        guard minY <= maxY else { return }
        for py in minY...maxY {
            let y = Double(py) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for ring in face.rings where ring.count >= 3 {
                for i in ring.indices {
                    let p = ring[i], q = ring[(i + 1) % ring.count]
                    guard p.y != q.y, (p.y <= y) != (q.y <= y) else { continue }
                    crossings.append((p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y), q.y > p.y ? 1 : -1))
                }
            }
            crossings.sort { $0.x < $1.x }
            var winding = 0, start = 0.0
            for crossing in crossings {
                let before = winding
                winding += crossing.direction
                if before == 0 && winding != 0 {
                    start = crossing.x
                } else if before != 0 && winding == 0 {
                    let first = max(ceilToInt(start - 0.5), clip.minX)
                    let last = min(ceilToInt(crossing.x - 0.5) - 1, clip.maxX - 1)
                    guard first <= last else { continue }
                    touch(row: py, first, last)
                    guard let pattern, let uPlane, let vPlane else {
                        storeSpan(row: py, first...last, plane: plane, y: y, word: word)
                        continue
                    }
                    for px in first...last {
                        let x = Double(px) + 0.5
                        let inverseW = plane.a * x + plane.b * y + plane.c
                        guard inverseW > 0 else { continue }
                        let u = (uPlane.a * x + uPlane.b * y + uPlane.c) / inverseW
                        let v = (vPlane.a * x + vPlane.b * y + vPlane.c) / inverseW
                        store(px, py, Float(inverseW), pattern.lit(u: u, v: v, light: color))
                    }
                }
            }
        }
    }

    /// Blends the nearest surfaces over `pixels` (premultiplied ARGB32, `stride` bytes a row) at `opacity`.
    func composite(opacity: Double, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        guard opacity > 0, let base = pixels.baseAddress else { return }
        let k = min(opacity, 1)
        // Source over in byte units: a channel is s · k + d · (1 − a · k), rounded to the nearest byte.
        @inline(__always) func byte(_ v: Double) -> UInt32 { UInt32(min(max(v + 0.5, 0), 255)) }
        let generation = generation
        drawn.withUnsafeBufferPointer { drawn in
            colors.withUnsafeBufferPointer { colors in
                // Faces are flat colours over mostly flat ground: each blend is worked out once per run of
                // equal (face, ground) pairs.
                var memo: (word: UInt32, under: UInt32, result: UInt32)?
                for row in 0..<height {
                    let extent = rowExtents[row]
                    guard extent.first <= extent.last else { continue }
                    let line = (base + (clip.minY + row) * stride).assumingMemoryBound(to: UInt32.self) + clip.minX
                    let offset = row * width
                    for column in extent.first...extent.last where drawn[offset + column] == generation {
                        let word = colors[offset + column]
                        if k >= 1 && word >> 24 == 0xFF {
                            line[column] = word
                            continue
                        }
                        let under = line[column]
                        if let memo, memo.word == word, memo.under == under {
                            line[column] = memo.result
                            continue
                        }
                        let alpha = Double(word >> 24) * k
                        let keep = 1 - min(alpha / 255, 1)
                        let a = byte(alpha + Double(under >> 24) * keep)
                        let r = min(byte(Double(word >> 16 & 0xFF) * k + Double(under >> 16 & 0xFF) * keep), a)
                        let g = min(byte(Double(word >> 8 & 0xFF) * k + Double(under >> 8 & 0xFF) * keep), a)
                        let b = min(byte(Double(word & 0xFF) * k + Double(under & 0xFF) * keep), a)
                        let result = a << 24 | r << 16 | g << 8 | b
                        memo = (word, under, result)
                        line[column] = result
                    }
                }
            }
        }
    }

    /// Keeps the fragments of one colour on `columns` of device row `py` that are nearer than what their pixels
    /// hold, 1/w being `plane` along the row: ``store(_:_:_:_:)`` for a whole span of a face (most of a roof's
    /// pixels), without checking each index again — the columns and row are inside the clip, and the buffers
    /// hold at least its pixels.
    private mutating func storeSpan(row py: Int, _ columns: ClosedRange<Int>, plane: (a: Double, b: Double, c: Double), y: Double, word: UInt32) {
        let rowStart = (py - clip.minY) * width - clip.minX
        let firstWins = firstWins, generation = generation, copied = depthCopied
        depth.withUnsafeMutableBufferPointer { depth in
            colors.withUnsafeMutableBufferPointer { colors in
                drawn.withUnsafeMutableBufferPointer { drawn in
                    for px in columns {
                        let inverseW = plane.a * (Double(px) + 0.5) + plane.b * y + plane.c
                        guard inverseW > 0 else { continue }
                        let nearness = Float(inverseW), index = rowStart + px
                        let held = copied || drawn[index] == generation ? depth[index] : 0
                        guard firstWins ? nearness > held : nearness >= held else { continue }
                        depth[index] = nearness
                        colors[index] = word
                        drawn[index] = generation
                    }
                }
            }
        }
    }

    /// Keeps a fragment if it is nearer than what the pixel holds (colour rounded to the framebuffer's bytes).
    @inline(__always)
    private mutating func store(_ px: Int, _ py: Int, _ inverseW: Float, _ r: Double, _ g: Double, _ b: Double) {
        store(px, py, inverseW, PremultipliedPixel.pack((r, g, b, 1)))
    }

    /// Keeps a fragment of a packed premultiplied colour if it is nearer than what the pixel holds.
    @inline(__always)
    private mutating func store(_ px: Int, _ py: Int, _ inverseW: Float, _ word: UInt32) {
        let index = (py - clip.minY) * width + (px - clip.minX)
        let held = depthCopied || drawn[index] == generation ? depth[index] : 0
        guard firstWins ? inverseW > held : inverseW >= held else { return }
        depth[index] = inverseW
        colors[index] = word
        drawn[index] = generation
    }

    /// A value linear on the screen over a planar face (1/w, or an attribute divided by w) as a·x + b·y + c,
    /// through the face's corners (a constant for a face level with the camera's view, as every top is looking
    /// straight down).
    private static func plane(_ corners: [Corner], _ value: (Corner) -> Double) -> (a: Double, b: Double, c: Double)? {
        let first = corners[0]
        // The two other corners spanning the largest triangle keep the fit well conditioned.
        var best = (area: 0.0, i: 0, j: 0)
        for i in 1..<corners.count {
            for j in (i + 1)..<min(corners.count, i + 64) {
                let area = abs((corners[i].x - first.x) * (corners[j].y - first.y) - (corners[i].y - first.y) * (corners[j].x - first.x))
                if area > best.area { best = (area, i, j) }
            }
        }
        let p = corners[best.i], q = corners[best.j]
        let det = (p.x - first.x) * (q.y - first.y) - (p.y - first.y) * (q.x - first.x)
        let f0 = value(first)
        guard abs(det) > 1e-9 else {
            return corners.allSatisfy({ value($0) == f0 }) ? (0, 0, f0) : nil
        }
        let du = value(p) - f0, dv = value(q) - f0
        let a = (du * (q.y - first.y) - dv * (p.y - first.y)) / det
        let b = (dv * (p.x - first.x) - du * (q.x - first.x)) / det
        return (a, b, f0 - a * first.x - b * first.y)
    }
}
