/// A compile error of an expression with the key path where it was found, e.g. `[2][1]`.
public struct ExpressionCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let message: String
    /// Set when a ``StyleLimits`` bound was exceeded rather than the expression being wrong.
    var exceedsLimit = false
    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}

/// Parses expression JSON into typed expressions, collecting errors with key paths; one parser per
/// compilation, with child parsers for nested expressions and `let` scopes. Public only for
/// ``compile(_:expected:nesting:)``; the parser itself stays internal.
public final class ExpressionParser {
    let key: String
    let expected: ExpressionType?
    private(set) var scope: [String: any Expression]
    private let sink: ErrorSink
    let compilation: Compilation

    final class ErrorSink {
        var errors: [ExpressionCompileError] = []
    }

    /// What one compilation shares across all its parsers, trial parsers for overloads included: how deep
    /// and how large it has got, and the first limit it exceeded. That error is kept here rather than in a
    /// sink, so a trial parser's cannot be dropped, and it stops the rest of the parse.
    final class Compilation {
        /// Expression arrays open around the one being parsed, counting those of an enclosing filter.
        private(set) var depth: Int
        /// `parse(_:)` calls so far: one per operator and argument (names, such as a `let`'s, are read
        /// without one), plus any retries of an argument against further overloads.
        private(set) var nodes = 0
        private(set) var limitError: ExpressionCompileError?

        /// `depth`: levels already open outside the expression (a legacy filter around it).
        init(depth: Int = 0) {
            self.depth = depth
        }

        /// Counts a value about to be parsed at `key`; false (with the error recorded) past a limit. Checked
        /// before the parse recurses, so no input can take the recursion past the depth limit.
        fileprivate func enter(_ json: JSONValue, key: String) -> Bool {
            guard limitError == nil else { return false }
            nodes += 1
            if nodes > StyleLimits.maxExpressionNodes {
                // The whole expression is too large, not the node that tipped it: reported at its root.
                limitError = ExpressionCompileError(key: "", message: StyleLimits.nodesMessage, exceedsLimit: true)
                return false
            }
            if case .array = json {
                guard depth < StyleLimits.maxExpressionDepth else {
                    limitError = ExpressionCompileError(key: key, message: StyleLimits.depthMessage("expression"), exceedsLimit: true)
                    return false
                }
                depth += 1
            }
            return true
        }

        fileprivate func leave(_ json: JSONValue) {
            if case .array = json { depth -= 1 }
        }
    }

    init(key: String = "", expected: ExpressionType? = nil, scope: [String: any Expression] = [:], sink: ErrorSink = ErrorSink(),
         compilation: Compilation = Compilation()) {
        self.key = key
        self.expected = expected
        self.scope = scope
        self.sink = sink
        self.compilation = compilation
    }

    var errors: [ExpressionCompileError] { sink.errors }

    /// Records an error at this parser's key (or a child key) and returns nil for convenient `return`.
    @discardableResult
    func error(_ message: String, _ childKeys: Int...) -> (any Expression)? {
        sink.errors.append(ExpressionCompileError(key: key + childKeys.map { "[\($0)]" }.joined(), message: message))
        return nil
    }

    /// A parser for argument `index`, expecting `expected`, in this parser's scope.
    func child(_ index: Int, expected: ExpressionType?) -> ExpressionParser {
        child(index, expected: expected, scope: scope)
    }

    /// A parser for argument `index` in `scope` (this parser's, extended by a `let`).
    func child(_ index: Int, expected: ExpressionType?, scope: [String: any Expression]) -> ExpressionParser {
        ExpressionParser(key: "\(key)[\(index)]", expected: expected, scope: scope, sink: sink, compilation: compilation)
    }

    /// A parser at this key with its own errors, for trying one overload of several.
    func trial(expected: ExpressionType?) -> ExpressionParser {
        ExpressionParser(key: key, expected: expected, scope: scope, compilation: compilation)
    }

    /// Parses argument `index` of `args` (`args[index]`, the operator name being index 0).
    func parse(_ args: [JSONValue], _ index: Int, expected: ExpressionType?, annotate: Annotation = .assert) -> (any Expression)? {
        child(index, expected: expected).parse(args[index], annotate: annotate)
    }

