/// `["let", name, value, ..., body]`: binds names for `var` inside the body.
struct Let: Expression {
    let bindings: [(String, any Expression)]
    let body: any Expression
    private(set) var allDependencies: ExpressionDependencies = []
    var type: ExpressionType { body.type }
    var children: [any Expression] { bindings.map(\.1) + [body] }

    init(bindings: [(String, any Expression)], body: any Expression) {
        self.bindings = bindings
        self.body = body
        allDependencies = .of(self)
    }

    /// Each binding is evaluated at most once per evaluation, when a `var` first asks for it: a body that
    /// uses a name twice in every level of a chain would otherwise evaluate the bottom of the chain 2^depth
    /// times. Unused bindings are never evaluated, as in MapLibre.
    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        var inner = context
        for (name, value) in bindings {
            // A binding sees the bindings before it, not itself or those after it.
            inner.letBindings[name] = LazyBinding(expression: value, context: inner)
        }
        return try body.evaluate(inner)
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count >= 4 else {
            return parser.error("Expected at least 3 arguments, but found \(args.count - 1) instead.")
        }
        var bindings: [(String, any Expression)] = []
        // Grown one name at a time and handed to the children whole: merging the bindings so far into the
        // scope for every value made a let with many bindings quadratic.
        var scope = parser.scope
        var i = 1
        while i < args.count - 1 {
            guard case .string(let name) = args[i] else {
                return parser.error("Expected string, but found \(ExpressionParser.jsonTypeName(args[i])) instead.", i)
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                return parser.error("Variable names must contain only alphanumeric characters or '_'.", i)
            }
            guard let value = parser.child(i + 1, expected: nil, scope: scope).parse(args[i + 1]) else { return nil }
            bindings.append((name, value))
            scope[name] = value
            i += 2
        }
        guard let body = parser.child(args.count - 1, expected: parser.expected, scope: scope).parse(args[args.count - 1]) else { return nil }
        return Let(bindings: bindings, body: body)
    }
}

/// `["var", name]`: the value bound by an enclosing `let`.
struct Var: Expression {
    let name: String
    let bound: any Expression
    /// The bound value's set, read once from it (already computed) rather than walked for every use.
    let allDependencies: ExpressionDependencies
    var type: ExpressionType { bound.type }
    var children: [any Expression] { [] }
    var ownDependencies: ExpressionDependencies { allDependencies }

    init(name: String, bound: any Expression) {
        self.name = name
        self.bound = bound
        allDependencies = bound.allDependencies
    }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        // Scopes are lexical, so the innermost binding of the name at run time is the one found at compile time.
        if let binding = context.letBindings[name] { return try binding.value() }
        return try bound.evaluate(context)
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

/// A `let` binding during one evaluation: evaluated on first use, in the context where it was bound, and
/// remembered, failure included.
final class LazyBinding {
    private let expression: any Expression
    private let context: EvaluationContext
    private var result: Result<StyleValue, ExpressionRuntimeError>?

    init(expression: any Expression, context: EvaluationContext) {
        self.expression = expression
        self.context = context
    }

    func value() throws(ExpressionRuntimeError) -> StyleValue {
        if result == nil {
            do throws(ExpressionRuntimeError) { result = .success(try expression.evaluate(context)) } catch { result = .failure(error) }
        }
        switch result {
        case .success(let value)?: return value
        case .failure(let error)?: throw error
        case nil: return .null
        }
    }
}
