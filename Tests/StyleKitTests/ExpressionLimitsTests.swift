import Foundation
import Testing
@testable import StyleKit

/// Compiling is linear in an expression's size, and the ``StyleLimits`` turn away what is too deep or too
/// large with errors naming the key path. Linearity is asserted by counting, never by timing.
@Suite struct ExpressionLimitsTests {
    static let depthMessage = "expression nests deeper than 64 levels; flatten it (MapLibre's own styles nest a few dozen at most)"

    /// `["let","v0",["get","x"],["let","v1",["+",["var","v0"],1], … ["var","v{depth-1}"]]]`; with
    /// `twice`, each value adds the previous one to itself, which a re-walk through `var` pays for 2^depth.
    static func letChain(_ depth: Int, twice: Bool = false) -> JSONValue {
        var body: JSONValue = .array([.string("var"), .string("v\(depth - 1)")])
        for i in stride(from: depth - 1, through: 0, by: -1) {
            let previous: JSONValue = .array([.string("var"), .string("v\(i - 1)")])
            let value: JSONValue = i == 0 ? .array([.string("get"), .string("x")])
                : .array([.string("+"), previous, twice ? previous : .number(1)])
            body = .array([.string("let"), .string("v\(i)"), value, body])
        }
        return body
    }

    static func json(_ text: String) -> JSONValue {
        try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func compile(_ text: String, expected: ExpressionType? = nil) throws -> any StyleKit.Expression {
        try ExpressionParser.compile(json(text), expected: expected).get()
    }

    static func errors(_ result: Result<any StyleKit.Expression, ExpressionCompileErrors>) -> [ExpressionCompileError] {
        if case .failure(let failure) = result { return failure.errors }
        return []
    }

    // MARK: Linear compilation

    /// A leaf that counts how often anything asks for its dependencies.
    struct Probe: StyleKit.Expression {
        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var reads = 0
            func read() { lock.withLock { reads += 1 } }
            var count: Int { lock.withLock { reads } }
        }

        let counter: Counter
        /// Counts evaluations, when given.
        var evaluations: Counter? = nil
        var type: ExpressionType { .number }
        var ownDependencies: ExpressionDependencies {
            counter.read()
            return .feature
        }
        var children: [any StyleKit.Expression] { [] }
        func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
            evaluations?.read()
            return .number(1)
        }
    }

    /// A `let` chain built from the parser's own node types with a probe at the bottom, as the parser
    /// builds one: each value is `previous + 1` (or `previous + previous`), read through `var`.
    static func probedChain(_ depth: Int, twice: Bool, counter: Probe.Counter, evaluations: Probe.Counter? = nil) -> any StyleKit.Expression {
        let plus = CompoundDefinitions.all["+"]!.overloads[0].implementation
        func add(_ a: any StyleKit.Expression, _ b: any StyleKit.Expression) -> any StyleKit.Expression {
            CompoundExpression(name: "+", type: .number, arguments: [a, b], ownDependencies: [], implementation: plus)
        }
        var values: [any StyleKit.Expression] = [add(Probe(counter: counter, evaluations: evaluations), Literal(type: .number, value: .number(1)))]
        for i in 1..<depth {
            let previous = Var(name: "v\(i - 1)", bound: values[i - 1])
            values.append(add(previous, twice ? previous : Literal(type: .number, value: .number(1))))
        }
        var body: any StyleKit.Expression = Var(name: "v\(depth - 1)", bound: values[depth - 1])
        for i in stride(from: depth - 1, through: 0, by: -1) {
            body = Let(bindings: [("v\(i)", values[i])], body: body)
        }
        return body
    }

    @Test func eachDependencySetIsComputedOnceWhenItsNodeIsBuilt() {
        // Before, every ask walked the tree again and `var` walked its bound value per use: three rounds of
        // these queries asked the probe 549 times under the 60-level chain, 14 million under the doubling one.
        for (depth, twice) in [(60, false), (20, true), (60, true)] {
            let counter = Probe.Counter()
            let root = Self.probedChain(depth, twice: twice, counter: counter)
            #expect(counter.count == 1, "depth \(depth), twice \(twice): built")
            for _ in 0..<3 {
                #expect(root.allDependencies == .feature)
                #expect(!root.isFeatureConstant && root.isZoomConstant)
                #expect(ZoomCurve.count(root) == 0)
            }
            // Only its parent, when that was built, ever asked.
            #expect(counter.count == 1, "depth \(depth), twice \(twice): after queries")
        }
    }

    @Test func eachBindingIsEvaluatedOncePerEvaluation() throws {
        // A feature-dependent chain 60 deep that uses every binding twice: evaluated name by name, as `var`
        // did before, the bottom would be evaluated 2^59 times for every feature.
        let evaluations = Probe.Counter()
        let root = Self.probedChain(60, twice: true, counter: Probe.Counter(), evaluations: evaluations)
        #expect(try root.evaluate(EvaluationContext(properties: ["x": .number(1)])) == .number(pow(2, 60)))
        #expect(evaluations.count == 1)
        // Scopes stay lexical: an inner binding of a name hides the outer one, and a binding sees the
        // bindings before it but not itself.
        let shadowing: JSONValue = .array([.string("let"), .string("a"), .number(1),
                                           .array([.string("let"), .string("a"), .array([.string("+"), .array([.string("var"), .string("a")]), .number(10)]),
                                                   .string("b"), .array([.string("*"), .array([.string("var"), .string("a")]), .number(2)]),
                                                   .array([.string("+"), .array([.string("var"), .string("a")]), .array([.string("var"), .string("b")])])])])
        let compiled = try ExpressionParser.compile(shadowing, expected: .number).get()
        #expect(try compiled.evaluate(EvaluationContext()) == .number(33))
        // An unused binding that would fail is never evaluated, as in MapLibre.
        let unused: JSONValue = .array([.string("let"), .string("bad"), .array([.string("number"), .array([.string("get"), .string("name")])]),
                                        .array([.string("get"), .string("size")])])
        let lazy = try ExpressionParser.compile(unused, expected: .number).get()
        #expect(try lazy.evaluate(EvaluationContext(properties: ["name": .string("Helsinki"), "size": .number(3)])) == .number(3))
    }

    @Test func theParserVisitsEachValueOnce() throws {
        for depth in [15, 30, 60] {
            for twice in [false, true] {
                let compilation = ExpressionParser.Compilation()
                let compiled = try ExpressionParser.compile(Self.letChain(depth, twice: twice), expected: .number, in: compilation).get()
                #expect(compiled.allDependencies == .feature)
                // The parsed values (names are read, not parsed): ["get", "x"] 2, then per level the let, the
                // "+", its two arguments; the final var.
                #expect(compilation.nodes == 4 * depth, "depth \(depth), twice \(twice)")
                if !twice {
                    #expect(try compiled.evaluate(EvaluationContext(properties: ["x": .number(1)])) == .number(Double(depth)))
                }
            }
        }
        let wide: JSONValue = .array([.string("+")] + Array(repeating: .array([.string("get"), .string("x")]), count: 4_999))
        let compilation = ExpressionParser.Compilation()
        #expect(throws: Never.self) { try ExpressionParser.compile(wide, expected: .number, in: compilation).get() }
        #expect(compilation.nodes == 9_999)
    }

    /// Its dependencies were walked 2^60 times over before; a regression hangs rather than fails, hence
    /// the limit. (Evaluating it is still exponential, as in MapLibre: `var` evaluates its bound value.)
    @Test(.timeLimit(.minutes(1))) func aChainUsingEachBindingTwiceCompiles() throws {
        let compiled = try ExpressionParser.compile(Self.letChain(60, twice: true), expected: .number).get()
        #expect(!compiled.isFeatureConstant && compiled.isZoomConstant)
    }

    @Test func dependenciesAndFoldingAreUnchanged() throws {
        let get = try Self.compile(#"["get", "x"]"#)
        #expect(get.allDependencies == .feature && !get.isFeatureConstant && get.isZoomConstant)

        let curve = try Self.compile(#"["interpolate", ["linear"], ["zoom"], 0, 1, 10, ["+", 1, 1]]"#, expected: .number)
        #expect(curve.allDependencies == .zoom && curve.isFeatureConstant && !curve.isZoomConstant)

        let bound = try Self.compile(#"["let", "a", ["get", "x"], ["var", "a"]]"#)
        #expect(bound.allDependencies == .feature && !bound.isFeatureConstant && !(bound is Literal))

        let state = try Self.compile(#"["number", ["feature-state", "hover"], 0]"#)
        #expect(state.allDependencies == .featureState && !state.isFeatureConstant)

        let sum = try Self.compile(#"["+", 1, 2]"#, expected: .number)
        #expect((sum as? Literal)?.value == .number(3))
        // Folded through the binding too.
        let boundSum = try Self.compile(#"["let", "a", 1, ["+", ["var", "a"], 2]]"#, expected: .number)
        #expect((boundSum as? Literal)?.value == .number(3))
        // A zoom curve in a binding still counts.
        #expect(Self.errors(ExpressionParser.compile(Self.json(
            #"["let", "a", ["step", ["zoom"], 0, 5, 1], ["+", ["var", "a"], ["interpolate", ["linear"], ["zoom"], 0, 0, 10, 1]]]"#),
                                                     expected: .number)).map(\.message)
                == [#"Only one zoom-based "step" or "interpolate" subexpression may be used in an expression."#])
    }

    // MARK: Depth

    @Test func aLetChain480DeepIsRejectedAtTheFirstLevelTooDeep() {
        let compilation = ExpressionParser.Compilation()
        let result = ExpressionParser.compile(Self.letChain(480), expected: .number, in: compilation)
        // Level 63's binding is the first value 65 levels down: ["+", ["var", …], 1] holds the var.
        let key = String(repeating: "[3]", count: 62) + "[2][1]"
        #expect(Self.errors(result) == [ExpressionCompileError(key: key, message: Self.depthMessage, exceedsLimit: true)])
        // It stopped there (after about 250 values): the 1,600 beneath were never parsed.
        #expect(compilation.nodes < 300)
    }

    @Test func sixtyFourLevelsCompileAndSixtyFiveDoNot() {
        func negations(_ count: Int) -> JSONValue {
            (0..<count).reduce(JSONValue.array([.string("get"), .string("x")])) { inner, _ in .array([.string("-"), inner]) }
        }
        #expect(Self.errors(ExpressionParser.compile(negations(63), expected: .number)).isEmpty)
        #expect(Self.errors(ExpressionParser.compile(negations(64), expected: .number))
                == [ExpressionCompileError(key: String(repeating: "[1]", count: 64), message: Self.depthMessage, exceedsLimit: true)])
        // Levels open around it (a filter's) count too.
        #expect(Self.errors(ExpressionParser.compile(negations(53), expected: .number, nesting: 10)).isEmpty)
        #expect(Self.errors(ExpressionParser.compile(negations(54), expected: .number, nesting: 10))
                == [ExpressionCompileError(key: String(repeating: "[1]", count: 54), message: Self.depthMessage, exceedsLimit: true)])
    }

    // MARK: Size

    @Test func anExpressionOfMoreThanTenThousandValuesIsRejected() {
        func sum(_ gets: Int, _ literals: Int) -> JSONValue {
            .array([.string("+")] + Array(repeating: .array([.string("get"), .string("x")]), count: gets) + Array(repeating: .number(1), count: literals))
        }
        #expect(Self.errors(ExpressionParser.compile(sum(4_999, 1), expected: .number)).isEmpty)
        let compilation = ExpressionParser.Compilation()
        let result = ExpressionParser.compile(sum(4_999, 2), expected: .number, in: compilation)
        #expect(Self.errors(result) == [ExpressionCompileError(
            key: "", message: "expression has more than 10000 nodes; simplify it or split it across layers (MapLibre's own styles use a few hundred at most)",
            exceedsLimit: true)])
        #expect(compilation.nodes == 10_001)
    }

    @Test func aStyleReportsTheSizeLimitAtThePropertysPath() throws {
        let gets = Array(repeating: #"["get", "x"]"#, count: 6_000).joined(separator: ",")
        let style = #"{"version": 8, "sources": {"s": {"type": "vector"}}, "layers": [{"id": "a", "type": "line", "source": "s", "paint": {"line-width": ["+", \#(gets)]}}]}"#
        let (_, errors) = Style.parseCollectingErrors(Array(style.utf8), fileName: "big.json")
        #expect(errors.map(\.description) == [
            "big.json: layers[0].paint.line-width: expression has more than 10000 nodes; simplify it or split it across layers (MapLibre's own styles use a few hundred at most)",
        ])
        #expect(errors.map(\.code) == [.limit])
    }

    // MARK: Filters

    func filterErrors(_ json: JSONValue) -> [StyleError] {
        let diagnostics = StyleDiagnostics(file: "test.json")
        _ = FilterParser(diagnostics: diagnostics).parse(json, path: "layers[0].filter")
        return diagnostics.errors
    }

    @Test func nestedLegacyFiltersHaveTheSameDepthLimit() {
        func nested(_ op: String, _ levels: Int) -> JSONValue {
            (1..<levels).reduce(JSONValue.array([.string("=="), .string("class"), .string("primary")])) { inner, _ in .array([.string(op), inner]) }
        }
        #expect(filterErrors(nested("all", 64)).isEmpty)
        for op in ["all", "any", "none", "!"] {
            let errors = filterErrors(nested(op, 200))
            #expect(errors.map(\.description) == [
                "test.json: layers[0].filter\(String(repeating: "[1]", count: 64)): filter nests deeper than 64 levels; flatten it (MapLibre's own styles nest a few dozen at most)",
            ], "\(op)")
            #expect(errors.map(\.code) == [.limit])
        }
        // An expression inside legacy filters counts from the filter's depth: 40 "all", the "==" at 41, its
        // 24th "-" at 65.
        let mixed = (0..<40).reduce(JSONValue.array([.string("=="), .array([.string("get"), .string("x")]), (0..<30).reduce(
            JSONValue.number(1)) { inner, _ in .array([.string("-"), inner]) }])) { inner, _ in .array([.string("all"), inner]) }
        #expect(filterErrors(mixed).map(\.description) == [
            "test.json: layers[0].filter\(String(repeating: "[1]", count: 40))[2]\(String(repeating: "[1]", count: 23)): \(Self.depthMessage)",
        ])
    }

    @Test func aFailedChildOfNotIsReportedOnce() {
        // Each enclosing "!" used to compile its whole subtree again as an expression, repeating the error.
        #expect(filterErrors(Self.json(#"["!", ["!", ["!", ["frob"]]]]"#)).map(\.description) == [
            #"test.json: layers[0].filter[1][1][1][0]: Unknown expression "frob". If you wanted a literal array, use ["literal", [...]]."#,
        ])
    }

    // MARK: Style counts

    static func style(layers: Int, sources: Int = 1) -> [UInt8] {
        let sourceList = (0..<sources).map { #""s\#($0)": {"type": "vector"}"# }.joined(separator: ",")
        let layerList = (0..<layers).map { #"{"id": "l\#($0)", "type": "background"}"# }.joined(separator: ",")
        return Array(#"{"version": 8, "sources": {\#(sourceList)}, "layers": [\#(layerList)]}"#.utf8)
    }

    @Test func aStyleOfMoreThan2000LayersIsRejected() {
        #expect(Style.parseCollectingErrors(Self.style(layers: 2_000), fileName: "big.json").1.isEmpty)
        let (style, errors) = Style.parseCollectingErrors(Self.style(layers: 2_001), fileName: "big.json")
        #expect(errors.map(\.description) == [
            "big.json: layers: the style has 2001 layers, more than the limit of 2000; merge layers that draw the same data with the same paint",
        ])
        #expect(errors.map(\.code) == [.limit])
        #expect(style?.layers.isEmpty == true)
    }

    @Test func aStyleOfMoreThan256SourcesIsRejected() {
        #expect(Style.parseCollectingErrors(Self.style(layers: 1, sources: 256), fileName: "big.json").1.isEmpty)
        let (_, errors) = Style.parseCollectingErrors(Self.style(layers: 1, sources: 257), fileName: "big.json")
        #expect(errors.map(\.description) == [
            "big.json: sources: the style has 257 sources, more than the limit of 256; let layers share sources (one source serves any number of layers)",
        ])
    }

    @Test func aDocumentNestedDeeperThanTheDecoderShouldRecurseIsRejectedBeforeDecoding() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let text = "{\"version\": 8,\n \"metadata\": {\"x\": \(deep)}, \"sources\": {}, \"layers\": []}"
        let (style, errors) = Style.parseCollectingErrors(Array(text.utf8), fileName: "deep.json")
        // Level 81 is the 79th "[" (the first, at column 20, is level 3).
        #expect(errors.map(\.description) == [
            "deep.json: the style's JSON nests deeper than 80 levels (at line 2, column 98); flatten the expression or metadata there",
        ])
        #expect(style == nil)
        // Brackets inside strings do not count.
        let quoted = "{\"version\": 8, \"name\": \"\(String(repeating: "[", count: 100))\", \"sources\": {}, \"layers\": []}"
        #expect(Style.parseCollectingErrors(Array(quoted.utf8), fileName: "q.json").1.isEmpty)
    }
}
