/// Reads property values: literals, legacy functions and the expression forms this version compiles.
struct PropertyParser {
    let diagnostics: StyleDiagnostics

    func parse<T: StylePropertyType>(_ json: JSONValue, as type: T.Type, path: String, fallback: T) -> StyleProperty<T>? {
        if let value = T.literal(json) { return .constant(value) }
        switch json {
        case .object(let object):
            return legacyFunction(object, path: path, fallback: fallback)
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


    /// Legacy functions (`{"stops": ...}`, `{"property": ..., "type": ...}`) become expressions through
    /// the same conversion MapLibre specifies, so one evaluator serves both forms.
    private func legacyFunction<T: StylePropertyType>(_ object: [String: JSONValue], path: String, fallback: T) -> StyleProperty<T>? {
        if object["type"] != .string("identity") {
            guard case .array(let stops)? = object["stops"], !stops.isEmpty else {
                diagnostics.report(.missing, "\(path).stops", "a function needs a non-empty \"stops\" array")
                return nil
            }
            for (i, stop) in stops.enumerated() {
                guard case .array(let pair) = stop, pair.count == 2 else {
                    diagnostics.report(.type, "\(path).stops[\(i)]", "expected a [input, output] pair, found \(stop.summary)")
                    return nil
                }
            }
        }
        var spec: [String: JSONValue] = ["expression": .object(["interpolated": .bool(T.interpolatable)]), "default": T.json(fallback)]
        switch T.expressionType {
        case .array(let item, _):
            spec["type"] = .string("array")
            spec["value"] = .string(item.description)
        case let type:
            spec["type"] = .string(type.description)
        }
        guard let converted = LegacyFunction.convert(object, spec: spec) else {
            diagnostics.report(.unsupportedExpression, path, "this function cannot be converted to an expression (an unknown \"type\", or a fallback missing)")
            return nil
        }
        return expression(converted, path: path, fallback: fallback)
    }

    /// Compiles a full expression against the property's type; constants fold to plain values.
    private func expression<T: StylePropertyType>(_ json: JSONValue, path: String, fallback: T) -> StyleProperty<T>? {
        switch ExpressionParser.compile(json, expected: T.expressionType) {
        case .success(let compiled):
            if let literal = compiled as? Literal, let value = T.value(literal.value) { return .constant(value) }
            // Per-fragment inputs (line-progress, heatmap-density) keep an expression live.
            if compiled.isFeatureConstant, compiled.isZoomConstant, !compiled.allDependencies.contains(.renderInput), let value = try? compiled.evaluate(EvaluationContext()), let typed = T.value(value) {
                return .constant(typed)
            }
            return StyleProperty(.expression(compiled, fallback: fallback))
        case .failure(let failure):
            for error in failure.errors {
                let code: StyleError.Code = error.exceedsLimit ? .limit : error.message.hasPrefix("Unknown expression") ? .unknownOperator
                    : (error.message.hasPrefix("Expected") && error.message.contains("argument") ? .arity : .type)
                diagnostics.report(code, path + error.key, error.message)
            }
            return nil
        }
    }
}
