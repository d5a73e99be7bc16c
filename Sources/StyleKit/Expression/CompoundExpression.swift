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
        /// What this overload reads, where it differs from the definition's (`get` from an object reads
        /// no feature).
        var dependencies: ExpressionDependencies? = nil
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
        // MapLibre's global-state takes its key as a literal string, checked before any typing.
        if name == "global-state" {
            guard argumentCount == 1 else { return parser.error("Expected 1 argument, but found \(argumentCount) instead.") }
            switch args[1] {
            case .string: break
            case .null: return parser.error("Global state property must be defined.")
            case .array: return parser.error("Global state property must be string, but found object instead.")
            default: return parser.error("Global state property must be string, but found \(ExpressionParser.jsonTypeName(args[1])) instead.")
            }
        }
        let candidates = definition.overloads.filter { overload in
            switch overload.parameters {
            case .fixed(let types): types.count == argumentCount
            case .variadic: true
            }
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
                                          ownDependencies: overload.dependencies ?? definition.dependencies, implementation: overload.implementation)
            }
            if candidates.count == 1 { return nil }
        }
        // No overload fits, or none takes this many arguments: report the actual argument types against
        // the signatures (all of them when none has the count). An argument that does not parse at all
        // reports its own error instead.
        var actual: [String] = []
        for i in args.indices.dropFirst() {
            guard let argument = parser.parse(args, i, expected: nil) else { return nil }
            actual.append(argument.type.description)
        }
        let signatures = (candidates.isEmpty ? definition.overloads : candidates).map(\.parameters.description).joined(separator: " | ")
        return parser.error("Expected arguments of type \(signatures), but found (\(actual.joined(separator: ", "))) instead.")
    }
}
