import Foundation

/// A paint or layout property: a constant, a function of zoom, or a function of a feature property.
/// Constant and zoom-only properties are evaluated once per layer per render; data-driven ones per feature.
public struct StyleProperty<T: StylePropertyType>: Sendable {
    enum Kind: Sendable {
        case constant(T)
        case zoom(Curve<Double, T>)
        case feature(key: String, FeatureFunction<T>)
        /// A compiled expression; `fallback` (the property's default) stands in where it fails at run time.
        case expression(any Expression, fallback: T)
    }

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

    /// True unless the value depends on a feature.
    public var isZoomOnly: Bool {
        switch kind {
        case .feature: false
        case .expression(let e, _): e.isFeatureConstant
        default: true
        }
    }

    /// The value at a zoom level; for data-driven properties, the value for a feature without the property.
    public func evaluate(zoom: Double) -> T {
        switch kind {
        case .constant(let value): value
        case .zoom(let curve): curve.evaluate(zoom)
        case .feature(_, let function): function.fallback
        case .expression(let e, let fallback): Self.run(e, EvaluationContext(zoom: zoom, feature: nil), fallback)
        }
    }

    /// The value for a feature at a zoom level.
    public func evaluate(zoom: Double, feature: some FeatureContext) -> T {
        switch kind {
        case .constant(let value): value
        case .zoom(let curve): curve.evaluate(zoom)
        case .feature(let key, let function): function.evaluate(feature.property(key))
        case .expression(let e, let fallback): Self.run(e, EvaluationContext(zoom: zoom, feature: feature), fallback)
        }
    }

    private static func run(_ e: any Expression, _ context: EvaluationContext, _ fallback: T) -> T {
        guard let value = try? e.evaluate(context) else { return fallback }
        return T.value(value) ?? fallback
    }
}

/// Stops over an input (zoom or a number), interpolated exponentially or stepped.
struct Curve<Input: Sendable & Comparable, T: StylePropertyType>: Sendable {
    var stops: [(input: Double, output: T)]
    /// 1 is linear. Ignored when `stepped`.
    var base: Double
    var stepped: Bool
    /// With `step` expressions, the output below the first stop.
    var below: T?

    func evaluate(_ x: Double) -> T {
        guard let first = stops.first else { return below! }
        if x < first.input { return below ?? first.output }
        guard let upperIndex = stops.firstIndex(where: { $0.input > x }) else { return stops[stops.count - 1].output }
        let lower = stops[upperIndex - 1], upper = stops[upperIndex]
        if stepped || !T.interpolatable { return lower.output }
        let span = upper.input - lower.input
        let progress = x - lower.input
        let t: Double
        if span == 0 {
            t = 0
        } else if base == 1 {
            t = progress / span
        } else {
            t = (pow(base, progress) - 1) / (pow(base, span) - 1)
        }
        return T.interpolate(lower.output, upper.output, t)
    }
}

/// A function of one feature property: legacy `{"property": ..., "type": ...}` functions and the
/// `get`/`match`/`step`/`interpolate` expressions over one property.
struct FeatureFunction<T: StylePropertyType>: Sendable {
    enum Mode: Sendable {
        case identity
        case categorical([StyleValue: T])
        case numeric(Curve<Double, T>)
    }

    var mode: Mode
    var fallback: T

    func evaluate(_ value: StyleValue?) -> T {
        guard let value else { return fallback }
        switch mode {
        case .identity:
            return T.value(value) ?? fallback
        case .categorical(let table):
            return table[value] ?? fallback
        case .numeric(let curve):
            guard case .number(let x) = value else { return fallback }
            return curve.evaluate(x)
        }
    }
}
