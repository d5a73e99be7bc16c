/// `["at", index, array]`.
struct At: Expression {
    let type: ExpressionType
    let index: any Expression
    let input: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, index: any Expression, input: any Expression) {
        self.type = type
        self.index = index
        self.input = input
        allDependencies = .of(self)
    }

    var children: [any Expression] { [index, input] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let i = try Runtime.number(index.evaluate(context))
        guard case .array(let items) = try input.evaluate(context) else { return .null }
        if i < 0 { throw ExpressionRuntimeError("Array index out of bounds: \(Runtime.formatNumber(i)) < 0.") }
        if i >= Double(items.count) { throw ExpressionRuntimeError("Array index out of bounds: \(Runtime.formatNumber(i)) > \(items.count - 1).") }
        if i != i.rounded(.down) { throw ExpressionRuntimeError("Array index must be an integer, but found \(Runtime.formatNumber(i)) instead.") }
        return items[Int(i)]
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 3 else { return parser.error("Expected 2 arguments, but found \(args.count - 1) instead.") }
        guard let index = parser.parse(args, 1, expected: .number),
              let input = parser.parse(args, 2, expected: .array(parser.expected ?? .value, nil)) else { return nil }
        return At(type: input.type.itemType, index: index, input: input)
    }
}

/// `["in", needle, haystack]` and `["index-of", needle, haystack, from?]`.
struct Search: Expression {
    let returnsIndex: Bool
    let needle: any Expression
    let haystack: any Expression
    let from: (any Expression)?
    private(set) var allDependencies: ExpressionDependencies = []

    init(returnsIndex: Bool, needle: any Expression, haystack: any Expression, from: (any Expression)?) {
        self.returnsIndex = returnsIndex
        self.needle = needle
        self.haystack = haystack
        self.from = from
        allDependencies = .of(self)
    }

    var type: ExpressionType { returnsIndex ? .number : .boolean }
    var children: [any Expression] { [needle, haystack] + (from.map { [$0] } ?? []) }
    var name: String { returnsIndex ? "index-of" : "in" }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let n = try needle.evaluate(context)
        let h = try haystack.evaluate(context)
        let nt = ExpressionType.of(n)
        guard [.boolean, .string, .number, .null].contains(nt) else {
            throw ExpressionRuntimeError("Expected first argument to be of type boolean, string, number or null, but found \(nt) instead.")
        }
        let start = try from.map { e throws(ExpressionRuntimeError) in try Runtime.number(e.evaluate(context)) } ?? 0
        switch h {
        case .null where !returnsIndex:
            return .bool(false)
        case .array(let items):
            let first = max(0, Int(start))
            let index = first < items.count ? items[first...].firstIndex(of: n) : nil
            return returnsIndex ? .number(Double(index ?? -1)) : .bool(index != nil)
        case .string(let s):
            // JavaScript's indexOf turns the needle into a string ("null", "true", "123"); an empty
            // haystack is falsy for "in".
            if !returnsIndex && s.isEmpty { return .bool(false) }
            let sub = n == .null ? "null" : Runtime.toString(n)
            let chars = Array(s.unicodeScalars), subChars = Array(sub.unicodeScalars)
            let first = max(0, Int(start))
            var found: Int? = nil
            if subChars.isEmpty { found = min(first, chars.count) } else if first <= chars.count - subChars.count {
                for i in first...(chars.count - subChars.count) where Array(chars[i..<(i + subChars.count)]) == subChars {
                    found = i
                    break
                }
            }
            return returnsIndex ? .number(Double(found ?? -1)) : .bool(found != nil)
        default:
            break
        }
        throw ExpressionRuntimeError("Expected second argument to be of type array or string, but found \(ExpressionType.of(h)) instead.")
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard case .string(let name) = args[0] else { return nil }
        let returnsIndex = name == "index-of"
        guard args.count == 3 || (returnsIndex && args.count == 4) else {
            return parser.error("Expected \(returnsIndex ? "2 or 3" : "2") arguments, but found \(args.count - 1) instead.")
        }
        guard let needle = parser.parse(args, 1, expected: .value), let haystack = parser.parse(args, 2, expected: .value) else { return nil }
        guard [.boolean, .string, .number, .null, .value].contains(needle.type) else {
            return parser.error("Expected first argument to be of type boolean, string, number or null, but found \(needle.type) instead.")
        }
        var from: (any Expression)?
        if args.count == 4 {
            guard let f = parser.parse(args, 3, expected: .number) else { return nil }
            from = f
        }
        return Search(returnsIndex: returnsIndex, needle: needle, haystack: haystack, from: from)
    }
}

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
            func clamp(_ v: Double) -> Int { let i = v < 0 ? Double(count) + v : v; return Int(min(max(i, 0), Double(count))) }
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
            return parser.error("Expected first argument to be of type array or string, but found \(input.type) instead.")
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

/// `["length", string or array]`.
struct Length: Expression {
    let input: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(input: any Expression) {
        self.input = input
        allDependencies = .of(self)
    }

    var type: ExpressionType { .number }
    var children: [any Expression] { [input] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        switch try input.evaluate(context) {
        case .string(let s): return .number(Double(s.unicodeScalars.count))
        case .array(let items): return .number(Double(items.count))
        case let other: throw ExpressionRuntimeError("Expected value to be of type string or array, but found \(ExpressionType.of(other)) instead.")
        }
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else { return parser.error("Expected 1 argument, but found \(args.count - 1) instead.") }
        guard let input = parser.parse(args, 1, expected: nil) else { return nil }
        guard input.type == .string || input.type == .value || input.type.isArray else {
            return parser.error("Expected argument of type string or array, but found \(input.type) instead.")
        }
        return Length(input: input)
    }
}
