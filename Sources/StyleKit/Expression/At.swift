/// `["at", index, array]`.
struct At: Expression {
    let type: ExpressionType
    let index: any Expression
    let input: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, index: any Expression, input: any Expression) {
        self.type = type
        self.index = index
        self.input = input
        allDependencies = .of(self)
    }

    var children: [any Expression] { [index, input] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let i = try Runtime.number(index.evaluate(context))
        guard case .array(let items) = try input.evaluate(context) else { return .null }
        if i < 0 { throw ExpressionRuntimeError("Array index out of bounds: \(Runtime.formatNumber(i)) < 0.") }
        if i >= Double(items.count) { throw ExpressionRuntimeError("Array index out of bounds: \(Runtime.formatNumber(i)) > \(items.count - 1).") }
        if i != i.rounded(.down) { throw ExpressionRuntimeError("Array index must be an integer, but found \(Runtime.formatNumber(i)) instead.") }
        return items[Int(i)]
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 3 else { return parser.error("Expected 2 arguments, but found \(args.count - 1) instead.") }
        guard let index = parser.parse(args, 1, expected: .number),
              let input = parser.parse(args, 2, expected: .array(parser.expected ?? .value, nil)) else { return nil }
        return At(type: input.type.itemType, index: index, input: input)
    }
}
