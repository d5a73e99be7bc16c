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

/// `to-number`, `to-string`, `to-boolean`, `to-color` and the implicit conversions to colour.
struct Coercion: Expression {
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
        switch type {
        case .boolean:
            let v = try arguments[0].evaluate(context)
            switch v {
            case .null: return .bool(false)
            case .bool(let b): return .bool(b)
            case .number(let n): return .bool(n != 0 && !n.isNaN)
            case .string(let s): return .bool(!s.isEmpty)
            default: return .bool(true)
            }
        case .string:
            return .string(Runtime.toString(try arguments[0].evaluate(context)))
        case .color:
            var last: StyleValue = .null
            for argument in arguments {
                last = try argument.evaluate(context)
                switch last {
                case .color: return last
                case .string(let s): if let c = StyleColor(css: s) { return .color(c) }
                case .array(let items) where items.count == 3 || items.count == 4:
                    let numbers = items.compactMap { if case .number(let n) = $0 { n } else { nil } }
                    if numbers.count == items.count, numbers.prefix(3).allSatisfy({ (0...255).contains($0) }),
                       numbers.count == 3 || (0...1).contains(numbers[3]) {
                        return .color(StyleColor(r: numbers[0] / 255, g: numbers[1] / 255, b: numbers[2] / 255, a: numbers.count == 4 ? numbers[3] : 1))
                    }
                default: break
                }
            }
            let text: String
            if case .string(let s) = last { text = "\"\(s)\"" } else { text = Runtime.json(last) }
            throw ExpressionRuntimeError("Could not parse color from value '\(text.trimmingCharacters(in: ["\""]))'")
        case .number:
            var last: StyleValue = .null
            for argument in arguments {
                last = try argument.evaluate(context)
                switch last {
                case .null: return .number(0)
                case .bool(let b): return .number(b ? 1 : 0)
                case .number: return last
                case .string(let s):
                    if let n = Self.parseNumber(s) { return .number(n) }
                default: break
                }
            }
            throw ExpressionRuntimeError("Could not convert \(Runtime.json(last)) to number.")
        case .formatted:
            let value = try arguments[0].evaluate(context)
            if Format.plainText(value) != nil { return value }
            return .object(["sections": .array([Format.section(text: Runtime.toString(value))])])
        default:
            // resolvedImage, padding: passed through for later versions.
            return try arguments[0].evaluate(context)
        }
    }

    /// JavaScript's Number() for strings: whitespace trimmed, empty is 0.
    static func parseNumber(_ s: String) -> Double? {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return 0 }
        if let n = Double(trimmed), !trimmed.lowercased().contains("n") || trimmed.lowercased().hasSuffix("infinity") { return n }
        return nil
    }

    static let types: [String: ExpressionType] = ["to-number": .number, "to-string": .string, "to-boolean": .boolean, "to-color": .color]

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let name) = args[0], let type = types[name] else { return nil }
        guard args.count >= 2 else { return parser.error("Expected at least one argument.") }
        if (type == .boolean || type == .string) && args.count != 2 {
            return parser.error("Expected one argument.")
        }
        var arguments: [any Expression] = []
        for i in 1..<args.count {
            guard let argument = parser.parse(args, i, expected: .value) else { return nil }
            arguments.append(argument)
        }
        return Coercion(type: type, arguments: arguments)
    }
}
