/// Reads property values: literals, legacy functions and the expression forms this version compiles.
struct PropertyParser {
    let diagnostics: StyleDiagnostics

    func parse<T: StylePropertyType>(_ json: JSONValue, as type: T.Type, path: String) -> StyleProperty<T>? {
        if let value = T.literal(json) { return .constant(value) }
        switch json {
        case .object(let object):
            return legacyFunction(object, path: path)
        case .array(let items):
            if case .string(let op)? = items.first {
                return expression(op, Array(items.dropFirst()), path: path)
            }
        default:
            break
        }
        if T.self == StyleColor.self, case .string(let text) = json {
            diagnostics.report(.color, path, "\"\(text)\" is not a colour; use #rrggbb, rgb(), rgba(), hsl() or a CSS colour name")
        } else {
            diagnostics.report(.type, path, "expected \(T.expectation) or a function, found \(json.summary)")
        }
        return nil
    }


    private func literal<T: StylePropertyType>(_ json: JSONValue, _ path: String) -> T? {
        if let value = T.literal(json) { return value }
        if case .array(let items) = json, items.count == 2, items[0] == .string("literal"), let value = T.literal(items[1]) {
            return value
        }
        if T.self == StyleColor.self, case .string(let text) = json {
            diagnostics.report(.color, path, "\"\(text)\" is not a colour; use #rrggbb, rgb(), rgba(), hsl() or a CSS colour name")
        } else {
            diagnostics.report(.type, path, "expected \(T.expectation), found \(json.summary)")
        }
        return nil
    }

    private func legacyFunction<T: StylePropertyType>(_ object: [String: JSONValue], path: String) -> StyleProperty<T>? {
        let base: Double
        if let baseJSON = object["base"] {
            guard case .number(let b) = baseJSON, b > 0 else {
                diagnostics.report(.type, "\(path).base", "expected a positive number, found \(baseJSON.summary)")
                return nil
            }
            base = b
        } else {
            base = 1
        }
        let property: String?
        if let propertyJSON = object["property"] {
            guard case .string(let key) = propertyJSON else {
                diagnostics.report(.type, "\(path).property", "expected a string, found \(propertyJSON.summary)")
                return nil
            }
            property = key
        } else {
            property = nil
        }
        var functionType = property == nil ? (T.interpolatable ? "exponential" : "interval") : (T.interpolatable ? "exponential" : "categorical")
        if let typeJSON = object["type"] {
            guard case .string(let t) = typeJSON, ["identity", "exponential", "interval", "categorical"].contains(t) else {
                diagnostics.report(.type, "\(path).type", "expected identity, exponential, interval or categorical, found \(typeJSON.summary)")
                return nil
            }
            functionType = t
        }
        let fallback: T? = object["default"].flatMap { literal($0, "\(path).default") }
        if functionType == "identity" {
            guard let property else {
                diagnostics.report(.missing, path, "an identity function needs a \"property\"")
                return nil
            }
            guard let fallback else {
                diagnostics.report(.unsupportedExpression, path, "identity functions need a \"default\" in this version")
                return nil
            }
            return StyleProperty(.feature(key: property, FeatureFunction(mode: .identity, fallback: fallback)))
        }
        guard case .array(let stopsJSON)? = object["stops"], !stopsJSON.isEmpty else {
            diagnostics.report(.missing, "\(path).stops", "a function needs a non-empty \"stops\" array")
            return nil
        }
        var numericStops: [(Double, T)] = []
        var categories: [StyleValue: T] = [:]
        for (i, stopJSON) in stopsJSON.enumerated() {
            let stopPath = "\(path).stops[\(i)]"
            guard case .array(let pair) = stopJSON, pair.count == 2 else {
                diagnostics.report(.type, stopPath, "expected a [input, output] pair, found \(stopJSON.summary)")
                return nil
            }
            if case .object = pair[0] {
                diagnostics.report(.unsupportedExpression, stopPath, "zoom-and-property functions are not supported yet")
                return nil
            }
            guard let output: T = literal(pair[1], "\(stopPath)[1]") else { return nil }
            if functionType == "categorical" {
                categories[StyleValue(pair[0])] = output
            } else {
                guard case .number(let input) = pair[0] else {
                    diagnostics.report(.type, "\(stopPath)[0]", "expected a number, found \(pair[0].summary)")
                    return nil
                }
                if let last = numericStops.last, input < last.0 {
                    diagnostics.report(.type, "\(stopPath)[0]", "stop inputs must be in ascending order")
                    return nil
                }
                numericStops.append((input, output))
            }
        }
        let curve = Curve<Double, T>(stops: numericStops.map { (input: $0.0, output: $0.1) }, base: base,
                                     stepped: functionType == "interval", below: nil)
        guard let property else {
            return StyleProperty(.zoom(curve))
        }
        let resolvedFallback = fallback ?? (functionType == "categorical" ? categories.values.first : numericStops.first?.1)
        guard let resolvedFallback else { return nil }
        let mode: FeatureFunction<T>.Mode = functionType == "categorical" ? .categorical(categories) : .numeric(curve)
        return StyleProperty(.feature(key: property, FeatureFunction(mode: mode, fallback: resolvedFallback)))
    }

