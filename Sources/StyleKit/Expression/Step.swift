import Foundation

/// `["step", input, output0, stop1, output1, ...]`.
struct Step: Expression {
    let type: ExpressionType
    let input: any Expression
    let stops: [Double]
    let outputs: [any Expression]
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, input: any Expression, stops: [Double], outputs: [any Expression]) {
        self.type = type
        self.input = input
        self.stops = stops
        self.outputs = outputs
        allDependencies = .of(self)
    }

    var children: [any Expression] { [input] + outputs }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let x = try Runtime.number(input.evaluate(context))
        if x <= stops[0] { return try outputs[0].evaluate(context) }
        if x >= stops[stops.count - 1] { return try outputs[outputs.count - 1].evaluate(context) }
        return try outputs[Self.stopIndex(stops, x)].evaluate(context)
    }

    /// The index of the last stop at or below `x` (stops ascending), by binary search; NaN is an error.
    static func stopIndex(_ stops: [Double], _ x: Double) throws(ExpressionRuntimeError) -> Int {
        guard !x.isNaN else { throw ExpressionRuntimeError("Input is not a number.") }
        var lower = 0, upper = stops.count - 1
        while lower <= upper {
            let middle = (lower + upper) / 2
            if stops[middle] <= x {
                if middle == stops.count - 1 || x < stops[middle + 1] { return middle }
                lower = middle + 1
            } else {
                upper = middle - 1
            }
        }
        return 0
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count - 1 >= 4 else { return parser.error("Expected at least 4 arguments, but found only \(args.count - 1).") }
        guard (args.count - 1) % 2 == 0 else { return parser.error("Expected an even number of arguments.") }
        guard let input = parser.parse(args, 1, expected: .number) else { return nil }
        var outputType = parser.expected == .value ? nil : parser.expected
        var stops: [Double] = [-.infinity]
        var outputs: [any Expression] = []
        for i in stride(from: 2, to: args.count, by: 2) {
            if i > 2 {
                guard case .number(let stop) = args[i - 1] else {
                    return parser.error(#"Input/output pairs for "step" expressions must be defined using literal numeric values (not computed expressions) for the input values."#, i - 1)
                }
                if stop <= stops[stops.count - 1] {
                    return parser.error(#"Input/output pairs for "step" expressions must be arranged with input values in strictly ascending order."#, i - 1)
                }
                stops.append(stop)
            }
            guard let output = parser.parse(args, i, expected: outputType) else { return nil }
            outputType = outputType ?? output.type
            outputs.append(output)
        }
        return Step(type: outputType ?? .value, input: input, stops: stops, outputs: outputs)
    }
}