    enum Annotation { case assert, coerce, omit }

    /// Parses `json` at this parser's key, checking it against the expected type.
    func parse(_ json: JSONValue, annotate: Annotation = .assert) -> (any Expression)? {
        guard compilation.enter(json, key: key) else { return nil }
        defer { compilation.leave(json) }
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
            default:
                if expected.coercible(from: actual) {
                    annotated = true
                    if annotate != .omit { parsed = Coercion(type: expected, arguments: [parsed]) }
                }
            }
            if !annotated, let message = expected.subtypeError(parsed.type) {
                return error(message)
            }
        }

        // Fold constant subexpressions once at compile time. Their constant children were folded already,
        // so this evaluates one level, and the dependency set is stored: no subtree is walked again. An
        // image is left for when the available images are known, whatever its inputs.
        if !(parsed is Literal), parsed.type != .resolvedImage, parsed.allDependencies.isEmpty {
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

    /// Compiles a whole expression against an expected type. `nesting`: levels already open around it (a
    /// legacy filter's), which count towards ``StyleLimits/maxExpressionDepth``.
    ///
    /// Public for tools outside StyleKit that compile bare expressions rather than a style's properties:
    /// RenderConformance runs MapLibre's expression suite through it.
    /// - Parameter property: whether the expression is a paint or layout property's, where `zoom` may only be
    ///   the input of one top-level curve (so that it can be evaluated at integer zooms and interpolated
    ///   between). A filter is no property: MapLibre takes `zoom` anywhere in it (`[">=", ["zoom"], 9]`).
    /// - Parameter enumeration: whether a string is expected as an enum property's value, which is
    ///   asserted to be a string; a string property's is converted to one.
    public static func compile(_ json: JSONValue, expected: ExpressionType?, nesting: Int = 0,
                               property: Bool = true, enumeration: Bool = false) -> Result<any Expression, ExpressionCompileErrors> {
        compile(json, expected: expected, in: Compilation(depth: nesting), property: property, enumeration: enumeration)
    }

    /// Compiles in a given compilation, whose counts the caller may read afterwards (tests do).
    static func compile(_ json: JSONValue, expected: ExpressionType?, in compilation: Compilation,
                        property: Bool = true, enumeration: Bool = false) -> Result<any Expression, ExpressionCompileErrors> {
        let parser = ExpressionParser(expected: expected, compilation: compilation)
        // Only string properties coerce at the top; the others (enums included) assert, as MapLibre does.
        let result = parser.parse(json, annotate: expected == .string && !enumeration ? .coerce : .assert)
        // Past a limit the rest was not parsed, so any other errors would be partial: the limit alone.
        if let limitError = compilation.limitError {
            return .failure(ExpressionCompileErrors(errors: [limitError]))
        }
        if let result, parser.errors.isEmpty, !property {
            return .success(result)
        }
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

    /// How many zoom curves the expression holds anywhere. A curve reads the zoom, so subtrees whose
    /// stored set lacks it are skipped without a walk.
    static func count(_ e: any Expression) -> Int {
        guard e.allDependencies.contains(.zoom) else { return 0 }
        let own = ((e as? Step).map { isZoom($0.input) } ?? false) || ((e as? Interpolate).map { isZoom($0.input) } ?? false) ? 1 : 0
        return own + e.children.reduce(0) { $0 + count($1) }
    }

    private static func isZoom(_ e: any Expression) -> Bool {
        (e as? CompoundExpression)?.name == "zoom"
    }

    /// Uses of `zoom` other than as the curve's input.
    private static func countZoom(_ e: any Expression, excluding curve: any Expression) -> Int {
        guard e.allDependencies.contains(.zoom) else { return 0 }
        var children = e.children
        if let step = e as? Step, let curveStep = curve as? Step, step.stops == curveStep.stops, isZoom(step.input) { children.removeFirst() }
        if let interpolate = e as? Interpolate, let curveInterpolate = curve as? Interpolate, interpolate.stops == curveInterpolate.stops,
           isZoom(interpolate.input) { children.removeFirst() }
        let own = isZoom(e) ? 1 : 0
        return own + children.reduce(0) { $0 + countZoom($1, excluding: curve) }
    }
}
