import Foundation

/// `string`, `number`, `boolean`, `object` and `array`: the first argument whose value has the type, or an
/// error (also inserted implicitly where a `value` stands for a narrower type).
struct Assertion: Expression {
    let type: ExpressionType
    let arguments: [any Expression]
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, arguments: [any Expression]) {
        self.type = type
        self.arguments = arguments
        allDependencies = .of(self)
    }

    var children: [any Expression] { arguments }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        for (i, argument) in arguments.enumerated() {
            let value = try argument.evaluate(context)
            if type.subtypeError(ExpressionType.of(value)) == nil { return value }
            if i == arguments.count - 1 {
                throw ExpressionRuntimeError("Expected value to be of type \(type), but found \(ExpressionType.of(value)) instead.")
            }
        }
        throw ExpressionRuntimeError("no value")
    }

    static let types: [String: ExpressionType] = ["string": .string, "number": .number, "boolean": .boolean, "object": .object]

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let name) = args[0] else { return nil }
        guard args.count >= 2 else { return parser.error("Expected at least one argument.") }
        var index = 1
        let type: ExpressionType
        if name == "array" {
            var item = ExpressionType.value
            var length: Int?
            if args.count > 2 {
                guard case .string(let itemName) = args[1], let itemType = ["string": ExpressionType.string, "number": .number, "boolean": .boolean][itemName] else {
                    return parser.error(#"The item type argument of "array" must be one of string, number, boolean"#, 1)
                }
                item = itemType
                index = 2
            }
            if args.count > 3 {
                if case .null = args[2] {
                    // No length.
                } else if case .number(let n) = args[2], n >= 0, n == n.rounded(), n <= 1e9 {
                    length = Int(n)
                } else {
                    return parser.error(#"The length argument to "array" must be a positive integer literal"#, 2)
                }
                index = 3
            }
            type = .array(item, length)
        } else {
            guard let t = types[name] else { return nil }
            type = t
        }
        var arguments: [any Expression] = []
        for i in index..<args.count {
            guard let argument = parser.parse(args, i, expected: .value) else { return nil }
            arguments.append(argument)
        }
        return Assertion(type: type, arguments: arguments)
    }
}
