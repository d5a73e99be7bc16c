/// Reads property values: literals, legacy functions and the expression forms this version compiles.
struct PropertyParser {
    let diagnostics: StyleDiagnostics

    func parse<T: StylePropertyType>(_ json: JSONValue, as type: T.Type, path: String, fallback: T) -> StyleProperty<T>? {
        if let value = T.literal(json) { return .constant(value) }
        switch json {
        case .object(let object):
            return legacyFunction(object, path: path)
        case .array(let items):
            if case .string? = items.first {
                return expression(json, path: path, fallback: fallback)
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

    /// Compiles a full expression against the property's type; constants fold to plain values.
    private func expression<T: StylePropertyType>(_ json: JSONValue, path: String, fallback: T) -> StyleProperty<T>? {
        switch ExpressionParser.compile(json, expected: T.expressionType) {
        case .success(let compiled):
            if let literal = compiled as? Literal, let value = T.value(literal.value) { return .constant(value) }
            if compiled.isFeatureConstant, compiled.isZoomConstant, let value = try? compiled.evaluate(EvaluationContext()), let typed = T.value(value) {
                return .constant(typed)
            }
            return StyleProperty(.expression(compiled, fallback: fallback))
        case .failure(let failure):
            for error in failure.errors {
                let code: StyleError.Code = error.message.hasPrefix("Unknown expression") ? .unknownOperator
                    : (error.message.hasPrefix("Expected") && error.message.contains("argument") ? .arity : .type)
                diagnostics.report(code, path + error.key, error.message)
            }
            return nil
        }
    }

    private func arity<T>(_ op: String, _ path: String, _ expected: String, _ found: Int) -> T? {
        diagnostics.report(.arity, path, "\"\(op)\" expects \(expected), found \(found)")
        return nil
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
