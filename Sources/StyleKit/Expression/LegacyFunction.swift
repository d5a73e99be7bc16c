/// Converts legacy property functions (`{"stops": ..., "property": ..., "type": ...}`) to expressions as
/// MapLibre's `convertFunction` does, so that one evaluator serves both forms and a function means what it
/// means in MapLibre (duplicate stops skipped, `{token}` strings of zoom functions read as `concat`, an
/// enum identity function falling back to its default for values the enum lacks).
public enum LegacyFunction {
    /// The expression equivalent to `function` for a property described by `spec` (the style spec's
    /// property entry: `type`, `value`, `length`, `values`, `default`, `tokens`, `expression.interpolated`),
    /// or nil for a function MapLibre cannot convert either (no stops, a malformed stop, an unknown type,
    /// no fallback where one is needed). Public for RenderConformance's expression suite.
    public static func convert(_ function: [String: JSONValue], spec: [String: JSONValue]) -> JSONValue? {
        guard let stopsJSON = function["stops"] else { return identity(function, spec: spec) }
        guard case .array(let rawStops) = stopsJSON, !rawStops.isEmpty else { return nil }
        var stops: [(input: JSONValue, output: JSONValue)] = []
        for stop in rawStops {
            guard case .array(let pair) = stop, pair.count == 2 else { return nil }
            stops.append((pair[0], pair[1]))
        }
        // JavaScript's typeof is "object" for objects, arrays and null alike.
        let zoomAndProperty = isObject(stops[0].input)
        let property: String? = { if case .string(let p)? = function["property"] { p } else { nil } }()
        let featureDependent = zoomAndProperty || function["property"] != nil
        let tokens = spec["tokens"] == .bool(true)
        stops = stops.map { stop in
            if !featureDependent, tokens, case .string(let text) = stop.output { return (stop.input, tokenString(text)) }
            return (stop.input, literal(stop.output))
        }
        if zoomAndProperty {
            guard let property else { return nil }
            return zoomAndPropertyFunction(function, property: property, spec: spec, stops: stops)
        }
        if featureDependent {
            guard let property else { return nil }
            return propertyFunction(function, property: property, spec: spec, stops: stops)
        }
        return zoomFunction(function, spec: spec, stops: stops)
    }

    private static func isObject(_ json: JSONValue) -> Bool {
        switch json {
        case .object, .array, .null: true
        default: false
        }
    }

    /// Objects and arrays (and null) become literals; other values stand for themselves.
    private static func literal(_ value: JSONValue) -> JSONValue {
        isObject(value) ? .array([.string("literal"), value]) : value
    }

    private static func interpolated(_ spec: [String: JSONValue]) -> Bool {
        if case .object(let e)? = spec["expression"], case .bool(let i)? = e["interpolated"] { return i }
        return false
    }

    /// The function's `type`, or the one its property implies: exponential where it interpolates.
    private static func functionType(_ function: [String: JSONValue], _ spec: [String: JSONValue]) -> JSONValue {
        function["type"] ?? .string(interpolated(spec) ? "exponential" : "interval")
    }

    private static func interpolateOperator(_ function: [String: JSONValue]) -> JSONValue {
        switch function["colorSpace"] {
        case .string("hcl")?: .string("interpolate-hcl")
        case .string("lab")?: .string("interpolate-lab")
        default: .string("interpolate")
        }
    }

    private static func identity(_ function: [String: JSONValue], spec: [String: JSONValue]) -> JSONValue? {
        guard let property = function["property"] else { return nil }
        let get: JSONValue = .array([.string("get"), property])
        guard let fallback = function["default"] else {
            // Other types are asserted or coerced by the property's expected type; strings would be
            // coerced, so they are asserted explicitly, as a legacy function never converted them.
            return spec["type"] == .string("string") ? .array([.string("string"), get]) : get
        }
        switch spec["type"] {
        case .string("enum")?:
            // Values outside the enum fall back to the default.
            guard case .object(let values)? = spec["values"] else { return nil }
            return .array([.string("match"), get, .array(values.keys.sorted().map { .string($0) }), get, fallback])
        case .string(let type)?:
            var expression: [JSONValue] = [.string(type == "color" ? "to-color" : type), get, literal(fallback)]
            if type == "array" { expression.insert(contentsOf: [spec["value"] ?? .null, spec["length"] ?? .null], at: 1) }
            return .array(expression)
        default:
            return nil
        }
    }

    /// Appends a stop to a curve, skipping one whose input repeats the previous (functions were never
    /// checked for that; expressions are). A step takes no input before its first output.
    private static func append(_ curve: inout [JSONValue], _ input: JSONValue, _ output: JSONValue, isStep: Bool) {
        if curve.count > 3 && input == curve[curve.count - 2] { return }
        if !(isStep && curve.count == 2) { curve.append(input) }
        curve.append(output)
    }

    /// A step with only its first output gets a stop at 0 (whose output is 0, as MapLibre writes it).
    private static func fixDegenerateStep(_ curve: inout [JSONValue]) {
        if curve.first == .string("step") && curve.count == 3 {
            curve.append(.number(0))
            curve.append(curve[3])
        }
    }

    private static func fallback(_ function: [String: JSONValue], _ spec: [String: JSONValue]) -> JSONValue? {
        if let value = function["default"] ?? spec["default"] { return literal(value) }
        return spec["type"] == .string("resolvedImage") ? .string("") : nil
    }

