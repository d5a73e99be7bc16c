/// Converts legacy property functions (`{"stops": ..., "property": ..., "type": ...}`) to expressions, as
/// the spec defines them, so that one evaluator serves both.
public enum LegacyFunction {
    /// The expression equivalent to `function` for a property described by `spec` (the style spec's property
    /// entry: `type`, `expression.interpolated`, `default`), or nil for a form this version does not convert.
    /// Public for RenderConformance's expression suite, whose cases include legacy functions.
    public static func convert(_ function: [String: JSONValue], spec: [String: JSONValue]) -> JSONValue? {
        let interpolated: Bool = {
            if case .object(let e)? = spec["expression"], case .bool(let i)? = e["interpolated"] { return i }
            return false
        }()
        let defaultType = interpolated ? "exponential" : "interval"
        var type: String
        if case .string(let t)? = function["type"] { type = t } else { type = defaultType }
        let property: String?
        if case .string(let p)? = function["property"] { property = p } else { property = nil }
        if property != nil, function["type"] == nil, !interpolated { type = "categorical" }
        var input: JSONValue = property.map { .array([.string("get"), .string($0)]) } ?? .array([.string("zoom")])
        let fallback = function["default"] ?? spec["default"] ?? .null

        if type == "identity" {
            guard let property else { return nil }
            let getter: JSONValue = .array([.string("get"), .string(property)])
            let tail: [JSONValue] = fallback == .null ? [getter] : [getter, literal(fallback)]
            switch spec["type"] {
            case .string("color")?: return .array([.string("to-color")] + tail)
            case .string("enum")?: return .array([.string("string")] + tail)
            case .string(let t)? where ["number", "string", "boolean"].contains(t): return .array([.string(t)] + tail)
            case .string("array")?:
                var assertion: [JSONValue] = [.string("array")]
                if case .string(let item)? = spec["value"], ["number", "string", "boolean"].contains(item) {
                    assertion.append(.string(item))
                    if let length = spec["length"] { assertion.append(length) }
                }
                return .array(assertion + tail)
            default:
                return fallback == .null ? getter : .array([.string("coalesce"), getter, literal(fallback)])
            }
        }
        guard case .array(let stops)? = function["stops"], !stops.isEmpty else { return nil }
        if property != nil, case .array(let first) = stops[0], first.count == 2, case .object = first[0] {
            return zoomAndProperty(function, stops: stops, spec: spec, interpolated: interpolated)
        }
        var pairs: [(JSONValue, JSONValue)] = []
        for stop in stops {
            guard case .array(let pair) = stop, pair.count == 2 else { return nil }
            if case .object = pair[0] { return nil }
            pairs.append((pair[0], literal(pair[1])))
        }
        switch type {
        case "exponential":
            let base = function["base"] ?? .number(1)
            let curve: JSONValue = base == .number(1) ? .array([.string("linear")]) : .array([.string("exponential"), base])
            if property != nil { input = .array([.string("number"), input, .null]) }
            var name = "interpolate"
            if case .string(let space)? = function["colorSpace"], space == "lab" || space == "hcl" { name = "interpolate-\(space)" }
            var expression: [JSONValue] = [.string(name), curve, input]
            for (stop, output) in pairs { expression += [stop, output] }
            return wrapProperty(.array(expression), property: property, fallback: fallback)
        case "interval":
            if property != nil { input = .array([.string("number"), input, .null]) }
            var expression: [JSONValue] = [.string("step"), input, pairs[0].1]
            if pairs.count == 1 { return wrapProperty(pairs[0].1, property: property, fallback: fallback) }
            for (stop, output) in pairs.dropFirst() { expression += [stop, output] }
            // A stop before the first is the first output too.
            return wrapProperty(.array(expression), property: property, fallback: fallback)
        case "categorical":
            if pairs.contains(where: { if case .bool = $0.0 { true } else { false } }) {
                // Booleans cannot be match labels: compare with ==, branch by branch.
                var expression: [JSONValue] = [.string("case")]
                for (stop, output) in pairs { expression += [.array([.string("=="), input, stop]), output] }
                expression.append(literal(fallback))
                return .array(expression)
            }
            var expression: [JSONValue] = [.string("match"), input]
            for (stop, output) in pairs { expression += [stop, output] }
            expression.append(literal(fallback))
            return .array(expression)
        default:
            return nil
        }
    }

    /// Stops keyed by `{zoom, value}`: one property function per zoom, combined by an interpolation (or,
    /// for types that do not interpolate, a step) over the zoom, as MapLibre converts them.
    private static func zoomAndProperty(_ function: [String: JSONValue], stops: [JSONValue], spec: [String: JSONValue],
                                        interpolated: Bool) -> JSONValue? {
        var zooms: [JSONValue] = []
        var byZoom: [JSONValue: [JSONValue]] = [:]
        for stop in stops {
            guard case .array(let pair) = stop, pair.count == 2, case .object(let key) = pair[0], let zoom = key["zoom"], let value = key["value"] else {
                return nil
            }
            if byZoom[zoom] == nil { zooms.append(zoom) }
            byZoom[zoom, default: []].append(.array([value, pair[1]]))
        }
        var expression: [JSONValue]
        if interpolated {
            var name = "interpolate"
            if case .string(let space)? = function["colorSpace"], space == "lab" || space == "hcl" { name = "interpolate-\(space)" }
            expression = [.string(name), .array([.string("linear")]), .array([.string("zoom")])]
        } else {
            expression = [.string("step"), .array([.string("zoom")])]
        }
        for (index, zoom) in zooms.enumerated() {
            var inner = function
            inner["stops"] = .array(byZoom[zoom] ?? [])
            guard let output = convert(inner, spec: spec) else { return nil }
            // A step's first output has no input before it.
            if interpolated || index > 0 { expression.append(zoom) }
            expression.append(output)
        }
        // A step over one zoom is just its output.
        if !interpolated && zooms.count == 1 { return expression[2] }
        return .array(expression)
    }

    private static func literal(_ value: JSONValue) -> JSONValue {
        if case .array = value { return .array([.string("literal"), value]) }
        return value
    }

    private static func wrapProperty(_ expression: JSONValue, property: String?, fallback: JSONValue) -> JSONValue {
        guard let property, fallback != .null else { return expression }
        return .array([.string("case"), .array([.string("=="), .array([.string("typeof"), .array([.string("get"), .string(property)])]), .string("number")]),
                       expression, literal(fallback)])
    }
}
