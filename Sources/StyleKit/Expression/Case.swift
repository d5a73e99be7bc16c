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