    private static func propertyFunction(_ function: [String: JSONValue], property: String, spec: [String: JSONValue],
                                         stops: [(input: JSONValue, output: JSONValue)]) -> JSONValue? {
        let get: JSONValue = .array([.string("get"), .string(property)])
        let numberGet: JSONValue = .array([.string("number"), get])
        /// Where the property is not a number, the function's default (if it has one).
        func guarded(_ curve: [JSONValue]) -> JSONValue {
            guard let value = function["default"] else { return .array(curve) }
            return .array([.string("case"), .array([.string("=="), .array([.string("typeof"), get]), .string("number")]), .array(curve), literal(value)])
        }
        switch functionType(function, spec) {
        case .string("categorical"):
            guard let fallback = fallback(function, spec) else { return nil }
            if case .bool = stops[0].input {
                // Booleans cannot be match labels: compare branch by branch.
                var expression: [JSONValue] = [.string("case")]
                for stop in stops { expression += [.array([.string("=="), get, stop.input]), stop.output] }
                return .array(expression + [fallback])
            }
            var expression: [JSONValue] = [.string("match"), get]
            for stop in stops { append(&expression, stop.input, stop.output, isStep: false) }
            return .array(expression + [fallback])
        case .string("interval"):
            var expression: [JSONValue] = [.string("step"), numberGet]
            for stop in stops { append(&expression, stop.input, stop.output, isStep: true) }
            fixDegenerateStep(&expression)
            return guarded(expression)
        case .string("exponential"):
            var expression = [interpolateOperator(function), curve(function), numberGet]
            for stop in stops { append(&expression, stop.input, stop.output, isStep: false) }
            return guarded(expression)
        default:
            return nil
        }
    }

    private static func curve(_ function: [String: JSONValue]) -> JSONValue {
        let base = function["base"] ?? .number(1)
        return base == .number(1) ? .array([.string("linear")]) : .array([.string("exponential"), base])
    }

    private static func zoomFunction(_ function: [String: JSONValue], spec: [String: JSONValue],
                                     stops: [(input: JSONValue, output: JSONValue)]) -> JSONValue? {
        let zoom: JSONValue = .array([.string("zoom")])
        var expression: [JSONValue]
        let isStep: Bool
        switch functionType(function, spec) {
        case .string("interval"):
            expression = [.string("step"), zoom]
            isStep = true
        case .string("exponential"):
            expression = [interpolateOperator(function), curve(function), zoom]
            isStep = false
        default:
            return nil
        }
        for stop in stops { append(&expression, stop.input, stop.output, isStep: isStep) }
        fixDegenerateStep(&expression)
        return .array(expression)
    }

    /// Stops keyed by `{zoom, value}`: one property function per zoom, combined by a linear interpolation
    /// over the zoom where the property interpolates, by a step otherwise.
    private static func zoomAndPropertyFunction(_ function: [String: JSONValue], property: String, spec: [String: JSONValue],
                                                stops: [(input: JSONValue, output: JSONValue)]) -> JSONValue? {
        var zooms: [JSONValue] = []
        var byZoom: [JSONValue: [(input: JSONValue, output: JSONValue)]] = [:]
        for stop in stops {
            guard case .object(let key) = stop.input else { return nil }
            let zoom = key["zoom"] ?? .null
            if byZoom[zoom] == nil { zooms.append(zoom) }
            byZoom[zoom, default: []].append((key["value"] ?? .null, stop.output))
        }
        var inner: [String: JSONValue] = ["property": .string(property)]
        inner["type"] = function["type"]
        inner["default"] = function["default"]
        let interpolates = functionType([:], spec) == .string("exponential")
        var expression: [JSONValue] = interpolates ? [interpolateOperator(function), .array([.string("linear")]), .array([.string("zoom")])]
            : [.string("step"), .array([.string("zoom")])]
        for zoom in zooms {
            guard let output = propertyFunction(inner, property: property, spec: spec, stops: byZoom[zoom] ?? []) else { return nil }
            append(&expression, zoom, output, isStep: !interpolates)
        }
        fixDegenerateStep(&expression)
        return .array(expression)
    }

    /// `"a {name} b"` as `["concat", "a ", ["get", "name"], " b"]`; a lone token as `["to-string", ...]`;
    /// text without tokens as itself. A token is a name without braces between `{` and `}`.
    static func tokenString(_ text: String) -> JSONValue {
        var parts: [JSONValue] = []
        var consumed = text.startIndex, search = text.startIndex
        while let open = text[search...].firstIndex(of: "{") {
            let nameStart = text.index(after: open)
            guard let end = text[nameStart...].firstIndex(where: { $0 == "{" || $0 == "}" }) else { break }
            guard text[end] == "}", end > nameStart else {
                // No token starts at this brace; look from the next character.
                search = nameStart
                continue
            }
            if consumed < open { parts.append(.string(String(text[consumed..<open]))) }
            parts.append(.array([.string("get"), .string(String(text[nameStart..<end]))]))
            consumed = text.index(after: end)
            search = consumed
        }
        if parts.isEmpty { return .string(text) }
        if consumed < text.endIndex {
            parts.append(.string(String(text[consumed...])))
        } else if parts.count == 1 {
            return .array([.string("to-string"), parts[0]])
        }
        return .array([.string("concat")] + parts)
    }
}
