/// How the ends of open lines are drawn.
public enum LineCap: Sendable {
    case butt, round, square
}

/// How line segments are joined.
public enum LineJoin: Sendable {
    case miter, round, bevel
}

/// Which areas of a self-overlapping path are inside.
public enum FillRule: Sendable {
    /// MapLibre's rule for vector tile polygons.
    case nonZero
    case evenOdd
}
