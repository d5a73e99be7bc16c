import Foundation

/// An operator defined by typed signatures (`+`, `get`, `rgb`, ...): the arguments are parsed against each
/// overload in turn and the first that type-checks wins.
struct CompoundExpression: Expression {
    let name: String
    let type: ExpressionType
    let arguments: [any Expression]
    let ownDependencies: ExpressionDependencies
    let implementation: @Sendable ([any Expression], EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue
    private(set) var allDependencies: ExpressionDependencies = []
    var children: [any Expression] { arguments }

    init(name: String, type: ExpressionType, arguments: [any Expression], ownDependencies: ExpressionDependencies,
         implementation: @escaping @Sendable ([any Expression], EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue) {
        self.name = name
        self.type = type
        self.arguments = arguments
        self.ownDependencies = ownDependencies
        self.implementation = implementation
        allDependencies = .of(self)
    }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        try implementation(arguments, context)
    }

    /// Parameter lists: fixed types, or any number of one type.
    enum Parameters: Sendable {
        case fixed([ExpressionType])
        case variadic(ExpressionType)

        var description: String {
            switch self {
            case .fixed(let types): "(" + types.map(\.description).joined(separator: ", ") + ")"
            case .variadic(let t): "(\(t)...)"
            }
        }
    }

    struct Overload: Sendable {
        let parameters: Parameters
        let implementation: @Sendable ([any Expression], EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue
    }

    struct Definition: Sendable {
        let type: ExpressionType
        let dependencies: ExpressionDependencies
        let overloads: [Overload]
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let name) = args[0], let definition = CompoundDefinitions.all[name] else { return nil }
        let argumentCount = args.count - 1
        if name == "global-state", argumentCount == 1, !({ if case .string = args[1] { true } else { false } }()) {
            let kind = { if case .array = args[1] { "object" } else { ExpressionParser.jsonTypeName(args[1]) } }()
            return parser.error("Global state property must be string, but found \(kind) instead.")
        }
        let candidates = definition.overloads.filter { overload in
            switch overload.parameters {
            case .fixed(let types): types.count == argumentCount
            case .variadic: true
            }
        }
        if candidates.isEmpty {
            let expected = definition.overloads.map { overload -> String in
                if case .fixed(let types) = overload.parameters { return "\(types.count)" }
                return "any"
            }.joined(separator: " or ")
            return parser.error("Expected \(expected) argument\(expected == "1" ? "" : "s"), but found \(argumentCount) instead.")
        }
        for overload in candidates {
            let trial = candidates.count > 1 ? parser.trial(expected: parser.expected) : parser
            var arguments: [any Expression] = []
            var failed = false
            for i in 1..<args.count {
                let expected: ExpressionType
                switch overload.parameters {
                case .fixed(let types): expected = types[i - 1]
                case .variadic(let t): expected = t
                }
                guard let argument = trial.parse(args, i, expected: expected) else {
                    failed = true
                    break
                }
                arguments.append(argument)
            }
            if !failed && trial.errors.isEmpty {
                return CompoundExpression(name: name, type: definition.type, arguments: arguments,
                                          ownDependencies: definition.dependencies, implementation: overload.implementation)
            }
            if candidates.count == 1 { return nil }
        }
        // No overload fits: report the actual argument types against the signatures.
        var actual: [String] = []
        for i in 1..<args.count {
            let probe = parser.trial(expected: nil)
            actual.append(probe.parse(args, i, expected: nil)?.type.description ?? "?")
        }
        let signatures = candidates.map(\.parameters.description).joined(separator: " | ")
        return parser.error("Expected arguments of type \(signatures), but found (\(actual.joined(separator: ", "))) instead.")
    }
}
