/// A constant (`literal`, bare numbers, strings, booleans and null, and folded subexpressions).
struct Literal: Expression {
    let type: ExpressionType
    let value: StyleValue
    var children: [any Expression] { [] }
    var allDependencies: ExpressionDependencies { [] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue { value }

    static func parse(value: StyleValue, _ parser: ExpressionParser) -> (any Expression)? {
        Literal(type: typed(value, parser.expected), value: value)
    }

    static func parseOperator(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else {
            return parser.error("'literal' expression requires exactly one argument, but found \(args.count - 1) instead.")
        }
        let value = StyleValue(args[1])
        return Literal(type: typed(value, parser.expected), value: value)
    }

    /// An empty array takes the expected array type, as it could be an array of anything.
    private static func typed(_ value: StyleValue, _ expected: ExpressionType?) -> ExpressionType {
        let type = ExpressionType.of(value)
        if case .array(_, 0) = type, case .array(_, let n)? = expected, n == nil || n == 0 { return expected! }
        return type
    }
}

extension ExpressionType {
    var itemType: ExpressionType {
        if case .array(let item, _) = self { return item }
        return .value
    }
}
