/// A compile error of an expression with the key path where it was found, e.g. `[2][1]`.
public struct ExpressionCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let message: String
    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}

/// Parses expression JSON into typed expressions, collecting errors with key paths; one parser per
/// compilation, with child parsers for nested expressions and `let` scopes.
final class ExpressionParser {
    let key: String
    let expected: ExpressionType?
    private(set) var scope: [String: any Expression]
    private let sink: ErrorSink

    final class ErrorSink {
        var errors: [ExpressionCompileError] = []
    }

    init(key: String = "", expected: ExpressionType? = nil, scope: [String: any Expression] = [:], sink: ErrorSink = ErrorSink()) {
        self.key = key
        self.expected = expected
        self.scope = scope
        self.sink = sink
    }

    var errors: [ExpressionCompileError] { sink.errors }

    /// Records an error at this parser's key (or a child key) and returns nil for convenient `return`.
    @discardableResult
    func error(_ message: String, _ childKeys: Int...) -> (any Expression)? {
        sink.errors.append(ExpressionCompileError(key: key + childKeys.map { "[\($0)]" }.joined(), message: message))
        return nil
    }

    /// A parser for argument `index`, expecting `expected`, with extra `let` bindings.
    func child(_ index: Int, expected: ExpressionType?, bindings: [String: any Expression] = [:]) -> ExpressionParser {
        ExpressionParser(key: "\(key)[\(index)]", expected: expected, scope: scope.merging(bindings) { $1 }, sink: sink)
    }

    /// Parses argument `index` of `args` (`args[index]`, the operator name being index 0).
    func parse(_ args: [JSONValue], _ index: Int, expected: ExpressionType?, annotate: Annotation = .assert,
               bindings: [String: any Expression] = [:]) -> (any Expression)? {
        child(index, expected: expected, bindings: bindings).parse(args[index], annotate: annotate)
    }

    enum Annotation { case assert, coerce, omit }

    /// Parses `json` at this parser's key, checking it against the expected type.
    func parse(_ json: JSONValue, annotate: Annotation = .assert) -> (any Expression)? {
        var parsed: any Expression
        switch json {
        case .array(let items):
            guard let first = items.first else {
                return error(#"Expected an array with at least one element. If you wanted a literal array, use ["literal", []]."#)
            }
            guard case .string(let name) = first else {
                return error("Expression name must be a string, but found \(Self.jsonTypeName(first)) instead. If you wanted a literal array, use [\"literal\", [...]].", 0)
            }
            guard let parse = OperatorRegistry.parsers[name] else {
                return error("Unknown expression \"\(name)\". If you wanted a literal array, use [\"literal\", [...]].", 0)
            }
            guard let result = parse(items, self) else { return nil }
            parsed = result
        case .object:
            return error(#"Bare objects invalid. Use ["literal", {...}] instead."#)
        default:
            guard let literal = Literal.parse(value: StyleValue(json), self) else { return nil }
            parsed = literal
        }

        if let expected {
            let actual = parsed.type
            var annotated = false
            switch expected {
            case .string, .number, .boolean, .object, .array:
                if actual == .value {
                    annotated = true
                    if annotate == .assert { parsed = Assertion(type: expected, arguments: [parsed]) }
                    if annotate == .coerce { parsed = Coercion(type: expected, arguments: [parsed]) }
                }
            case .color, .formatted, .resolvedImage, .padding:
                if actual == .value || actual == .string {
                    annotated = true
                    if annotate != .omit { parsed = Coercion(type: expected, arguments: [parsed]) }
                }
            default:
                break
            }
            if !annotated, let message = expected.subtypeError(parsed.type) {
                return error(message)
            }
        }

        // Fold constant subexpressions once at compile time.
        if !(parsed is Literal), parsed.allDependencies.isEmpty {
            do throws(ExpressionRuntimeError) {
                let value = try parsed.evaluate(EvaluationContext())
                return Literal(type: parsed.type, value: value)
            } catch {
                return self.error(error.message)
            }
        }
        return parsed
    }

    static func jsonTypeName(_ json: JSONValue) -> String {
        switch json {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Compiles a whole expression against an expected type.
    static func compile(_ json: JSONValue, expected: ExpressionType?) -> Result<any Expression, ExpressionCompileErrors> {
        let parser = ExpressionParser(expected: expected)
        // Only string properties coerce at the top; the others assert, as MapLibre does.
        let result = parser.parse(json, annotate: expected == .string ? .coerce : .assert)
        if let result, parser.errors.isEmpty {
            if ZoomCurve.count(result) > 1 {
                return .failure(ExpressionCompileErrors(errors: [ExpressionCompileError(key: "", message: #"Only one zoom-based "step" or "interpolate" subexpression may be used in an expression."#)]))
            }
            if !result.isZoomConstant && !ZoomCurve.isValid(result) {
                return .failure(ExpressionCompileErrors(errors: [ExpressionCompileError(key: "", message: #""zoom" expression may only be used as input to a top-level "step" or "interpolate" expression."#)]))
            }
            return .success(result)
        }
        return .failure(ExpressionCompileErrors(errors: parser.errors.isEmpty ? [ExpressionCompileError(key: "", message: "could not compile")] : parser.errors))
    }
}

/// The errors of one compilation.
public struct ExpressionCompileErrors: Error, Sendable {
    public let errors: [ExpressionCompileError]
}

/// `zoom` may only be the input of one top-level `step` or `interpolate` (possibly inside `let` or
/// `coalesce`), so that a property can be evaluated at integer zooms and interpolated between.
enum ZoomCurve {
    static func isValid(_ root: any Expression) -> Bool {
        guard let curve = find(root) else { return false }
        return countZoom(root, excluding: curve) == 0
    }

    private static func find(_ e: any Expression) -> (any Expression)? {
        if let step = e as? Step, isZoom(step.input) { return step }
        if let interpolate = e as? Interpolate, isZoom(interpolate.input) { return interpolate }
        if let letExpression = e as? Let { return find(letExpression.body) }
        if let coalesce = e as? Coalesce {
            for argument in coalesce.arguments { if let curve = find(argument) { return curve } }
        }
        if let assertion = e as? Assertion, assertion.arguments.count == 1 { return find(assertion.arguments[0]) }
        if let coercion = e as? Coercion, coercion.arguments.count == 1 { return find(coercion.arguments[0]) }
        return nil
    }

    /// How many zoom curves the expression holds anywhere.
    static func count(_ e: any Expression) -> Int {
        let own = ((e as? Step).map { isZoom($0.input) } ?? false) || ((e as? Interpolate).map { isZoom($0.input) } ?? false) ? 1 : 0
        return own + e.children.reduce(0) { $0 + count($1) }
    }

    private static func isZoom(_ e: any Expression) -> Bool {
        (e as? CompoundExpression)?.name == "zoom"
    }

    /// Uses of `zoom` other than as the curve's input.
    private static func countZoom(_ e: any Expression, excluding curve: any Expression) -> Int {
        var children = e.children
        if let step = e as? Step, let curveStep = curve as? Step, step.stops == curveStep.stops, isZoom(step.input) { children.removeFirst() }
        if let interpolate = e as? Interpolate, let curveInterpolate = curve as? Interpolate, interpolate.stops == curveInterpolate.stops,
           isZoom(interpolate.input) { children.removeFirst() }
        let own = isZoom(e) ? 1 : 0
        return own + children.reduce(0) { $0 + countZoom($1, excluding: curve) }
    }
}
