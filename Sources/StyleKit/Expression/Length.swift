/// `["length", string or array]`.
struct Length: Expression {
    let input: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(input: any Expression) {
        self.input = input
        allDependencies = .of(self)
    }

    var type: ExpressionType { .number }
    var children: [any Expression] { [input] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        switch try input.evaluate(context) {
        case .string(let s): return .number(Double(s.unicodeScalars.count))
        case .array(let items): return .number(Double(items.count))
        case let other: throw ExpressionRuntimeError("Expected value to be of type string or array, but found \(ExpressionType.of(other)) instead.")
        }
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else { return parser.error("Expected 1 argument, but found \(args.count - 1) instead.") }
        guard let input = parser.parse(args, 1, expected: nil) else { return nil }
        guard input.type == .string || input.type == .value || input.type.isArray else {
            return parser.error("Expected argument of type string or array, but found \(input.type) instead.")
        }
        return Length(input: input)
    }
}