    /// The expression forms this version compiles; others are reported as not supported yet.
    private func expression<T: StylePropertyType>(_ op: String, _ args: [JSONValue], path: String) -> StyleProperty<T>? {
        switch op {
        case "literal":
            guard args.count == 1 else { return arity(op, path, "1 argument", args.count) }
            guard let value: T = literal(args[0], "\(path)[1]") else { return nil }
            return .constant(value)
        case "get":
            guard args.count == 1, case .string(let key) = args[0] else { return arity(op, path, "1 string argument", args.count) }
            return StyleProperty(.feature(key: key, FeatureFunction(mode: .identity, fallback: Self.zeroValue())))
        case "interpolate", "step":
            let minimum = op == "interpolate" ? 4 : 2
            guard args.count >= minimum else { return arity(op, path, "at least \(minimum + 1) items", args.count + 1) }
            var base = 1.0
            var rest = args
            if op == "interpolate" {
                guard case .array(let kind) = args[0], case .string(let name)? = kind.first else {
                    diagnostics.report(.type, "\(path)[1]", "expected [\"linear\"] or [\"exponential\", base]")
                    return nil
                }
                switch (name, kind.count) {
                case ("linear", 1): base = 1
                case ("exponential", 2):
                    guard case .number(let b) = kind[1] else {
                        diagnostics.report(.type, "\(path)[1][1]", "expected a number")
                        return nil
                    }
                    base = b
                default:
                    diagnostics.report(.unsupportedExpression, "\(path)[1]", "interpolation \"\(name)\" is not supported yet")
                    return nil
                }
                rest = Array(args.dropFirst())
            }
            let input = rest[0]
            var below: T? = nil
            var pairs = Array(rest.dropFirst())
            if op == "step" {
                below = literal(pairs[0], "\(path)[2]")
                if below == nil { return nil }
                pairs.removeFirst()
            }
            guard pairs.count % 2 == 0, !pairs.isEmpty || op == "step" else {
                return arity(op, path, "input/output pairs", pairs.count)
            }
            var stops: [(input: Double, output: T)] = []
            let offset = op == "interpolate" ? 3 : 3
            for i in stride(from: 0, to: pairs.count, by: 2) {
                guard case .number(let stop) = pairs[i] else {
                    diagnostics.report(.type, "\(path)[\(offset + i)]", "expected a number stop, found \(pairs[i].summary)")
                    return nil
                }
                guard let output: T = literal(pairs[i + 1], "\(path)[\(offset + i + 1)]") else { return nil }
                stops.append((stop, output))
            }
            let curve = Curve<Double, T>(stops: stops, base: base, stepped: op == "step", below: below)
            switch input {
            case .array(let inputItems) where inputItems == [.string("zoom")]:
                return StyleProperty(.zoom(curve))
            case .array(let inputItems) where inputItems.count == 2 && inputItems[0] == .string("get"):
                guard case .string(let key) = inputItems[1] else { return arity("get", "\(path)[\(offset - 1)]", "1 string argument", 1) }
                let fallback = below ?? stops.first?.output
                guard let fallback else { return nil }
                return StyleProperty(.feature(key: key, FeatureFunction(mode: .numeric(curve), fallback: fallback)))
            default:
                diagnostics.report(.unsupportedExpression, "\(path)[\(offset - 1)]", "\(op) input other than [\"zoom\"] or [\"get\", key] is not supported yet")
                return nil
            }
        case "match":
            guard args.count >= 4, args.count % 2 == 0 else { return arity(op, path, "an even number of arguments of at least 4", args.count) }
            guard case .array(let inputItems) = args[0], inputItems.count == 2, inputItems[0] == .string("get"),
                  case .string(let key) = inputItems[1] else {
                diagnostics.report(.unsupportedExpression, "\(path)[1]", "match input other than [\"get\", key] is not supported yet")
                return nil
            }
            var table: [StyleValue: T] = [:]
            for i in stride(from: 1, to: args.count - 1, by: 2) {
                guard let output: T = literal(args[i + 1], "\(path)[\(i + 2)]") else { return nil }
                if case .array(let labels) = args[i] {
                    for label in labels { table[StyleValue(label)] = output }
                } else {
                    table[StyleValue(args[i])] = output
                }
            }
            guard let fallback: T = literal(args[args.count - 1], "\(path)[\(args.count)]") else { return nil }
            return StyleProperty(.feature(key: key, FeatureFunction(mode: .categorical(table), fallback: fallback)))
        default:
            if ExpressionOperators.known.contains(op) {
                diagnostics.report(.unsupportedExpression, path, "expression \"\(op)\" is not supported yet")
            } else {
                diagnostics.report(.unknownOperator, path, "unknown expression operator \"\(op)\"")
            }
            return nil
        }
    }

    private func arity<T>(_ op: String, _ path: String, _ expected: String, _ found: Int) -> T? {
        diagnostics.report(.arity, path, "\"\(op)\" expects \(expected), found \(found)")
        return nil
    }

    private static func zeroValue<T: StylePropertyType>() -> T {
        T.literal(.number(0)) ?? T.literal(.string("")) ?? T.literal(.bool(false)) ?? T.literal(.array([]))!
    }
}

/// Every operator of the MapLibre expression language, to tell "not supported yet" from "unknown".
enum ExpressionOperators {
    static let known: Set<String> = [
        "let", "var", "literal", "array", "at", "in", "index-of", "slice", "case", "match", "coalesce", "step",
        "interpolate", "interpolate-hcl", "interpolate-lab", "ln2", "pi", "e", "typeof", "string", "number",
        "boolean", "object", "collator", "format", "image", "number-format", "to-string", "to-number",
        "to-boolean", "to-rgba", "to-color", "rgb", "rgba", "get", "has", "length", "properties", "feature-state",
        "geometry-type", "id", "zoom", "heatmap-density", "line-progress", "accumulated", "+", "*", "-", "/", "%",
        "^", "sqrt", "log10", "ln", "log2", "sin", "cos", "tan", "asin", "acos", "atan", "min", "max", "round",
        "abs", "ceil", "floor", "distance", "==", "!=", ">", "<", ">=", "<=", "all", "any", "!", "within",
        "is-supported-script", "upcase", "downcase", "concat", "resolved-locale", "global-state", "elevation",
    ]
}
