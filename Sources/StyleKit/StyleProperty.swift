import Foundation

/// A paint or layout property: a constant, a function of zoom, or a function of a feature property.
/// Constant and zoom-only properties are evaluated once per layer per render; data-driven ones per feature.
public struct StyleProperty<T: StylePropertyType>: Sendable {
    @usableFromInline
    enum Kind: Sendable {
        case constant(T)
        /// A compiled expression; `fallback` (the property's default) stands in where it fails at run time.
        case expression(any Expression, fallback: T)
    }

    @usableFromInline
    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }

    /// A property that always has `value`.
    public static func constant(_ value: T) -> StyleProperty<T> { StyleProperty(.constant(value)) }

    public var isConstant: Bool {
        if case .constant = kind { return true }
        return false
    }

    /// The value when the property is a constant; nil for any function or expression.
    public var constantValue: T? {
        if case .constant(let value) = kind { return value }
        return nil
    }

    /// True unless the value depends on a feature.
    public var isZoomOnly: Bool {
        switch kind {
        case .constant: true
        case .expression(let e, _): e.isFeatureConstant
        }
    }

    /// True unless the value depends on the zoom level.
    public var isZoomConstant: Bool {
        switch kind {
        case .constant: true
        case .expression(let e, _): e.isZoomConstant
        }
    }

    /// The value at a zoom level; for data-driven properties, the value for a feature without the property.
    public func evaluate(zoom: Double) -> T {
        switch kind {
        case .constant(let value): value
        case .expression(let e, let fallback): Self.run(e, EvaluationContext(zoom: zoom, feature: nil), fallback)
        }
    }

    /// The value for a feature at a zoom level. Inlinable, so that a renderer's calls are specialised for its
    /// feature and value types: a symbol layer asks some thirty properties per feature, and unspecialised each
    /// call looked up generic metadata at run time.
    @inlinable
    public func evaluate(zoom: Double, feature: some FeatureContext) -> T {
        switch kind {
        case .constant(let value): value
        case .expression(let e, let fallback): Self.run(e, EvaluationContext(zoom: zoom, feature: feature), fallback)
        }
    }

    /// The value at a point along a line (`line-progress`, 0 at its start, 1 at its end), for
    /// `line-gradient`.
    public func evaluate(zoom: Double, lineProgress: Double) -> T {
        switch kind {
        case .constant(let value): value
        case .expression(let e, let fallback):
            Self.run(e, EvaluationContext(zoom: zoom, heatmapDensity: nil, lineProgress: lineProgress), fallback)
        }
    }

    /// The value at a density of a heatmap (`heatmap-density`, 0 ... 1), for `heatmap-color`.
    public func evaluate(zoom: Double, heatmapDensity: Double) -> T {
        switch kind {
        case .constant(let value): value
        case .expression(let e, let fallback):
            Self.run(e, EvaluationContext(zoom: zoom, heatmapDensity: heatmapDensity), fallback)
        }
    }

    /// True when the expression's outermost operator is `step` (MapLibre then samples its colour ramp
    /// without blending neighbouring texels).
    public var isStep: Bool {
        guard case .expression(let e, _) = kind else { return false }
        // A type annotation the compiler added around the ramp does not change how it is sampled.
        if e is Coercion || e is Assertion, let inner = e.children.first { return inner is Step }
        return e is Step
    }

    @usableFromInline
    static func run(_ e: any Expression, _ context: EvaluationContext, _ fallback: T) -> T {
        guard let value = try? e.evaluate(context) else { return fallback }
        return T.value(value) ?? fallback
    }
}
