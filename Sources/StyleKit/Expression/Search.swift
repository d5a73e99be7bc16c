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
            // JavaScript's Array indexOf: a negative start counts back from the end.
            let from = Runtime.clampedInt(start)
            let first = from < 0 ? max(0, items.count + from) : from
            let index = first < items.count ? items[first...].firstIndex(of: n) : nil
            return returnsIndex ? .number(Double(index ?? -1)) : .bool(index != nil)
        case .string(let s):
            // JavaScript's indexOf turns the needle into a string ("null", "true", "123"); an empty
            // haystack is falsy for "in".
            if !returnsIndex && s.isEmpty { return .bool(false) }
            let sub = n == .null ? "null" : Runtime.toString(n)
            let chars = Array(s.unicodeScalars), subChars = Array(sub.unicodeScalars)
            let first = max(0, Runtime.clampedInt(start))
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
        // Both are parsed before either fails, so that both report their errors.
        let needle = parser.parse(args, 1, expected: .value), haystack = parser.parse(args, 2, expected: .value)
        guard let needle, let haystack else { return nil }
        guard [.boolean, .string, .number, .null, .value].contains(needle.type) else {
            // Without a full stop, as MapLibre words this compile error.
            return parser.error("Expected first argument to be of type boolean, string, number or null, but found \(needle.type) instead")
        }
        var from: (any Expression)?
        if args.count == 4 {
            guard let f = parser.parse(args, 3, expected: .number) else { return nil }
            from = f
        }
        return Search(returnsIndex: returnsIndex, needle: needle, haystack: haystack, from: from)
    }
}
