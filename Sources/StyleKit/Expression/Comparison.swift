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
