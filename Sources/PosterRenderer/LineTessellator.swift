import Canvas
import Foundation

/// One vertex of a tessellated line, as MapLibre's line bucket lays it out: the point on the line, the
/// direction it is pushed out in (in line half-widths), and the data its fragments interpolate.
struct LineVertex {
    /// The point on the line (device pixels before turning).
    var x: Double
    var y: Double
    /// How far and which way the vertex is pushed out, in units of the line's outset; quantized to
    /// 1/63 as MapLibre stores it in a byte.
    var extrudeX: Double
    var extrudeY: Double
    /// 1 for the vertices of a round cap or join (their fragments measure distance in two directions).
    var round: Bool
    /// True for the vertex on the right of the line's direction.
    var up: Bool
    /// -1, 0 or 1: which way a cap vertex leans along the line (turns the offset with it).
    var direction: Int8
    /// Distance along the line from its first point, device pixels.
    var distance: Double
    /// `line-progress`: the distance as a fraction of the whole line's length.
    var progress: Double
}

/// The triangles of one line as MapLibre builds them (`LineBucket.addLine`): a strip of quads along the
/// segments, with joins (miter, bevel, flipped bevel, fake-round fans, round caps) and caps made of extra
/// vertices. Drawn by ``LineRasterizer`` with MapLibre's line shader, it gives MapLibre's antialiasing,
/// hard butt ends, overlap at joins and dash positions, pixel for pixel.
struct LineTessellator {
    var join: LineJoin
    var cap: LineCap
    var miterLimit: Double
    var roundLimit: Double
    /// How far before and after a sharp corner extra vertices go (device pixels; MapLibre's 15 px at the
    /// tile's zoom), so that dashes tilt over a short stretch only.
    var sharpCornerOffset: Double

    private(set) var vertices: [LineVertex] = []
    /// Three vertex indices per triangle.
    private(set) var triangles: [Int32] = []
    private var e1 = -1, e2 = -1
    private var distance = 0.0
    private var totalDistance = 0.0
    /// The longest line added since the last reset, device pixels.
    private(set) var longestLine = 0.0

    /// MapLibre adds sharp-corner vertices where a line turns by more than 75°.
    private static let cosHalfSharpCorner = cos(75.0 / 2 * .pi / 180)
    private static let degreesPerTriangle = 20.0

    init(join: LineJoin, cap: LineCap, miterLimit: Double, roundLimit: Double, sharpCornerOffset: Double) {
        self.join = join
        self.cap = cap
        self.miterLimit = miterLimit
        self.roundLimit = roundLimit
        self.sharpCornerOffset = sharpCornerOffset
    }

    /// Empties the buffers for the next batch of lines, keeping their capacity.
    mutating func reset() {
        vertices.removeAll(keepingCapacity: true)
        triangles.removeAll(keepingCapacity: true)
        longestLine = 0
    }

    private struct Point: Equatable {
        var x: Double, y: Double
        static func + (a: Point, b: Point) -> Point { Point(x: a.x + b.x, y: a.y + b.y) }
        static func - (a: Point, b: Point) -> Point { Point(x: a.x - b.x, y: a.y - b.y) }
        static func * (a: Point, k: Double) -> Point { Point(x: a.x * k, y: a.y * k) }
        var length: Double { (x * x + y * y).squareRoot() }
        var unit: Point { let l = length; return l > 0 ? Point(x: x / l, y: y / l) : self }
        /// MapLibre's `perp`: a quarter turn, (-y, x).
        var perp: Point { Point(x: -y, y: x) }
        func distance(to other: Point) -> Double { (self - other).length }
    }

    /// Adds one line: `points` (x, y interleaved) in `range` of point indices. A ring (`closed`) is joined
    /// all round; an open line gets caps, except at ends cut by a tile edge (`cutStart`, `cutEnd`), which
    /// end square without a cap so that the neighbouring tile's part continues it seamlessly.
    /// `startDistance` is how far along the tile's line the first point lies, where its start was cut off.
    mutating func addLine(_ c: UnsafeBufferPointer<Float>, _ range: Range<Int>, closed: Bool, cutStart: Bool = false, cutEnd: Bool = false,
                          startDistance: Double = 0) {
        var points: [Point] = []
        points.reserveCapacity(range.count + 1)
        for i in range { points.append(Point(x: Double(c[2 * i]), y: Double(c[2 * i + 1]))) }
        if closed, let first = points.first, points.last != first { points.append(first) }
        addLine(points, isPolygon: closed, cutStart: cutStart, cutEnd: cutEnd, startDistance: startDistance)
    }

