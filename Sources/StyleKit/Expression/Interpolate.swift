import Foundation

/// `interpolate`, `interpolate-hcl` and `interpolate-lab` with linear, exponential or cubic-bezier curves.
struct Interpolate: Expression {
    enum Curve: Sendable {
        case linear
        case exponential(Double)
        case cubicBezier(UnitBezier)
    }

    enum ColorSpace: Sendable { case rgb, hcl, lab }

    let type: ExpressionType
    let curve: Curve
    let space: ColorSpace
    let input: any Expression
    let stops: [Double]
    let outputs: [any Expression]
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, curve: Curve, space: ColorSpace, input: any Expression, stops: [Double], outputs: [any Expression]) {
        self.type = type
        self.curve = curve
        self.space = space
        self.input = input
        self.stops = stops
        self.outputs = outputs
        allDependencies = .of(self)
    }

    var children: [any Expression] { [input] + outputs }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        if stops.count == 1 { return try outputs[0].evaluate(context) }
        let x = try Runtime.number(input.evaluate(context))
        if x <= stops[0] { return try outputs[0].evaluate(context) }
        if x >= stops[stops.count - 1] { return try outputs[outputs.count - 1].evaluate(context) }
        let index = try Step.stopIndex(stops, x)
        let lower = stops[index], upper = stops[index + 1]
        let t = Self.factor(curve, x, lower, upper)
        let a = try outputs[index].evaluate(context), b = try outputs[index + 1].evaluate(context)
        return try Self.mix(a, b, t, type: type, space: space)
    }

    static func factor(_ curve: Curve, _ x: Double, _ lower: Double, _ upper: Double) -> Double {
        let span = upper - lower, progress = x - lower
        guard span != 0 else { return 0 }
        switch curve {
        case .linear: return progress / span
        case .exponential(let base):
            return base == 1 ? progress / span : (pow(base, progress) - 1) / (pow(base, span) - 1)
        case .cubicBezier(let bezier): return bezier.solve(progress / span)
        }
    }

    /// The value a fraction `t` of the way from `a` to `b`, by the output type.
    static func mix(_ a: StyleValue, _ b: StyleValue, _ t: Double, type: ExpressionType, space: ColorSpace) throws(ExpressionRuntimeError) -> StyleValue {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(x + t * (y - x))
        case (.color(let x), .color(let y)): return .color(mix(x, y, t, space))
        case (.array(let xs), .array(let ys)): return .array(zip(xs, ys).map { pair in
            if case .number(let x) = pair.0, case .number(let y) = pair.1 { .number(x + t * (y - x)) } else { .number(.nan) }
        } + Array(repeating: .number(.nan), count: max(xs.count - ys.count, 0)))
        case (.padding(let xs), .padding(let ys)): return .padding(mix(xs, ys, t))
        case (.numberArray(let xs), .numberArray(let ys)): return .numberArray(mix(xs, ys, t))
        case (.colorArray(let xs), .colorArray(let ys)):
            guard xs.count == ys.count else {
                throw ExpressionRuntimeError("colorArray: Arrays have mismatched length (\(xs.count) vs. \(ys.count)), cannot interpolate.")
            }
            return .colorArray(zip(xs, ys).map { mix($0, $1, t, space) })
        case (.anchorOffsets(let xs), .anchorOffsets(let ys)):
            guard xs.count == ys.count else {
                throw ExpressionRuntimeError("Cannot interpolate values of different length. from: \(Runtime.toString(a)), to: \(Runtime.toString(b))")
            }
            var out: [AnchorOffset] = []
            for (i, (x, y)) in zip(xs, ys).enumerated() {
                guard x.anchor == y.anchor else {
                    throw ExpressionRuntimeError("Cannot interpolate values containing mismatched anchors. from[\(2 * i)]: \(x.anchor), to[\(2 * i)]: \(y.anchor)")
                }
                out.append(AnchorOffset(anchor: x.anchor, x: x.x + t * (y.x - x.x), y: x.y + t * (y.y - x.y)))
            }
            return .anchorOffsets(out)
        default:
            // A projection between two: the names and how far along.
            if type == .projectionDefinition {
                return .projection(ProjectionDefinition(from: Runtime.toString(a), to: Runtime.toString(b), transition: t))
            }
            return t < 1 ? a : b
        }
    }

    private static func mix(_ x: StyleColor, _ y: StyleColor, _ t: Double, _ space: ColorSpace) -> StyleColor {
        switch space {
        case .rgb: x.interpolated(to: y, fraction: t)
        case .lab: ColorSpaces.interpolateLab(x, y, t)
        case .hcl: ColorSpaces.interpolateHCL(x, y, t)
        }
    }

    /// Number lists item by item; a missing item of `ys` makes NaN, as JavaScript's undefined does.
    private static func mix(_ xs: [Double], _ ys: [Double], _ t: Double) -> [Double] {
        xs.indices.map { i in i < ys.count ? xs[i] + t * (ys[i] - xs[i]) : .nan }
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let name) = args[0] else { return nil }
        let space: ColorSpace = name == "interpolate-hcl" ? .hcl : (name == "interpolate-lab" ? .lab : .rgb)
        guard args.count > 1, case .array(let interpolation) = args[1], let kind = interpolation.first else {
            return parser.error("Expected an interpolation type expression.", 1)
        }
        let curve: Curve
        switch kind {
        case .string("linear"): curve = .linear
        case .string("exponential"):
            // Anything after the base is ignored, as MapLibre ignores it.
            guard interpolation.count >= 2, case .number(let base) = interpolation[1] else {
                return parser.error("Exponential interpolation requires a numeric base.", 1, 1)
            }
            curve = .exponential(base)
        case .string("cubic-bezier"):
            let numbers = interpolation.dropFirst().compactMap { v -> Double? in if case .number(let n) = v { n } else { nil } }
            guard interpolation.count == 5, numbers.count == 4, numbers.allSatisfy({ (0...1).contains($0) }) else {
                return parser.error("Cubic bezier interpolation requires four numeric arguments with values between 0 and 1.", 1)
            }
            curve = .cubicBezier(UnitBezier(x1: numbers[0], y1: numbers[1], x2: numbers[2], y2: numbers[3]))
        default:
            return parser.error("Unknown interpolation type \(Runtime.toString(StyleValue(kind)))", 1, 0)
        }
        guard args.count - 1 >= 4 else { return parser.error("Expected at least 4 arguments, but found only \(args.count - 1).") }
        guard (args.count - 1) % 2 == 0 else { return parser.error("Expected an even number of arguments.") }
        guard let input = parser.parse(args, 2, expected: .number) else { return nil }
        var outputType: ExpressionType? = parser.expected == .value ? nil : parser.expected
        // The colour spaces interpolate colours, or colour arrays where one is expected.
        if space != .rgb && parser.expected != .colorArray { outputType = .color }
        var stops: [Double] = []
        var outputs: [any Expression] = []
        for i in stride(from: 3, to: args.count, by: 2) {
            guard case .number(let stop) = args[i] else {
                return parser.error(#"Input/output pairs for "interpolate" expressions must be defined using literal numeric values (not computed expressions) for the input values."#, i)
            }
            if let last = stops.last, stop <= last {
                return parser.error(#"Input/output pairs for "interpolate" expressions must be arranged with input values in strictly ascending order."#, i)
            }
            stops.append(stop)
            guard let output = parser.parse(args, i + 1, expected: outputType) else { return nil }
            outputType = outputType ?? output.type
            outputs.append(output)
        }
        let type = outputType ?? .number
        let interpolatable: Bool
        switch type {
        case .number, .projectionDefinition, .color, .padding, .numberArray, .colorArray, .variableAnchorOffsetCollection: interpolatable = true
        case .array(.number, let n): interpolatable = n != nil
        default: interpolatable = false
        }
        guard interpolatable else { return parser.error("Type \(type) is not interpolatable.") }
        return Interpolate(type: type, curve: curve, space: space, input: input, stops: stops, outputs: outputs)
    }
}
