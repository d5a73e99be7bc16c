/// `["let", name, value, ..., body]`: binds names for `var` inside the body.
struct Let: Expression {
    let bindings: [(String, any Expression)]
    let body: any Expression
    var type: ExpressionType { body.type }
    var children: [any Expression] { bindings.map(\.1) + [body] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        try body.evaluate(context)
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count >= 4 else {
            return parser.error("Expected at least 3 arguments, but found \(args.count - 1) instead.")
        }
        var bindings: [(String, any Expression)] = []
        var scope: [String: any Expression] = [:]
        var i = 1
        while i < args.count - 1 {
            guard case .string(let name) = args[i] else {
                return parser.error("Expected string, but found \(ExpressionParser.jsonTypeName(args[i])) instead.", i)
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                return parser.error("Variable names must contain only alphanumeric characters or '_'.", i)
            }
            guard let value = parser.parse(args, i + 1, expected: nil, bindings: scope) else { return nil }
            bindings.append((name, value))
            scope[name] = value
            i += 2
        }
        guard let body = parser.parse(args, args.count - 1, expected: parser.expected, bindings: scope) else { return nil }
        return Let(bindings: bindings, body: body)
    }
}

/// `["var", name]`: the value bound by an enclosing `let`.
struct Var: Expression {
    let name: String
    let bound: any Expression
    var type: ExpressionType { bound.type }
    var children: [any Expression] { [] }
    var ownDependencies: ExpressionDependencies { bound.allDependencies }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        try bound.evaluate(context)
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2, case .string(let name) = args[1] else {
            return parser.error("'var' expression requires exactly one string literal argument.")
        }
        guard let bound = parser.scope[name] else {
            return parser.error("Unknown variable \"\(name)\". Make sure \"\(name)\" has been bound in an enclosing \"let\" expression before using it.", 1)
        }
        return Var(name: name, bound: bound)
    }
}
