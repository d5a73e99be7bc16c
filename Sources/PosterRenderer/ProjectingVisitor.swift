import VectorTile

/// Receives a feature's tile-coordinate geometry, projects it to device pixels, drops vertices closer than
/// `minimumStep` to the previous one (detail finer than a pixel is wasted work), clips it to the tile's
/// rectangle and collects it into a ``PathPiece``.
struct ProjectingVisitor: GeometryVisitor {
    /// Pixel position = tile coordinate * scale + offset.
    let scale: Double
    let offsetX: Double
    let offsetY: Double
    let clipRect: PixelRect
    let minimumStep: Double
    let closed: Bool
    /// Rings that will be stroked (a line layer over polygons) are clipped as lines: clipping them as
    /// areas would add edges along the tile boundary, which a stroke would draw.
    let ringsAsLines: Bool
    /// Where a line's distance (for dashes and patterns) starts again: the buffered tile a GeoJSON source
    /// is cut into, as geojson-vt cuts it, so that each tile's part of a line starts its dashes afresh at the
    /// buffer's edge as in MapLibre. Nil: distances run from the feature's first vertex.
    var restartRect: PixelRect? = nil
    /// Tile coordinates are rounded to multiples of 2^gridShift first: a GeoJSON source, tiled here in one
    /// fine world tile, lands on the grid geojson-vt would give it (extent 8192 at the tile zoom), so that
    /// edges fall on the same side of a pixel's centre as in MapLibre.
    var gridShift: Int32 = 0

    private(set) var piece: PathPiece
    private var part: [Double] = []
    private var partBounds = PixelRect.empty
    private var pending: (x: Double, y: Double)?

    init(scale: Double, offsetX: Double, offsetY: Double, clipRect: PixelRect, minimumStep: Double, closed: Bool, ringsAsLines: Bool = false) {
        self.scale = scale
        self.offsetX = offsetX
        self.offsetY = offsetY
        self.clipRect = clipRect
        self.minimumStep = minimumStep
        self.closed = closed
        self.ringsAsLines = ringsAsLines
        piece = PathPiece(closed: closed && !ringsAsLines)
        part.reserveCapacity(64)
    }

    /// Resets for the next feature, keeping buffers.
    mutating func reset() {
        piece = PathPiece(closed: closed && !ringsAsLines)
        part.removeAll(keepingCapacity: true)
        partBounds = .empty
        pending = nil
    }

    mutating func moveTo(x: Int32, y: Int32) {
        finishPart()
        appendPoint(x, y, force: true)
    }

    mutating func lineTo(x: Int32, y: Int32) {
        appendPoint(x, y, force: false)
    }

    mutating func closePath() {
        if ringsAsLines && part.count >= 2 {
            part.append(part[0])
            part.append(part[1])
        }
        finishPart()
    }

    /// Ends the last open part; call once after the feature's geometry has been visited.
    mutating func finish() {
        finishPart()
    }

    private mutating func appendPoint(_ tx: Int32, _ ty: Int32, force: Bool) {
        var tx = Int64(tx), ty = Int64(ty)
        if gridShift > 0 {
            let half = Int64(1) << (gridShift - 1)
            tx = ((tx + half) >> gridShift) << gridShift
            ty = ((ty + half) >> gridShift) << gridShift
        }
        let x = Double(tx) * scale + offsetX
        let y = Double(ty) * scale + offsetY
        let n = part.count
        if !force && n >= 2 {
            let dx = x - part[n - 2], dy = y - part[n - 1]
            if dx * dx + dy * dy < minimumStep * minimumStep {
                // Remembered so that an open line still reaches its true end.
                pending = (x, y)
                return
            }
        }
        pending = nil
        part.append(x)
        part.append(y)
        partBounds.include(x: x, y: y)
    }