    private mutating func addLine(_ vertices: [Point], isPolygon: Bool, cutStart: Bool, cutEnd: Bool, startDistance: Double) {
        distance = startDistance
        totalDistance = zip(vertices, vertices.dropFirst()).reduce(0) { $0 + $1.0.distance(to: $1.1) }
        longestLine = max(longestLine, totalDistance)
        var len = vertices.count
        while len >= 2 && vertices[len - 1] == vertices[len - 2] { len -= 1 }
        var first = 0
        while first < len - 1 && vertices[first] == vertices[first + 1] { first += 1 }
        guard len >= (isPolygon ? 3 : 2) else { return }
        let miterLimit = join == .bevel ? 1.05 : self.miterLimit

        var currentVertex: Point?, prevVertex: Point?, nextVertex: Point?
        var prevNormal: Point?, nextNormal: Point?
        e1 = -1
        e2 = -1
        if isPolygon {
            currentVertex = vertices[len - 2]
            nextNormal = (vertices[first] - vertices[len - 2]).unit.perp
        }
        var i = first
        while i < len {
            defer { i += 1 }
            nextVertex = i == len - 1 ? (isPolygon ? vertices[first + 1] : nil) : vertices[i + 1]
            if let next = nextVertex, vertices[i] == next { continue }
            if let n = nextNormal { prevNormal = n }
            if let c = currentVertex { prevVertex = c }
            var current = vertices[i]
            currentVertex = current
            nextNormal = nextVertex.map { ($0 - current).unit.perp } ?? prevNormal
            let prevN = prevNormal ?? nextNormal!
            prevNormal = prevN
            let nextN = nextNormal!

            var joinNormal = prevN + nextN
            if joinNormal.x != 0 || joinNormal.y != 0 { joinNormal = joinNormal.unit }
            let cosAngle = prevN.x * nextN.x + prevN.y * nextN.y
            let cosHalfAngle = joinNormal.x * nextN.x + joinNormal.y * nextN.y
            let miterLength = cosHalfAngle != 0 ? 1 / cosHalfAngle : .infinity
            let approxAngle = 2 * (2 - 2 * cosHalfAngle).squareRoot()
            let isSharpCorner = cosHalfAngle < Self.cosHalfSharpCorner && prevVertex != nil && nextVertex != nil
            let lineTurnsLeft = prevN.x * nextN.y - prevN.y * nextN.x > 0

            if isSharpCorner && i > first, let prev = prevVertex {
                let prevSegmentLength = current.distance(to: prev)
                if prevSegmentLength > 2 * sharpCornerOffset {
                    let newPrev = current - (current - prev) * (sharpCornerOffset / prevSegmentLength)
                    distance += prev.distance(to: newPrev)
                    addCurrentVertex(newPrev, prevN, 0, 0)
                    prevVertex = newPrev
                }
            }

            enum Join { case miter, bevel, flipBevel, fakeRound, round, butt, square }
            let middleVertex = prevVertex != nil && nextVertex != nil
            var currentJoin: Join
            if middleVertex {
                currentJoin = switch join { case .miter: .miter; case .bevel: .bevel; case .round: .round }
            } else if isPolygon || (prevVertex == nil && cutStart) || (nextVertex == nil && cutEnd) {
                currentJoin = .butt
            } else {
                currentJoin = switch cap { case .butt: .butt; case .round: .round; case .square: .square }
            }
            if middleVertex && currentJoin == .round {
                if miterLength < roundLimit {
                    currentJoin = .miter
                } else if miterLength <= 2 {
                    currentJoin = .fakeRound
                }
            }
            if currentJoin == .miter && miterLength > miterLimit { currentJoin = .bevel }
            if currentJoin == .bevel {
                // The extrusion is stored in a byte: beyond twice the width the bevel is drawn flipped.
                if miterLength > 2 { currentJoin = .flipBevel }
                if miterLength < miterLimit { currentJoin = .miter }
            }
            if let prev = prevVertex { distance += prev.distance(to: current) }

            switch currentJoin {
            case .miter:
                addCurrentVertex(current, joinNormal * miterLength, 0, 0)
            case .flipBevel:
                if miterLength > 100 {
                    joinNormal = nextN * -1
                } else {
                    let bevelLength = miterLength * (prevN + nextN).length / (prevN - nextN).length
                    joinNormal = joinNormal.perp * (bevelLength * (lineTurnsLeft ? -1 : 1))
                }
                addCurrentVertex(current, joinNormal, 0, 0)
                addCurrentVertex(current, joinNormal * -1, 0, 0)
            case .bevel, .fakeRound:
                let offset = -(miterLength * miterLength - 1).squareRoot()
                let offsetA = lineTurnsLeft ? offset : 0
                let offsetB = lineTurnsLeft ? 0 : offset
                if prevVertex != nil { addCurrentVertex(current, prevN, offsetA, offsetB) }
                if currentJoin == .fakeRound {
                    let n = Int((approxAngle * 180 / .pi / Self.degreesPerTriangle).rounded())
                    if n > 1 {
                        for m in 1..<n {
                            var t = Double(m) / Double(n)
                            if t != 0.5 {
                                // MapLibre's approximation of spherical interpolation between the normals.
                                let t2 = t - 0.5
                                let a = 1.0904 + cosAngle * (-3.2452 + cosAngle * (3.55645 - cosAngle * 1.43519))
                                let b = 0.848013 + cosAngle * (-1.06021 + cosAngle * 0.215638)
                                t = t + t * t2 * (t - 1) * (a * t2 * t2 + b)
                            }
                            let extrude = ((nextN - prevN) * t + prevN).unit * (lineTurnsLeft ? -1 : 1)
                            addHalfVertex(current, extrude.x, extrude.y, round: false, up: lineTurnsLeft, direction: 0)
                        }
                    }
                }
                if nextVertex != nil { addCurrentVertex(current, nextN, -offsetA, -offsetB) }
            case .butt:
                addCurrentVertex(current, joinNormal, 0, 0)
            case .square:
                let offset: Double = prevVertex != nil ? 1 : -1
                addCurrentVertex(current, joinNormal, offset, offset)
            case .round:
                if prevVertex != nil {
                    addCurrentVertex(current, prevN, 0, 0)
                    addCurrentVertex(current, prevN, 1, 1, round: true)
                }
                if nextVertex != nil {
                    addCurrentVertex(current, nextN, -1, -1, round: true)
                    addCurrentVertex(current, nextN, 0, 0)
                }
            }

            if isSharpCorner && i < len - 1, let next = nextVertex {
                let nextSegmentLength = current.distance(to: next)
                if nextSegmentLength > 2 * sharpCornerOffset {
                    let newCurrent = current + (next - current) * (sharpCornerOffset / nextSegmentLength)
                    distance += current.distance(to: newCurrent)
                    addCurrentVertex(newCurrent, nextN, 0, 0)
                    current = newCurrent
                    currentVertex = newCurrent
                }
            }
        }
    }

