/// `["match", input, label(s), output, ..., fallback]`.
struct Match: Expression {
    let type: ExpressionType
    let input: any Expression
    let cases: [StyleValue: Int]
    let outputs: [any Expression]
    let otherwise: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, input: any Expression, cases: [StyleValue: Int], outputs: [any Expression], otherwise: any Expression) {
        self.type = type
        self.input = input
        self.cases = cases
        self.outputs = outputs
        self.otherwise = otherwise
        allDependencies = .of(self)
    }

    var children: [any Expression] { [input] + outputs + [otherwise] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let value = try input.evaluate(context)
        if let index = cases[value] { return try outputs[index].evaluate(context) }
        return try otherwise.evaluate(context)
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count >= 5 else { return parser.error("Expected at least 4 arguments, but found only \(args.count - 1).") }
        guard args.count % 2 == 1 else { return parser.error("Expected an even number of arguments.") }
        var inputType: ExpressionType?
        var outputType = parser.expected == .value ? nil : parser.expected
        var cases: [StyleValue: Int] = [:]
        var outputs: [any Expression] = []
        var i = 2
        while i < args.count - 1 {
            var labels: [JSONValue]
            if case .array(let list) = args[i] {
                labels = list
                if labels.isEmpty { return parser.error("Expected at least one branch label.", i) }
            } else {
                labels = [args[i]]
            }
            // Label errors are keyed at the labels' argument, as MapLibre keys them.
            for label in labels {
                let labelType: ExpressionType
                switch label {
                case .number(let n):
                    guard abs(n) <= 9_007_199_254_740_991 else {
                        return parser.error("Branch labels must be integers no larger than 9007199254740991.", i)
                    }
                    guard n == n.rounded(.down) else { return parser.error("Numeric branch labels must be integer values.", i) }
                    labelType = .number
                case .string: labelType = .string
                default: return parser.error("Branch labels must be numbers or strings.", i)
                }
                if let inputType, inputType != labelType {
                    return parser.error("Expected \(inputType) but found \(labelType) instead.", i)
                }
                inputType = labelType
                let value = StyleValue(label)
                if cases[value] != nil { return parser.error("Branch labels must be unique.", i) }
                cases[value] = outputs.count
            }
            guard let output = parser.parse(args, i + 1, expected: outputType) else { return nil }
            outputType = outputType ?? output.type
            outputs.append(output)
            i += 2
        }
        guard let input = parser.parse(args, 1, expected: .value) else { return nil }
        guard let otherwise = parser.parse(args, args.count - 1, expected: outputType) else { return nil }
        if input.type != .value, let inputType, input.type != inputType {
            return parser.error("Expected \(inputType) but found \(input.type) instead.", 1)
        }
        return Match(type: outputType ?? otherwise.type, input: input, cases: cases, outputs: outputs, otherwise: otherwise)
    }
}
