import Canvas

/// Cuts prepared geometry to the part in front of a pitched camera before it is projected: a homography
/// sends points behind the eye to the wrong side of the screen, so rings and lines are clipped in the flat
/// layout to the half-plane where the projection's weight w (the depth, device px) is at least `minimumDepth`.
/// Pieces wholly in front (nearly all of them) are returned untouched.
struct FrontClipper {
    let matrix: DeviceTransform
    let minimumDepth: Double

    private func depth(_ x: Double, _ y: Double) -> Double { matrix.wx * x + matrix.wy * y + matrix.w0 }

    /// `pieces` with what lies behind the near limit cut away.
    func clip(_ pieces: [PathPiece]) -> [PathPiece] {
        guard !matrix.isAffine else { return pieces }
        return pieces.compactMap { piece in
            let b = piece.bounds
            guard b.minX <= b.maxX, b.minY <= b.maxY else { return nil }
            let corners = [depth(b.minX, b.minY), depth(b.maxX, b.minY), depth(b.minX, b.maxY), depth(b.maxX, b.maxY)]
            if corners.allSatisfy({ $0 >= minimumDepth }) { return piece }
            if corners.allSatisfy({ $0 < minimumDepth }) { return nil }
            let clipped = piece.closed ? clipRings(piece) : clipLines(piece)
            return clipped.isEmpty ? nil : clipped
        }
    }

    /// Sutherland–Hodgman against the one half-plane.
    private func clipRings(_ piece: PathPiece) -> PathPiece {
        var result = PathPiece(closed: true)
        result.cutRect = piece.cutRect
        let c = piece.coordinates
        piece.forEachPart { range in
            var output: [(Double, Double)] = []
            var previous = (Double(c[2 * (range.upperBound - 1)]), Double(c[2 * (range.upperBound - 1) + 1]))
            var previousDepth = depth(previous.0, previous.1)
            for i in range {
                let point = (Double(c[2 * i]), Double(c[2 * i + 1]))
                let pointDepth = depth(point.0, point.1)
                if (pointDepth >= minimumDepth) != (previousDepth >= minimumDepth) {
                    output.append(crossing(previous, previousDepth, point, pointDepth))
                }
                if pointDepth >= minimumDepth { output.append(point) }
                previous = point
                previousDepth = pointDepth
            }
            guard output.count >= 3 else { return }
            result.startPart()
            for p in output { result.append(x: p.0, y: p.1) }
        }
        return result
    }

    /// Open lines fall apart into runs in front; ends made by the cut get no caps, and each run keeps its
    /// distance along the line for dashes.
    private func clipLines(_ piece: PathPiece) -> PathPiece {
        var result = PathPiece(closed: false)
        let c = piece.coordinates
        piece.forEachPart { range, ends, startDistance in
            var run: [(Double, Double)] = []
            var runStart = startDistance, runCutStart = ends.contains(.cutStart)
            var travelled = startDistance
            func flush(cutEnd: Bool) {
                if run.count >= 2 {
                    var runEnds: PartEnds = []
                    if runCutStart { runEnds.insert(.cutStart) }
                    if cutEnd { runEnds.insert(.cutEnd) }
                    result.startPart(runEnds, startDistance: runStart)
                    for p in run { result.append(x: p.0, y: p.1) }
                }
                run.removeAll()
            }
            var points = range.map { (Double(c[2 * $0]), Double(c[2 * $0 + 1])) }
            // A part wholly in front stays as it was (a ring stroked as a line stays a ring).
            if points.allSatisfy({ depth($0.0, $0.1) >= minimumDepth }) {
                result.startPart(ends, startDistance: startDistance)
                for p in points { result.append(x: p.0, y: p.1) }
                return
            }
            // A ring stroked as a line is opened where it is cut.
            if ends.contains(.ring), let first = points.first { points.append(first) }
            var previous: (Double, Double)? = nil
            var previousDepth = 0.0
            for point in points {
                let pointDepth = depth(point.0, point.1)
                if let previous {
                    let length = ((point.0 - previous.0) * (point.0 - previous.0) + (point.1 - previous.1) * (point.1 - previous.1)).squareRoot()
                    let inFront = pointDepth >= minimumDepth, wasInFront = previousDepth >= minimumDepth
                    if inFront != wasInFront {
                        let cut = crossing(previous, previousDepth, point, pointDepth)
                        let cutDistance = travelled + ((cut.0 - previous.0) * (cut.0 - previous.0) + (cut.1 - previous.1) * (cut.1 - previous.1)).squareRoot()
                        if wasInFront {
                            run.append(cut)
                            flush(cutEnd: true)
                        } else {
                            run = [cut]
                            runStart = cutDistance
                            runCutStart = true
                        }
                    }
                    if inFront { run.append(point) }
                    travelled += length
                } else if pointDepth >= minimumDepth {
                    run = [point]
                }
                previous = point
                previousDepth = pointDepth
            }
            flush(cutEnd: ends.contains(.cutEnd))
        }
        return result
    }

    private func crossing(_ a: (Double, Double), _ da: Double, _ b: (Double, Double), _ db: Double) -> (Double, Double) {
        let t = (minimumDepth - da) / (db - da)
        return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
    }
}
