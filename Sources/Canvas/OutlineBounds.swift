import CFreeType

/// The exact bounds of a FreeType outline: its on-curve points and the extremes of its Bézier arcs.
/// FreeType's own (`FT_Outline_Get_BBox`) sits in a header the CFreeType shim does not include, and glyph
/// servers floor and ceil these bounds, so the control box (which control points can push out) will not do.
enum OutlineBounds {
    /// In the outline's 26.6 units; nil for an outline without points.
    static func of(_ outline: FT_Outline) -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        let pointCount = Int(outline.n_points), contourCount = Int(outline.n_contours)
        guard pointCount > 0, contourCount > 0, let points = outline.points, let tags = outline.tags,
              let contours = outline.contours else { return nil }
        var box = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
        func add(_ x: Double, _ y: Double) {
            box.minX = min(box.minX, x); box.maxX = max(box.maxX, x)
            box.minY = min(box.minY, y); box.maxY = max(box.maxY, y)
        }
        func point(_ i: Int) -> (Double, Double) { (Double(points[i].x), Double(points[i].y)) }
        func tag(_ i: Int) -> Int { Int(UInt8(bitPattern: tags[i])) & 3 }
        func mid(_ a: (Double, Double), _ b: (Double, Double)) -> (Double, Double) { ((a.0 + b.0) / 2, (a.1 + b.1) / 2) }
        func conic(_ p0: (Double, Double), _ c: (Double, Double), _ p1: (Double, Double)) {
            add(p1.0, p1.1)
            for axis in 0..<2 {
                let a = axis == 0 ? p0.0 : p0.1, b = axis == 0 ? c.0 : c.1, e = axis == 0 ? p1.0 : p1.1
                let denominator = a - 2 * b + e
                guard denominator != 0 else { continue }
                let t = (a - b) / denominator
                guard t > 0, t < 1 else { continue }
                let x = (1 - t) * (1 - t) * p0.0 + 2 * t * (1 - t) * c.0 + t * t * p1.0
                let y = (1 - t) * (1 - t) * p0.1 + 2 * t * (1 - t) * c.1 + t * t * p1.1
                add(x, y)
            }
        }
        func cubic(_ p0: (Double, Double), _ c1: (Double, Double), _ c2: (Double, Double), _ p1: (Double, Double)) {
            add(p1.0, p1.1)
            func at(_ t: Double) -> (Double, Double) {
                let u = 1 - t
                return (u * u * u * p0.0 + 3 * u * u * t * c1.0 + 3 * u * t * t * c2.0 + t * t * t * p1.0,
                        u * u * u * p0.1 + 3 * u * u * t * c1.1 + 3 * u * t * t * c2.1 + t * t * t * p1.1)
            }
            for axis in 0..<2 {
                let p = axis == 0 ? [p0.0, c1.0, c2.0, p1.0] : [p0.1, c1.1, c2.1, p1.1]
                // The derivative's roots: a t² + b t + c = 0.
                let a = -p[0] + 3 * p[1] - 3 * p[2] + p[3], b = 2 * (p[0] - 2 * p[1] + p[2]), c = p[1] - p[0]
                var roots: [Double] = []
                if abs(a) < 1e-12 {
                    if b != 0 { roots.append(-c / b) }
                } else {
                    let discriminant = b * b - 4 * a * c
                    if discriminant >= 0 {
                        let root = discriminant.squareRoot()
                        roots.append((-b + root) / (2 * a))
                        roots.append((-b - root) / (2 * a))
                    }
                }
                for t in roots where t > 0 && t < 1 { let p = at(t); add(p.0, p.1) }
            }
        }

        // The walk of FT_Outline_Decompose: a contour may start off the curve, and two conic control points
        // in a row have an implied on-curve point midway.
        var first = 0
        for contour in 0..<contourCount {
            let last = Int(contours[contour])
            guard last >= first, last < pointCount else { return nil }
            defer { first = last + 1 }
            var limit = last
            var start = point(first)
            var index = first
            if tag(first) == 0 {
                if tag(last) == 1 {
                    start = point(last)
                    limit -= 1
                } else {
                    start = mid(point(first), point(last))
                }
                index -= 1
            } else if tag(first) == 2 {
                return nil
            }
            add(start.0, start.1)
            var current = start
            while index < limit {
                index += 1
                switch tag(index) {
                case 1:
                    current = point(index)
                    add(current.0, current.1)
                case 0:
                    var control = point(index)
                    while true {
                        if index < limit {
                            index += 1
                            let next = point(index)
                            if tag(index) == 1 {
                                conic(current, control, next)
                                current = next
                                break
                            }
                            guard tag(index) == 0 else { return nil }
                            let middle = mid(control, next)
                            conic(current, control, middle)
                            current = middle
                            control = next
                        } else {
                            conic(current, control, start)
                            current = start
                            break
                        }
                    }
                default:
                    guard index + 1 <= limit, tag(index + 1) == 2 else { return nil }
                    let c1 = point(index), c2 = point(index + 1)
                    index += 2
                    if index <= limit {
                        cubic(current, c1, c2, point(index))
                        current = point(index)
                    } else {
                        cubic(current, c1, c2, start)
                        current = start
                    }
                }
            }
        }
        return box.minX <= box.maxX ? box : nil
    }
}