    /// Two vertices across the line at `p`, pushed out along `normal` and shifted along the line by
    /// `endLeft` / `endRight` (for caps and bevels).
    private mutating func addCurrentVertex(_ p: Point, _ normal: Point, _ endLeft: Double, _ endRight: Double, round: Bool = false) {
        let leftX = normal.x + normal.y * endLeft
        let leftY = normal.y - normal.x * endLeft
        let rightX = -normal.x + normal.y * endRight
        let rightY = -normal.y - normal.x * endRight
        addHalfVertex(p, leftX, leftY, round: round, up: false, direction: endLeft)
        addHalfVertex(p, rightX, rightY, round: round, up: true, direction: -endRight)
    }

    /// MapLibre stores an extrusion as a byte, `Math.round(63 * value)`: JavaScript rounds halves up.
    private static func quantize(_ value: Double) -> Double {
        (63 * value + 0.5).rounded(.down) / 63
    }

    private mutating func addHalfVertex(_ p: Point, _ extrudeX: Double, _ extrudeY: Double, round: Bool, up: Bool, direction: Double) {
        vertices.append(LineVertex(x: p.x, y: p.y, extrudeX: Self.quantize(extrudeX), extrudeY: Self.quantize(extrudeY),
                                   round: round, up: up, direction: direction == 0 ? 0 : (direction < 0 ? -1 : 1), distance: distance,
                                   progress: totalDistance > 0 ? distance / totalDistance : 0))
        let e = vertices.count - 1
        if e1 >= 0 && e2 >= 0 {
            triangles.append(Int32(e1))
            triangles.append(Int32(e))
            triangles.append(Int32(e2))
        }
        if up { e2 = e } else { e1 = e }
    }
}
