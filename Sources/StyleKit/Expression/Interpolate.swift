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
        let x = try Runtime.number(input.evaluate(context))
        if stops.count == 1 || x <= stops[0] { return try outputs[0].evaluate(context) }
        if x >= stops[stops.count - 1] { return try outputs[outputs.count - 1].evaluate(context) }
        var index = 0
        while index + 1 < stops.count && stops[index + 1] <= x { index += 1 }
        let lower = stops[index], upper = stops[index + 1]
        let t = Self.factor(curve, x, lower, upper)
        let a = try outputs[index].evaluate(context), b = try outputs[index + 1].evaluate(context)
        return try Self.mix(a, b, t, space)
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

    static func mix(_ a: StyleValue, _ b: StyleValue, _ t: Double, _ space: ColorSpace) throws(ExpressionRuntimeError) -> StyleValue {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(x + (y - x) * t)
        case (.color(let x), .color(let y)):
            switch space {
            case .rgb: return .color(x.interpolated(to: y, fraction: t))
            case .lab: return .color(ColorSpaces.interpolateLab(x, y, t))
            case .hcl: return .color(ColorSpaces.interpolateHCL(x, y, t))
            }
        case (.array(let xs), .array(let ys)) where xs.count == ys.count:
            var out: [StyleValue] = []
            for (x, y) in zip(xs, ys) { out.append(try mix(x, y, t, space)) }
            return .array(out)
        default:
            return t < 1 ? a : b
        }
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let name) = args[0] else { return nil }
        let space: ColorSpace = name == "interpolate-hcl" ? .hcl : (name == "interpolate-lab" ? .lab : .rgb)
        guard args.count - 1 >= 4 else { return parser.error("Expected at least 4 arguments, but found only \(args.count - 1).") }
        guard (args.count - 1) % 2 == 0 else { return parser.error("Expected an even number of arguments.") }
        guard case .array(let interpolation) = args[1], case .string(let kind)? = interpolation.first else {
            return parser.error("Expected an interpolation type expression.", 1)
        }
        let curve: Curve
        switch kind {
        case "linear": curve = .linear
        case "exponential":
            guard interpolation.count == 2, case .number(let base) = interpolation[1] else {
                return parser.error("Exponential interpolation requires a numeric base.", 1, 1)
            }
            curve = .exponential(base)
        case "cubic-bezier":
            let numbers = interpolation.dropFirst().compactMap { v -> Double? in if case .number(let n) = v { n } else { nil } }
            guard interpolation.count == 5, numbers.count == 4, numbers.allSatisfy({ (0...1).contains($0) }) else {
                return parser.error("Cubic bezier interpolation requires four numeric arguments with values between 0 and 1.", 1)
            }
            curve = .cubicBezier(UnitBezier(x1: numbers[0], y1: numbers[1], x2: numbers[2], y2: numbers[3]))
        default:
            return parser.error("Unknown interpolation type \(kind)", 1, 0)
        }
        guard let input = parser.parse(args, 2, expected: .number) else { return nil }
        var outputType: ExpressionType? = parser.expected == .value ? nil : parser.expected
        if space != .rgb { outputType = .color }
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
        case .number, .color, .padding: interpolatable = true
        case .array(.number, let n): interpolatable = n != nil
        default: interpolatable = false
        }
        guard interpolatable else { return parser.error("Type \(type) is not interpolatable.") }
        return Interpolate(type: type, curve: curve, space: space, input: input, stops: stops, outputs: outputs)
    }
}
