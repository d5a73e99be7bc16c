/// `["case", condition, output, ..., fallback]`.
struct Case: Expression {
    let type: ExpressionType
    let branches: [(any Expression, any Expression)]
    let otherwise: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, branches: [(any Expression, any Expression)], otherwise: any Expression) {
        self.type = type
        self.branches = branches
        self.otherwise = otherwise
        allDependencies = .of(self)
    }

    var children: [any Expression] { branches.flatMap { [$0.0, $0.1] } + [otherwise] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        for (condition, output) in branches where try Runtime.bool(condition.evaluate(context)) {
            return try output.evaluate(context)
        }
        return try otherwise.evaluate(context)
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count >= 4 else { return parser.error("Expected at least 3 arguments, but found only \(args.count - 1).") }
        guard args.count % 2 == 0 else { return parser.error("Expected an odd number of arguments.") }
        var outputType = parser.expected == .value ? nil : parser.expected
        var branches: [(any Expression, any Expression)] = []
        var i = 1
        while i < args.count - 1 {
            guard let condition = parser.parse(args, i, expected: .boolean) else { return nil }
            guard let output = parser.parse(args, i + 1, expected: outputType) else { return nil }
            outputType = outputType ?? output.type
            branches.append((condition, output))
            i += 2
        }
        guard let otherwise = parser.parse(args, args.count - 1, expected: outputType) else { return nil }
        return Case(type: outputType ?? otherwise.type, branches: branches, otherwise: otherwise)
    }
}

/// `["coalesce", a, b, ...]`: the first value that is not null.
struct Coalesce: Expression {
    let type: ExpressionType
    let arguments: [any Expression]
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, arguments: [any Expression]) {
        self.type = type
        self.arguments = arguments
        allDependencies = .of(self)
    }

    var children: [any Expression] { arguments }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        for argument in arguments {
            let value = try argument.evaluate(context)
            if value != .null { return value }
        }
        return .null
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count >= 2 else { return parser.error("Expectected at least one argument.") }
        var outputType = parser.expected == .value ? nil : parser.expected
        let needsAnnotation = parser.expected != nil && parser.expected != .value
        var arguments: [any Expression] = []
        for i in 1..<args.count {
            guard let argument = parser.parse(args, i, expected: outputType, annotate: needsAnnotation ? .omit : .assert) else { return nil }
            outputType = outputType ?? argument.type
            arguments.append(argument)
        }
        let type = needsAnnotation && arguments.contains { parser.expected!.subtypeError($0.type) != nil } ? ExpressionType.value : (outputType ?? .value)
        return Coalesce(type: type, arguments: arguments)
    }
}

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
            for (j, label) in labels.enumerated() {
                let labelKey: [Int] = labels.count > 1 || { if case .array = args[i] { true } else { false } }() ? [i, j] : [i]
                let labelType: ExpressionType
                switch label {
                case .number(let n):
                    guard n == n.rounded(), abs(n) <= 9_007_199_254_740_991 else {
                        return parser.error("Numeric branch labels must be integer values.", labelKey[0])
                    }
                    labelType = .number
                case .string: labelType = .string
                default:
                    sinkError(parser, "Branch labels must be numbers or strings.", labelKey)
                    return nil
                }
                if let inputType, inputType != labelType {
                    sinkError(parser, "Expected \(inputType) but found \(labelType) instead.", labelKey)
                    return nil
                }
                inputType = labelType
                let value = StyleValue(label)
                if cases[value] != nil {
                    sinkError(parser, "Branch labels must be unique.", labelKey)
                    return nil
                }
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

    private static func sinkError(_ parser: ExpressionParser, _ message: String, _ keys: [Int]) {
        if keys.count == 2 { parser.error(message, keys[0], keys[1]) } else { parser.error(message, keys[0]) }
    }
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
struct Comparison: Expression {
    let op: String
    let lhs: any Expression
    let rhs: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(op: String, lhs: any Expression, rhs: any Expression) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        allDependencies = .of(self)
    }

    var type: ExpressionType { .boolean }
    var children: [any Expression] { [lhs, rhs] }

    var isOrder: Bool { op != "==" && op != "!=" }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let a = try lhs.evaluate(context), b = try rhs.evaluate(context)
        if isOrder && (lhs.type == .value || rhs.type == .value) {
            let ta = ExpressionType.of(a), tb = ExpressionType.of(b)
            if ta != tb || !(ta == .string || ta == .number) {
                throw ExpressionRuntimeError("Expected arguments for \"\(op)\" to be (string, string) or (number, number), but found (\(ta), \(tb)) instead.")
            }
        }
        switch op {
        case "==": return .bool(a == b)
        case "!=": return .bool(a != b)
        default:
            let order: Int
            switch (a, b) {
            case (.number(let x), .number(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            case (.string(let x), .string(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            default: return .bool(false)
            }
            switch op {
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let op) = args[0] else { return nil }
        guard args.count == 3 || args.count == 4 else { return parser.error("Expected two or three arguments.") }
        guard let lhs = parser.parse(args, 1, expected: .value) else { return nil }
        let order = op != "==" && op != "!="
        func comparable(_ t: ExpressionType) -> Bool {
            order ? [.string, .number, .value].contains(t) : [.string, .number, .boolean, .null, .value].contains(t)
        }
        guard comparable(lhs.type) else {
            return parser.error("\"\(op)\" comparisons are not supported for type '\(lhs.type)'.", 1)
        }
        guard let rhs = parser.parse(args, 2, expected: .value) else { return nil }
        guard comparable(rhs.type) else {
            return parser.error("\"\(op)\" comparisons are not supported for type '\(rhs.type)'.", 2)
        }
        if lhs.type != rhs.type && lhs.type != .value && rhs.type != .value {
            return parser.error("Cannot compare types '\(lhs.type)' and '\(rhs.type)'.")
        }
        if args.count == 4 {
            return parser.error("Collator arguments are not supported yet.", 3)
        }
        return Comparison(op: op, lhs: lhs, rhs: rhs)
    }
}
