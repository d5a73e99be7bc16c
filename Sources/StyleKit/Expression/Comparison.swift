/// `==`, `!=`, `<`, `<=`, `>`, `>=`, with an optional collator for strings.
struct Comparison: Expression {
    let op: String
    let lhs: any Expression
    let rhs: any Expression
    let collator: (any Expression)?
    /// Whether either side is only known to be a `value` at compile time, so its type is checked when evaluated.
    let hasUntypedArgument: Bool
    private(set) var allDependencies: ExpressionDependencies = []

    init(op: String, lhs: any Expression, rhs: any Expression, collator: (any Expression)?) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.collator = collator
        hasUntypedArgument = lhs.type == .value || rhs.type == .value
        allDependencies = .of(self)
    }

    var type: ExpressionType { .boolean }
    var children: [any Expression] { [lhs, rhs] + (collator.map { [$0] } ?? []) }

    var isOrder: Bool { op != "==" && op != "!=" }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let a = try lhs.evaluate(context), b = try rhs.evaluate(context)
        if isOrder && hasUntypedArgument {
            let ta = ExpressionType.of(a), tb = ExpressionType.of(b)
            if ta != tb || !(ta == .string || ta == .number) {
                throw ExpressionRuntimeError("Expected arguments for \"\(op)\" to be (string, string) or (number, number), but found (\(ta), \(tb)) instead.")
            }
        }
        if let collator {
            // An untyped equality falls back to plain equality unless both sides are strings.
            let bothStrings = { if case .string = a, case .string = b { true } else { false } }()
            if isOrder || !hasUntypedArgument || bothStrings {
                guard case .collator(let c) = try collator.evaluate(context) else {
                    throw ExpressionRuntimeError("Expected value to be of type collator.")
                }
                return .bool(holds(c.compare(Runtime.toString(a), Runtime.toString(b))))
            }
        }
        switch op {
        case "==": return .bool(a == b)
        case "!=": return .bool(a != b)
        default:
            switch (a, b) {
            case (.number(let x), .number(let y)):
                // Compared directly, so that NaN orders as nothing, as in JavaScript.
                switch op {
                case "<": return .bool(x < y)
                case "<=": return .bool(x <= y)
                case ">": return .bool(x > y)
                default: return .bool(x >= y)
                }
            // JavaScript orders strings by UTF-16 code units.
            case (.string(let x), .string(let y)):
                return .bool(holds(x == y ? 0 : (x.utf16.lexicographicallyPrecedes(y.utf16) ? -1 : 1)))
            default: return .bool(false)
            }
        }
    }

    /// Whether the operator holds for an ordering (-1, 0, 1).
    private func holds(_ order: Int) -> Bool {
        switch op {
        case "==": order == 0
        case "!=": order != 0
        case "<": order < 0
        case "<=": order <= 0
        case ">": order > 0
        default: order >= 0
        }
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let op) = args[0] else { return nil }
        guard args.count == 3 || args.count == 4 else { return parser.error("Expected two or three arguments.") }
        guard var lhs = parser.parse(args, 1, expected: .value) else { return nil }
        let order = op != "==" && op != "!="
        func comparable(_ t: ExpressionType) -> Bool {
            order ? [.string, .number, .value].contains(t) : [.string, .number, .boolean, .null, .value].contains(t)
        }
        guard comparable(lhs.type) else {
            return parser.error("\"\(op)\" comparisons are not supported for type '\(lhs.type)'.", 1)
        }
        guard var rhs = parser.parse(args, 2, expected: .value) else { return nil }
        guard comparable(rhs.type) else {
            return parser.error("\"\(op)\" comparisons are not supported for type '\(rhs.type)'.", 2)
        }
        if lhs.type != rhs.type && lhs.type != .value && rhs.type != .value {
            return parser.error("Cannot compare types '\(lhs.type)' and '\(rhs.type)'.")
        }
        if order {
            // An ordering against a typed side asserts the untyped side to that type.
            if lhs.type == .value && rhs.type != .value {
                lhs = Assertion(type: rhs.type, arguments: [lhs])
            } else if lhs.type != .value && rhs.type == .value {
                rhs = Assertion(type: lhs.type, arguments: [rhs])
            }
        }
        var collator: (any Expression)?
        if args.count == 4 {
            if ![lhs.type, rhs.type].contains(where: { $0 == .string || $0 == .value }) {
                return parser.error("Cannot use collator to compare non-string types.")
            }
            guard let parsed = parser.parse(args, 3, expected: .collator) else { return nil }
            collator = parsed
        }
        return Comparison(op: op, lhs: lhs, rhs: rhs, collator: collator)
    }
}