    private mutating func finishPart() {
        defer {
            part.removeAll(keepingCapacity: true)
            partBounds = .empty
            pending = nil
        }
        if !closed, let end = pending {
            part.append(end.x)
            part.append(end.y)
            partBounds.include(x: end.x, y: end.y)
        }
        let minimumPoints = closed ? 3 : 2
        guard part.count >= 2 * minimumPoints else { return }
        // A ring smaller than a third of a pixel each way adds no visible coverage.
        if closed && partBounds.width < 0.34 && partBounds.height < 0.34 { return }
        let isLine = !closed || ringsAsLines
        if isLine, let restartRect, !(partBounds.minX >= restartRect.minX && partBounds.maxX <= restartRect.maxX
                                      && partBounds.minY >= restartRect.minY && partBounds.maxY <= restartRect.maxY) {
            guard partBounds.intersects(restartRect) else { return }
            let n = part.count
            for line in GeometryClipper(rect: restartRect).clipLine(part) {
                var ends: PartEnds = []
                if line[0] != part[0] || line[1] != part[1] { ends.insert(.cutStart) }
                if line[line.count - 2] != part[n - 2] || line[line.count - 1] != part[n - 1] { ends.insert(.cutEnd) }
                var bounds = PixelRect.empty
                for i in stride(from: 0, to: line.count, by: 2) { bounds.include(x: line[i], y: line[i + 1]) }
                appendLine(line, bounds: bounds, cut: ends, ring: false)
            }
            return
        }
        let insideClip = partBounds.minX >= clipRect.minX && partBounds.maxX <= clipRect.maxX
            && partBounds.minY >= clipRect.minY && partBounds.maxY <= clipRect.maxY
        if closed && !ringsAsLines {
            if insideClip {
                append(part)
            } else if partBounds.intersects(clipRect) {
                let ring = GeometryClipper(rect: clipRect).clipRing(part)
                if !ring.isEmpty {
                    append(ring)
                    piece.cutRect = clipRect
                }
            }
            return
        }
        appendLine(part, bounds: partBounds, cut: [], ring: ringsAsLines && closed)
    }

    /// An open line (or a ring stroked as one) clipped to `clipRect`; `cut` marks ends already cut before.
    private mutating func appendLine(_ line: [Double], bounds: PixelRect, cut: PartEnds, ring: Bool) {
        let insideClip = bounds.minX >= clipRect.minX && bounds.maxX <= clipRect.maxX && bounds.minY >= clipRect.minY && bounds.maxY <= clipRect.maxY
        if insideClip {
            append(line, ring ? cut.union(.ring) : cut)
        } else if bounds.intersects(clipRect) {
            let n = line.count
            var cursor = LengthCursor()
            for clipped in GeometryClipper(rect: clipRect).clipLine(line) {
                var ends: PartEnds = []
                if clipped[0] != line[0] || clipped[1] != line[1] || cut.contains(.cutStart) { ends.insert(.cutStart) }
                if clipped[clipped.count - 2] != line[n - 2] || clipped[clipped.count - 1] != line[n - 1] || cut.contains(.cutEnd) { ends.insert(.cutEnd) }
                append(clipped, ends, startDistance: cursor.distance(to: clipped[0], clipped[1], along: line))
            }
        }
    }

    private mutating func append(_ points: [Double], _ ends: PartEnds = [], startDistance: Double = 0) {
        piece.startPart(ends, startDistance: startDistance)
        var i = 0
        while i < points.count {
            piece.append(x: points[i], y: points[i + 1])
            i += 2
        }
    }
}

/// Walks a line string forwards, measuring how far along it given points lie; the points must come in
/// the line's order (as the pieces of a clipped line do).
private struct LengthCursor {
    private var segment = 0
    private var lengthBefore = 0.0

    mutating func distance(to x: Double, _ y: Double, along points: [Double]) -> Double {
        let count = points.count / 2
        while segment < count - 1 {
            let ax = points[2 * segment], ay = points[2 * segment + 1]
            let bx = points[2 * segment + 2], by = points[2 * segment + 3]
            let dx = bx - ax, dy = by - ay
            let length = (dx * dx + dy * dy).squareRoot()
            // On this segment: within it lengthwise and (nearly) on its line.
            if length > 0 {
                let t = ((x - ax) * dx + (y - ay) * dy) / (length * length)
                let off = abs((x - ax) * dy - (y - ay) * dx) / length
                if t >= -1e-9 && t <= 1 + 1e-9 && off < 1e-6 * max(1, length) {
                    return lengthBefore + t * length
                }
            }
            lengthBefore += length
            segment += 1
        }
        return lengthBefore
    }
}
