import Foundation

/// The operators defined by signatures: lookups, math, strings, colours and the evaluation inputs.
enum CompoundDefinitions {
    typealias Impl = @Sendable ([any Expression], EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue

    static func number(_ e: any Expression, _ c: EvaluationContext) throws(ExpressionRuntimeError) -> Double {
        try Runtime.number(e.evaluate(c))
    }

    static func math1(_ f: @escaping @Sendable (Double) -> Double) -> CompoundExpression.Definition {
        .init(type: .number, dependencies: [], overloads: [.init(parameters: .fixed([.number])) { a, c throws(ExpressionRuntimeError) in
            .number(f(try number(a[0], c)))
        }])
    }

    static func constant(_ value: Double) -> CompoundExpression.Definition {
        .init(type: .number, dependencies: [], overloads: [.init(parameters: .fixed([])) { _, _ in .number(value) }])
    }

    static func lookup(_ key: StyleValue, in object: [String: StyleValue]) -> StyleValue {
        guard case .string(let k) = key else { return .null }
        return object[k] ?? .null
    }

    static func featureProperty(_ key: StyleValue, _ c: EvaluationContext) -> StyleValue {
        guard case .string(let k) = key else { return .null }
        return c.property(k) ?? .null
    }

    static let all: [String: CompoundExpression.Definition] = [
        "zoom": .init(type: .number, dependencies: .zoom, overloads: [.init(parameters: .fixed([])) { _, c throws(ExpressionRuntimeError) in
            guard let zoom = c.zoom else { throw ExpressionRuntimeError("The zoom level is not available here.") }
            return .number(zoom)
        }]),
        "heatmap-density": .init(type: .number, dependencies: .renderInput, overloads: [.init(parameters: .fixed([])) { _, c in .number(c.heatmapDensity ?? 0) }]),
        "elevation": .init(type: .number, dependencies: .renderInput, overloads: [.init(parameters: .fixed([])) { _, c in .number(c.elevation ?? 0) }]),
        // Whether the renderer can shape a script, as the feature's renderer says (every script, by default:
        // text shaped with HarfBuzz is).
        "is-supported-script": .init(type: .boolean, dependencies: .renderInput, overloads: [.init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in
            guard case .string(let text) = try a[0].evaluate(c) else { return .bool(true) }
            return .bool(c.feature?.isSupportedScript(text) ?? true)
        }]),
        "resolved-locale": .init(type: .string, dependencies: [], overloads: [.init(parameters: .fixed([.collator])) { a, c throws(ExpressionRuntimeError) in
            guard case .collator(let collator) = try a[0].evaluate(c) else { throw ExpressionRuntimeError("Expected value to be of type collator.") }
            return .string(collator.resolvedLocale)
        }]),
        "line-progress": .init(type: .number, dependencies: .renderInput, overloads: [.init(parameters: .fixed([])) { _, c in .number(c.lineProgress ?? 0) }]),
        "properties": .init(type: .object, dependencies: .feature, overloads: [.init(parameters: .fixed([])) { _, c in .object(c.allProperties) }]),
        "id": .init(type: .value, dependencies: .feature, overloads: [.init(parameters: .fixed([])) { _, c in c.id ?? .null }]),
        "geometry-type": .init(type: .string, dependencies: .feature, overloads: [.init(parameters: .fixed([])) { _, c in
            c.geometry.map { .string($0) } ?? .null
        }]),
        "get": .init(type: .value, dependencies: .feature, overloads: [
            .init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in featureProperty(try a[0].evaluate(c), c) },
            .init(parameters: .fixed([.string, .object]), dependencies: []) { a, c throws(ExpressionRuntimeError) in
                guard case .object(let o) = try a[1].evaluate(c) else { return .null }
                return lookup(try a[0].evaluate(c), in: o)
            },
        ]),
        "has": .init(type: .boolean, dependencies: .feature, overloads: [
            .init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in
                .bool(c.property(try Runtime.string(a[0].evaluate(c))) != nil)
            },
            .init(parameters: .fixed([.string, .object]), dependencies: []) { a, c throws(ExpressionRuntimeError) in
                guard case .object(let o) = try a[1].evaluate(c) else { return .bool(false) }
                return .bool(o[try Runtime.string(a[0].evaluate(c))] != nil)
            },
        ]),
        "feature-state": .init(type: .value, dependencies: .featureState, overloads: [.init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in
            lookup(try a[0].evaluate(c), in: c.featureState)
        }]),
        "global-state": .init(type: .value, dependencies: .globalState, overloads: [.init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in
            lookup(try a[0].evaluate(c), in: c.globalState)
        }]),
        "typeof": .init(type: .string, dependencies: [], overloads: [.init(parameters: .fixed([.value])) { a, c throws(ExpressionRuntimeError) in
            .string(ExpressionType.of(try a[0].evaluate(c)).description)
        }]),
        "to-rgba": .init(type: .array(.number, 4), dependencies: [], overloads: [.init(parameters: .fixed([.color])) { a, c throws(ExpressionRuntimeError) in
            guard case .color(let col) = try a[0].evaluate(c) else { return .null }
            return .array([.number(col.r * 255), .number(col.g * 255), .number(col.b * 255), .number(col.a)])
        }]),
        "rgb": .init(type: .color, dependencies: [], overloads: [.init(parameters: .fixed([.number, .number, .number])) { a, c throws(ExpressionRuntimeError) in
            try rgba(a, c)
        }]),
        "rgba": .init(type: .color, dependencies: [], overloads: [.init(parameters: .fixed([.number, .number, .number, .number])) { a, c throws(ExpressionRuntimeError) in
            try rgba(a, c)
        }]),
        "+": .init(type: .number, dependencies: [], overloads: [.init(parameters: .variadic(.number)) { a, c throws(ExpressionRuntimeError) in
            var sum = 0.0
            for e in a { sum += try number(e, c) }
            return .number(sum)
        }]),
        "*": .init(type: .number, dependencies: [], overloads: [.init(parameters: .variadic(.number)) { a, c throws(ExpressionRuntimeError) in
            var product = 1.0
            for e in a { product *= try number(e, c) }
            return .number(product)
        }]),
        "-": .init(type: .number, dependencies: [], overloads: [
            .init(parameters: .fixed([.number, .number])) { a, c throws(ExpressionRuntimeError) in .number(try number(a[0], c) - number(a[1], c)) },
            .init(parameters: .fixed([.number])) { a, c throws(ExpressionRuntimeError) in .number(-(try number(a[0], c))) },
        ]),
        "/": .init(type: .number, dependencies: [], overloads: [.init(parameters: .fixed([.number, .number])) { a, c throws(ExpressionRuntimeError) in
            .number(try number(a[0], c) / number(a[1], c))
        }]),
        "%": .init(type: .number, dependencies: [], overloads: [.init(parameters: .fixed([.number, .number])) { a, c throws(ExpressionRuntimeError) in
            .number(fmod(try number(a[0], c), try number(a[1], c)))
        }]),
        "^": .init(type: .number, dependencies: [], overloads: [.init(parameters: .fixed([.number, .number])) { a, c throws(ExpressionRuntimeError) in
            .number(pow(try number(a[0], c), try number(a[1], c)))
        }]),
        "sqrt": math1 { $0.squareRoot() }, "log10": math1 { log10($0) }, "ln": math1 { log($0) }, "log2": math1 { log2($0) },
        "sin": math1 { sin($0) }, "cos": math1 { cos($0) }, "tan": math1 { tan($0) }, "asin": math1 { asin($0) },
        "acos": math1 { acos($0) }, "atan": math1 { atan($0) }, "abs": math1 { abs($0) }, "ceil": math1 { ceil($0) },
        "floor": math1 { floor($0) },
        // Halves round away from zero (-2.5 is -3), as MapLibre rounds: not JavaScript's Math.round, which
        // rounds them up.
        "round": math1 { $0.rounded(.toNearestOrAwayFromZero) },
        "min": .init(type: .number, dependencies: [], overloads: [.init(parameters: .variadic(.number)) { a, c throws(ExpressionRuntimeError) in
            var result = Double.infinity
            for e in a { result = min(result, try number(e, c)) }
            return .number(result)
        }]),
        "max": .init(type: .number, dependencies: [], overloads: [.init(parameters: .variadic(.number)) { a, c throws(ExpressionRuntimeError) in
            var result = -Double.infinity
            for e in a { result = max(result, try number(e, c)) }
            return .number(result)
        }]),
        "ln2": constant(M_LN2), "pi": constant(Double.pi), "e": constant(M_E),
        "!": .init(type: .boolean, dependencies: [], overloads: [.init(parameters: .fixed([.boolean])) { a, c throws(ExpressionRuntimeError) in
            .bool(!(try Runtime.bool(a[0].evaluate(c))))
        }]),
        "all": .init(type: .boolean, dependencies: [], overloads: [.init(parameters: .variadic(.boolean)) { a, c throws(ExpressionRuntimeError) in
            for e in a where !(try Runtime.bool(e.evaluate(c))) { return .bool(false) }
            return .bool(true)
        }]),
        "any": .init(type: .boolean, dependencies: [], overloads: [.init(parameters: .variadic(.boolean)) { a, c throws(ExpressionRuntimeError) in
            for e in a where try Runtime.bool(e.evaluate(c)) { return .bool(true) }
            return .bool(false)
        }]),
        "upcase": .init(type: .string, dependencies: [], overloads: [.init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in
            .string(try Runtime.string(a[0].evaluate(c)).uppercased())
        }]),
        "downcase": .init(type: .string, dependencies: [], overloads: [.init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in
            .string(try Runtime.string(a[0].evaluate(c)).lowercased())
        }]),
        "concat": .init(type: .string, dependencies: [], overloads: [.init(parameters: .variadic(.value)) { a, c throws(ExpressionRuntimeError) in
            var text = ""
            for e in a { text += Runtime.toString(try e.evaluate(c)) }
            return .string(text)
        }]),
        "join": .init(type: .string, dependencies: [], overloads: [.init(parameters: .fixed([.array(.string, nil), .string])) { a, c throws(ExpressionRuntimeError) in
            guard case .array(let items) = try a[0].evaluate(c) else { return .string("") }
            return .string(items.map(Runtime.toString).joined(separator: try Runtime.string(a[1].evaluate(c))))
        }]),
        "split": .init(type: .array(.string, nil), dependencies: [], overloads: [.init(parameters: .fixed([.string, .string])) { a, c throws(ExpressionRuntimeError) in
            let text = try Runtime.string(a[0].evaluate(c)), separator = try Runtime.string(a[1].evaluate(c))
            if separator.isEmpty { return .array(text.map { .string(String($0)) }) }
            return .array(text.components(separatedBy: separator).map { .string($0) })
        }]),
        "error": .init(type: .error, dependencies: .opaque, overloads: [.init(parameters: .fixed([.string])) { a, c throws(ExpressionRuntimeError) in
            throw ExpressionRuntimeError(try Runtime.string(a[0].evaluate(c)))
        }]),
    ]

    static func rgba(_ a: [any Expression], _ c: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let r = try number(a[0], c), g = try number(a[1], c), b = try number(a[2], c)
        let alpha = a.count > 3 ? try number(a[3], c) : 1
        if let error = Coercion.rgbaError([.number(r), .number(g), .number(b), .number(alpha)]) { throw ExpressionRuntimeError(error) }
        return .color(StyleColor(r: r / 255, g: g / 255, b: b / 255, a: alpha))
    }
}
