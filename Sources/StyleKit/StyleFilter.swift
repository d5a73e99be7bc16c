/// A layer filter compiled once from legacy filter syntax or the expression forms of the same tests.
public indirect enum StyleFilter: Sendable {
    case always(Bool)
    case all([StyleFilter])
    case any([StyleFilter])
    case not(StyleFilter)
    case compare(Operand, Comparison, StyleValue)
    case membership(Operand, Set<StyleValue>)
    case has(String)
    /// Any other boolean expression, compiled.
    case expression(any Expression)

    /// What a comparison reads from a feature.
    public enum Operand: Sendable, Hashable {
        case property(String)
        case geometryType
        case id
    }

    public enum Comparison: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// Whether a feature passes the filter.
    public func matches(_ feature: some FeatureContext, zoom: Double = 0) -> Bool {
        switch self {
        case .always(let value):
            return value
        case .all(let filters):
            for filter in filters where !filter.matches(feature, zoom: zoom) { return false }
            return true
        case .any(let filters):
            for filter in filters where filter.matches(feature, zoom: zoom) { return true }
            return false
        case .not(let filter):
            return !filter.matches(feature, zoom: zoom)
        case .compare(let operand, let comparison, let expected):
            let actual = Self.read(operand, feature)
            switch comparison {
            case .equal: return actual == expected
            case .notEqual: return actual != expected
            default:
                guard let actual, let order = StyleValue.compare(actual, expected) else { return false }
                switch comparison {
                case .less: return order < 0
                case .lessOrEqual: return order <= 0
                case .greater: return order > 0
                default: return order >= 0
                }
            }
        case .membership(let operand, let values):
            guard let actual = Self.read(operand, feature) else { return false }
            // Most sets are a few names: comparing them is cheaper than hashing the feature's value.
            if values.count <= 8 { return values.contains { $0 == actual } }
            return values.contains(actual)
        case .has(let key):
            return feature.property(key) != nil
        case .expression(let e):
            guard case .bool(let result)? = try? e.evaluate(EvaluationContext(zoom: zoom, feature: feature)) else { return false }
            return result
        }
    }

    private static func read(_ operand: Operand, _ feature: some FeatureContext) -> StyleValue? {
        switch operand {
        case .property(let key): feature.property(key)
        case .geometryType: .string(feature.geometryType.rawValue)
        case .id: feature.featureID
        }
    }
}

/// Compiles filters, reporting problems with key paths.
struct FilterParser {
    let diagnostics: StyleDiagnostics
    /// Where child filters report; the top-level parser's diagnostics.
    var reporting: StyleDiagnostics?
    /// Filter arrays open around the one being parsed; with the expression levels inside them, bounded by
    /// ``StyleLimits/maxExpressionDepth``, as the parsing recurses per level.
    var depth = 0

    /// Legacy filters and the common expression forms compile to fast matchers; anything else is compiled
    /// as a boolean expression.
    func parse(_ json: JSONValue, path: String) -> StyleFilter? {
        if case .array = json, depth >= StyleLimits.maxExpressionDepth {
            (reporting ?? diagnostics).report(.limit, path, StyleLimits.depthMessage("filter"))
            return nil
        }
        let scratch = StyleDiagnostics(file: diagnostics.file)
        let fast = FilterParser(diagnostics: scratch, reporting: reporting ?? diagnostics, depth: depth)
        if let filter = fast.simple(json, path: path), scratch.errors.isEmpty { return filter }
        // A nested filter that failed has reported its own errors already.
        if scratch.errors.contains(where: { $0.message == "invalid child filter" }) { return nil }
        return compiled(json, path: path)
    }

