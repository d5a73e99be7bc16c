/// Upper bounds on what a style may hold, in one place. A style past one is rejected with an error saying
/// which limit and what to change, before the work it would cost is done: styles come from users, and a
/// crafted one must not take minutes to read or exhaust the stack. Real styles stay far below all of them
/// (the reference styles in the tests: at most 123 layers, 3 sources, expressions 6 levels and ~600 nodes).
public enum StyleLimits {
    /// The deepest nesting of expression arrays (`["+", ["get", "x"], 1]` is one level), counted through
    /// legacy filters (`all`, `any`, `none`, `!`) into the expressions inside them. The parsers recurse
    /// per level, so this also bounds their stack use.
    public static let maxExpressionDepth = 64

    /// The most JSON values (operators and their arguments; a `literal`'s value counts as one) in one
    /// expression or filter.
    public static let maxExpressionNodes = 10_000

    /// The deepest nesting of a style document's JSON: the deepest expression with room for the style's
    /// own levels around it (root, `layers`, layer, `paint`) and some to spare, so that a too-deep
    /// expression still gets its own error with its key path.
    public static let maxDocumentDepth = maxExpressionDepth + 16

    /// The most layers in one style.
    public static let maxLayers = 2_000

    /// The most sources in one style.
    public static let maxSources = 256

    static func depthMessage(_ subject: String) -> String {
        "\(subject) nests deeper than \(maxExpressionDepth) levels; flatten it (MapLibre's own styles nest a few dozen at most)"
    }

    static func documentDepthMessage(line: Int, column: Int) -> String {
        "the style's JSON nests deeper than \(maxDocumentDepth) levels (at line \(line), column \(column)); flatten the expression or metadata there"
    }

    static var nodesMessage: String {
        "expression has more than \(maxExpressionNodes) nodes; simplify it or split it across layers (MapLibre's own styles use a few hundred at most)"
    }

    static func layersMessage(_ count: Int) -> String {
        "the style has \(count) layers, more than the limit of \(maxLayers); merge layers that draw the same data with the same paint"
    }

    static func sourcesMessage(_ count: Int) -> String {
        "the style has \(count) sources, more than the limit of \(maxSources); let layers share sources (one source serves any number of layers)"
    }
}
