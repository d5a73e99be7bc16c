import Foundation

/// `to-number`, `to-string`, `to-boolean`, `to-color`, and the implicit conversions where a property
/// expects a colour, formatted text, an image, padding, a number or colour array, anchor offsets or a
/// projection. Those with several arguments try each in turn until one converts.
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

    /// How a failed conversion names its input: a string as it is, anything else as JSON.
    private static func quoted(_ value: StyleValue) -> String {
        if case .string(let s) = value { return s }
        return Runtime.json(value)
    }

    /// The first argument `convert` accepts, or the error naming the last one.
    private func first(_ context: EvaluationContext, _ convert: (StyleValue) -> StyleValue?) throws(ExpressionRuntimeError) -> StyleValue {
        var last: StyleValue = .null
        for argument in arguments {
            last = try argument.evaluate(context)
            if let converted = convert(last) { return converted }
        }
        throw ExpressionRuntimeError("Could not parse \(type) from value '\(Self.quoted(last))'")
    }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        switch type {
        case .boolean:
            // JavaScript's truthiness.
            switch try arguments[0].evaluate(context) {
            case .null: return .bool(false)
            case .bool(let b): return .bool(b)
            case .number(let n): return .bool(n != 0 && !n.isNaN)
            case .string(let s): return .bool(!s.isEmpty)
            default: return .bool(true)
            }
        case .string:
            return .string(Runtime.toString(try arguments[0].evaluate(context)))
        case .color:
            return try color(context)
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
        case .resolvedImage:
            let value = try arguments[0].evaluate(context)
            if case .image = value { return value }
            return ResolvedImage.named(Runtime.toString(value), available: context.images).map { .image($0) } ?? .null
        case .padding:
            return try first(context) { value in Self.padding(value).map { .padding($0) } }
        case .numberArray:
            return try first(context) { value in
                switch value {
                case .numberArray: return value
                case .number(let n): return .numberArray([n])
                case .array(let items): return Self.numbers(items).map { .numberArray($0) }
                default: return nil
                }
            }
        case .colorArray:
            return try first(context) { value in
                switch value {
                case .colorArray: return value
                case .string(let s): return StyleColor(css: s).map { .colorArray([$0]) }
                case .array(let items):
                    var colors: [StyleColor] = []
                    for item in items {
                        guard case .string(let s) = item, let color = StyleColor(css: s) else { return nil }
                        colors.append(color)
                    }
                    return .colorArray(colors)
                default: return nil
                }
            }
        case .variableAnchorOffsetCollection:
            return try first(context) { value in AnchorOffset.collection(value).map { .anchorOffsets($0) } }
        case .projectionDefinition:
            // A valid definition stays as it was written (a name stays a string).
            let value = try arguments[0].evaluate(context)
            if ProjectionDefinition.isValid(value) { return value }
            throw ExpressionRuntimeError("Could not parse projectionDefinition from value '\(Self.quoted(value))'")
        default:
            return .string(Runtime.toString(try arguments[0].evaluate(context)))
        }
    }

    private func color(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        var last: StyleValue = .null
        var failure: String?
        for argument in arguments {
            last = try argument.evaluate(context)
            failure = nil
            switch last {
            case .color: return last
            case .string(let s): if let c = StyleColor(css: s) { return .color(c) }
            case .array(let items):
                if items.count < 3 || items.count > 4 {
                    failure = "Invalid rgba value \(Runtime.json(last)): expected an array containing either three or four numeric values."
                } else {
                    failure = Self.rgbaError(items)
                    if failure == nil, let numbers = Self.numbers(items) {
                        return .color(StyleColor(r: numbers[0] / 255, g: numbers[1] / 255, b: numbers[2] / 255, a: numbers.count == 4 ? numbers[3] : 1))
                    }
                }
            default: break
            }
        }
        throw ExpressionRuntimeError(failure ?? "Could not parse color from value '\(Self.quoted(last))'")
    }

    /// MapLibre's check of rgba components: r, g, b numbers in 0...255, an alpha (if any) in 0...1.
    static func rgbaError(_ items: [StyleValue]) -> String? {
        func number(_ i: Int) -> Double? { if i < items.count, case .number(let n) = items[i] { n } else { nil } }
        let listed = items.map { if case .number(let n) = $0 { Runtime.formatNumber(n) } else { Runtime.toString($0) } }.joined(separator: ", ")
        guard (0..<3).allSatisfy({ number($0).map { (0...255).contains($0) } ?? false }) else {
            return "Invalid rgba value [\(listed)]: 'r', 'g', and 'b' must be between 0 and 255."
        }
        if items.count > 3, !(number(3).map { (0...1).contains($0) } ?? false) {
            return "Invalid rgba value [\(listed)]: 'a' must be between 0 and 1."
        }
        return nil
    }

    private static func numbers(_ items: [StyleValue]) -> [Double]? {
        var numbers: [Double] = []
        for item in items {
            guard case .number(let n) = item else { return nil }
            numbers.append(n)
        }
        return numbers
    }

    /// A number for all four sides, or one to four numbers expanded as CSS does.
    static func padding(_ value: StyleValue) -> [Double]? {
        switch value {
        case .padding(let values): return values
        case .number(let n): return [n, n, n, n]
        case .array(let items):
            guard (1...4).contains(items.count), let v = numbers(items) else { return nil }
            switch v.count {
            case 1: return [v[0], v[0], v[0], v[0]]
            case 2: return [v[0], v[1], v[0], v[1]]
            case 3: return [v[0], v[1], v[2], v[1]]
            default: return v
            }
        default: return nil
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