    private func simple(_ json: JSONValue, path: String) -> StyleFilter? {
        if case .bool(let value) = json { return .always(value) }
        guard case .array(let items) = json, case .string(let op)? = items.first else {
            diagnostics.report(.type, path, "expected a filter array, found \(json.summary)")
            return nil
        }
        let args = Array(items.dropFirst())
        switch op {
        case "all", "any", "none":
            var children: [StyleFilter] = []
            for (i, child) in args.enumerated() {
                guard let filter = FilterParser(diagnostics: reporting ?? diagnostics, depth: depth + 1).parse(child, path: "\(path)[\(i + 1)]") else {
                    diagnostics.report(.type, path, "invalid child filter")
                    return nil
                }
                children.append(filter)
            }
            return op == "all" ? .all(children) : (op == "any" ? .any(children) : .not(.any(children)))
        case "!":
            guard args.count == 1 else { return arity(op, path, 1, args.count) }
            // A child that failed has reported why; compiling this filter again as an expression would
            // only repeat that, once per enclosing "!".
            guard let filter = FilterParser(diagnostics: reporting ?? diagnostics, depth: depth + 1).parse(args[0], path: "\(path)[1]") else {
                diagnostics.report(.type, path, "invalid child filter")
                return nil
            }
            return .not(filter)
        case "has", "!has":
            guard args.count == 1 else { return arity(op, path, 1, args.count) }
            let filter: StyleFilter?
            if case .string(let key) = args[0] {
                filter = key == "$id" ? .compare(.id, .notEqual, .null) : .has(key)
            } else if case .array(let getItems) = args[0], getItems.count == 2, getItems[0] == .string("get"), case .string(let key) = getItems[1] {
                filter = .has(key)
            } else {
                diagnostics.report(.type, "\(path)[1]", "expected a property name")
                filter = nil
            }
            return op == "has" ? filter : filter.map { .not($0) }
        case "==", "!=", "<", "<=", ">", ">=":
            guard args.count == 2 else { return arity(op, path, 2, args.count) }
            guard let operand = operand(args[0], path: "\(path)[1]") else { return nil }
            guard let value = constant(args[1], path: "\(path)[2]") else { return nil }
            return .compare(operand, StyleFilter.Comparison(rawValue: op)!, value)
        case "in", "!in":
            guard args.count >= 1 else { return arity(op, path, 2, args.count) }
            guard let operand = operand(args[0], path: "\(path)[1]") else { return nil }
            var values: [JSONValue] = Array(args.dropFirst())
            // Expression form: ["in", ["get", k], ["literal", [...]]].
            if values.count == 1, case .array(let wrapped) = values[0], wrapped.count == 2, wrapped[0] == .string("literal"),
               case .array(let list) = wrapped[1] {
                values = list
            }
            var set = Set<StyleValue>()
            for (i, value) in values.enumerated() {
                guard let v = constant(value, path: "\(path)[\(i + 2)]") else { return nil }
                set.insert(v)
            }
            let filter = StyleFilter.membership(operand, set)
            return op == "in" ? filter : .not(filter)
        case "match":
            // ["match", input, labels, true|false, ..., fallback]
            guard args.count >= 4, args.count % 2 == 0 else { return arity(op, path, 4, args.count) }
            guard let operand = operand(args[0], path: "\(path)[1]") else { return nil }
            var matching = Set<StyleValue>(), nonMatching = Set<StyleValue>()
            for i in stride(from: 1, to: args.count - 1, by: 2) {
                guard case .bool(let output) = args[i + 1] else {
                    diagnostics.report(.unsupportedExpression, "\(path)[\(i + 2)]", "match outputs other than true/false are not supported in filters yet")
                    return nil
                }
                let labels: [JSONValue]
                if case .array(let list) = args[i] { labels = list } else { labels = [args[i]] }
                for label in labels {
                    if output { matching.insert(StyleValue(label)) } else { nonMatching.insert(StyleValue(label)) }
                }
            }
            guard case .bool(let fallback) = args[args.count - 1] else {
                diagnostics.report(.type, "\(path)[\(args.count)]", "expected true or false")
                return nil
            }
            return fallback ? .not(.membership(operand, nonMatching)) : .membership(operand, matching)
        default:
            diagnostics.report(.unknownOperator, path, "not a legacy filter")
            return nil
        }
    }

    /// Compiles a filter that is not in the legacy syntax as a boolean expression.
    func compiled(_ json: JSONValue, path: String) -> StyleFilter? {
        let diagnostics = reporting ?? self.diagnostics
        switch ExpressionParser.compile(json, expected: .boolean, nesting: depth, property: false) {
        case .success(let e):
            if let literal = e as? Literal, case .bool(let b) = literal.value { return .always(b) }
            return .expression(e)
        case .failure(let failure):
            for error in failure.errors {
                let code: StyleError.Code = error.exceedsLimit ? .limit : error.message.hasPrefix("Unknown expression") ? .unknownOperator : .type
                diagnostics.report(code, path + error.key, error.message)
            }
            return nil
        }
    }

    private func operand(_ json: JSONValue, path: String) -> StyleFilter.Operand? {
        switch json {
        case .string("$type"): return .geometryType
        case .string("$id"): return .id
        case .string(let key): return .property(key)
        case .array(let items):
            if items == [.string("geometry-type")] { return .geometryType }
            if items == [.string("id")] { return .id }
            if items.count == 2, items[0] == .string("get"), case .string(let key) = items[1] { return .property(key) }
            diagnostics.report(.unsupportedExpression, path, "filter input \(json.summary) is not supported yet")
            return nil
        default:
            diagnostics.report(.type, path, "expected a property name, found \(json.summary)")
            return nil
        }
    }

    private func constant(_ json: JSONValue, path: String) -> StyleValue? {
        switch json {
        case .string, .number, .bool, .null: return StyleValue(json)
        case .array(let items) where items.count == 2 && items[0] == .string("literal"): return StyleValue(items[1])
        default:
            diagnostics.report(.unsupportedExpression, path, "filter value \(json.summary) is not supported yet")
            return nil
        }
    }

    private func arity(_ op: String, _ path: String, _ expected: Int, _ found: Int) -> StyleFilter? {
        diagnostics.report(.arity, path, "\"\(op)\" expects \(expected) argument\(expected == 1 ? "" : "s"), found \(found)")
        return nil
    }
}
