/// `["slice", input, start, end?]` over strings and arrays.
struct Slice: Expression {
    let type: ExpressionType
    let input: any Expression
    let start: any Expression
    let end: (any Expression)?
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, input: any Expression, start: any Expression, end: (any Expression)?) {
        self.type = type
        self.input = input
        self.start = start
        self.end = end
        allDependencies = .of(self)
    }

    var children: [any Expression] { [input, start] + (end.map { [$0] } ?? []) }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let value = try input.evaluate(context)
        let s = try Runtime.number(start.evaluate(context))
        let e = try end.map { x throws(ExpressionRuntimeError) in try Runtime.number(x.evaluate(context)) }
        func bounds(_ count: Int) -> Range<Int> {
            func clamp(_ v: Double) -> Int { let i = v < 0 ? Double(count) + v : v; return Runtime.clampedInt(min(max(i, 0), Double(count))) }
            let lower = clamp(s), upper = e.map(clamp) ?? count
            return lower..<max(lower, upper)
        }
        switch value {
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[bounds(scalars.count)])
            return .string(String(out))
        case .array(let items):
            return .array(Array(items[bounds(items.count)]))
        default:
            throw ExpressionRuntimeError("Expected first argument to be of type array or string, but found \(ExpressionType.of(value)) instead.")
        }
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 3 || args.count == 4 else { return parser.error("Expected 2 or 3 arguments, but found \(args.count - 1) instead.") }
        guard let input = parser.parse(args, 1, expected: .value), let start = parser.parse(args, 2, expected: .number) else { return nil }
        guard input.type == .string || input.type == .value || input.type.isArray else {
            return parser.error("Expected first argument to be of type array or string, but found \(input.type) instead")
        }
        var end: (any Expression)?
        if args.count == 4 {
            guard let e = parser.parse(args, 3, expected: .number) else { return nil }
            end = e
        }
        let type: ExpressionType = input.type.isArray ? .array(input.type.itemType, nil) : input.type
        return Slice(type: type, input: input, start: start, end: end)
    }
}
