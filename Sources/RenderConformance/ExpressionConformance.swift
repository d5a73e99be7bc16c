import Foundation
import Geo
import StyleKit

/// Runs one case of MapLibre's expression test suite (`test.json`: expression, inputs, propertySpec,
/// expected) and compares as the upstream harness does: the compile result, then each output (numbers to
/// six significant figures, colours premultiplied), with error messages compared separately.
public enum ExpressionConformance {
    public struct CaseResult: Sendable {
        public var compileMatches: Bool
        public var outputsMatch: Bool
        public var messagesMatch: Bool
        public var passed: Bool { compileMatches && outputsMatch }
        /// What differed, for reports.
        public var detail: String
    }

    public static func run(_ bytes: [UInt8]) -> CaseResult {
        guard let test = try? JSONParser.parse(bytes), case .object(let root) = test,
              let expression = root["expression"], case .object(let expected)? = root["expected"],
              case .object(let compiled)? = expected["compiled"] else {
            return CaseResult(compileMatches: false, outputsMatch: false, messagesMatch: false, detail: "unreadable test case")
        }
        let spec: [String: JSONValue]
        if case .object(let s)? = root["propertySpec"] { spec = s } else { spec = [:] }
        var globalState: [String: StyleValue] = [:]
        if case .object(let g)? = root["globalState"] { globalState = g.mapValues(StyleValue.init) }

        let compileResult = compile(expression, spec: spec)
        let expectSuccess = compiled["result"] == .string("success")
        var detail: [String] = []
        var compileMatches: Bool
        var messagesMatch = true
        switch compileResult {
        case .success(let compiledExpression):
            compileMatches = expectSuccess
            if expectSuccess {
                if compiled["type"] != .string(compiledExpression.type.description) {
                    compileMatches = false
                    detail.append("type \(compiledExpression.type), expected \(compiled["type"].map { "\($0)" } ?? "?")")
                }
                if compiled["isFeatureConstant"] != .bool(compiledExpression.isFeatureConstant)
                    || compiled["isZoomConstant"] != .bool(compiledExpression.isZoomConstant) {
                    compileMatches = false
                    detail.append("constancy differs")
                }
            } else {
                detail.append("compiled, expected errors")
            }
        case .failure(let errors):
            compileMatches = !expectSuccess
            let expectedMessages: [String]
            if case .array(let list)? = compiled["errors"] {
                expectedMessages = list.compactMap { if case .object(let e) = $0, case .string(let m)? = e["error"] { m } else { nil } }
            } else {
                expectedMessages = []
            }
            messagesMatch = expectedMessages == errors.messages
            if !compileMatches { detail.append("errors: \(errors.descriptions)") }
        }

        var outputsMatch = true
        if case .success(let compiledExpression) = compileResult, expectSuccess,
           case .array(let inputs)? = root["inputs"], case .array(let outputs)? = expected["outputs"] {
            for (input, output) in zip(inputs, outputs) {
                let context = evaluationContext(input, globalState: globalState)
                let actual: JSONValue
                do throws(ExpressionRuntimeError) {
                    actual = jsonValue(try compiledExpression.evaluate(context), type: compiledExpression.type)
                } catch {
                    actual = .object(["error": .string(error.message)])
                }
                if case .object(let e) = output, e["error"] != nil {
                    if case .object(let a) = actual, a["error"] != nil {
                        if case .string(let expectedMessage)? = e["error"], case .string(let actualMessage)? = a["error"],
                           !expectedMessage.hasSuffix(actualMessage) { messagesMatch = false }
                    } else {
                        outputsMatch = false
                        detail.append("got \(actual), expected an error")
                    }
                } else if !equal(actual, output) {
                    outputsMatch = false
                    detail.append("got \(actual), expected \(output)")
                }
            }
        }
        return CaseResult(compileMatches: compileMatches, outputsMatch: outputsMatch, messagesMatch: messagesMatch,
                          detail: detail.joined(separator: "; "))
    }

    /// The expected type of a property spec (`{"type": "array", "value": "number", "length": 2}`).
    static func expectedType(_ spec: [String: JSONValue]) -> ExpressionType? {
        func named(_ name: String) -> ExpressionType? {
            switch name {
            case "number": .number
            case "string", "enum": .string
            case "boolean": .boolean
            case "color": .color
            case "formatted": .formatted
            case "resolvedImage": .resolvedImage
            case "padding": .padding
            case "numberArray": .numberArray
            case "colorArray": .colorArray
            case "variableAnchorOffsetCollection": .variableAnchorOffsetCollection
            case "projectionDefinition": .projectionDefinition
            case "object": .object
            default: nil
            }
        }
        guard case .string(let type)? = spec["type"] else { return nil }
        if type == "array" {
            var item = ExpressionType.value
            if case .string(let v)? = spec["value"], let t = named(v) { item = t }
            var length: Int?
            if case .number(let n)? = spec["length"] { length = Int(n) }
            return .array(item, length)
        }
        return named(type)
    }

    /// Why a case did not compile: the compiler's errors, or a legacy function this version cannot convert.
    struct CompileFailure: Error {
        var messages: [String]
        var descriptions: [String]

        init(_ errors: ExpressionCompileErrors) {
            messages = errors.errors.map(\.message)
            descriptions = errors.errors.map(\.description)
        }

        init(message: String) {
            messages = [message]
            descriptions = [message]
        }
    }

    static func compile(_ expression: JSONValue, spec: [String: JSONValue]) -> Result<any StyleKit.Expression, CompileFailure> {
        var expression = expression
        if case .object(let function) = expression {
            guard let converted = LegacyFunction.convert(function, spec: spec) else {
                return .failure(CompileFailure(message: "unsupported legacy function"))
            }
            expression = converted
        }
        return ExpressionParser.compile(expression, expected: expectedType(spec), enumeration: spec["type"] == .string("enum"))
            .mapError(CompileFailure.init(_:))
    }

    /// The context of one input `[globals, feature]`, as the upstream harness builds it: a feature's
    /// GeoJSON geometry is projected into the tile `canonicalID` names (multi-geometries flattened to
    /// their single type); without a tile only its type is kept.
    static func evaluationContext(_ input: JSONValue, globalState: [String: StyleValue]) -> EvaluationContext {
        var context = EvaluationContext(globalState: globalState)
        guard case .array(let pair) = input, pair.count == 2 else { return context }
        if case .object(let globals) = pair[0] {
            if case .number(let z)? = globals["zoom"] { context.zoom = z }
            if case .number(let d)? = globals["heatmapDensity"] { context.heatmapDensity = d }
            if case .number(let p)? = globals["lineProgress"] { context.lineProgress = p }
            if case .number(let e)? = globals["elevation"] { context.elevation = e }
            if case .array(let names)? = globals["availableImages"] {
                context.availableImages = Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } })
            }
            if case .object(let tile)? = globals["canonicalID"] {
                func coordinate(_ key: String) -> Int {
                    if case .number(let n)? = tile[key] { return Int(min(max(n.isNaN ? 0 : n, -1e15), 1e15)) }
                    return 0
                }
                context.canonicalID = TileID(z: coordinate("z"), x: coordinate("x"), y: coordinate("y"))
            }
        }
        if case .object(let feature) = pair[1] {
            if case .object(let properties)? = feature["properties"] { context.properties = properties.mapValues(StyleValue.init) }
            if let id = feature["id"] { context.featureID = StyleValue(id) }
            if case .object(let state)? = feature["featureState"] { context.featureState = state.mapValues(StyleValue.init) }
            if case .object(let geometry)? = feature["geometry"], case .string(let type)? = geometry["type"], geometry["coordinates"] != nil {
                if let tile = context.canonicalID {
                    if let (tileType, points) = tileGeometry(.object(geometry), in: tile) {
                        context.geometryType = tileType
                        context.tileGeometry = points
                    }
                } else {
                    context.geometryType = type
                }
            }
        }
        return context
    }

    /// A GeoJSON geometry in the coordinates of `tile`, with the type MapLibre's tile features have.
    static func tileGeometry(_ json: JSONValue, in tile: TileID) -> (String, [[TilePoint]])? {
        guard let geometry = (try? GeoJSON.parse(json))?.features.first?.geometry else { return nil }
        func line(_ positions: [LngLat]) -> [TilePoint] { positions.map { TileCoordinates.local($0, in: tile) } }
        switch geometry {
        case .point(let p): return ("Point", [line([p])])
        case .multiPoint(let points): return ("Point", points.map { line([$0]) })
        case .lineString(let positions): return ("LineString", [line(positions)])
        case .multiLineString(let lines): return ("LineString", lines.map(line))
        case .polygon(let rings): return ("Polygon", rings.map(line))
        case .multiPolygon(let polygons): return ("Polygon", polygons.flatMap { $0.map(line) })
        case .collection: return nil
        }
    }

    /// A result as the harness serialises it: colours as premultiplied [r, g, b, a], the expression
    /// types' values as MapLibre's objects (`{"name", "available"}`, `{"values": [...]}`, ...).
    static func jsonValue(_ value: StyleValue, type: ExpressionType) -> JSONValue {
        func color(_ c: StyleColor) -> JSONValue {
            .object(["r": .number(c.r * c.a), "g": .number(c.g * c.a), "b": .number(c.b * c.a), "a": .number(c.a)])
        }
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .color(let c): return .array([.number(c.r * c.a), .number(c.g * c.a), .number(c.b * c.a), .number(c.a)])
        case .array(let items): return .array(items.map { jsonValue($0, type: .value) })
        case .object(let fields): return .object(fields.mapValues { jsonValue($0, type: .value) })
        case .image(let image): return .object(["name": .string(image.name), "available": .bool(image.available)])
        case .padding(let values), .numberArray(let values): return .object(["values": .array(values.map { .number($0) })])
        case .colorArray(let colors): return .object(["values": .array(colors.map(color))])
        case .anchorOffsets(let offsets):
            return .object(["values": .array(offsets.flatMap { [.string($0.anchor), .array([.number($0.x), .number($0.y)])] })])
        case .projection(let p): return .object(["from": .string(p.from), "to": .string(p.to), "transition": .number(p.transition)])
        case .collator(let c):
            return .object(["caseSensitive": .bool(c.caseSensitive), "diacriticSensitive": .bool(c.diacriticSensitive),
                            "locale": c.locale.map { .string($0) } ?? .null])
        }
    }

    /// Deep equality with numbers truncated to six significant figures.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return round6(x) == round6(y)
        case (.array(let xs), .array(let ys)): return xs.count == ys.count && zip(xs, ys).allSatisfy(equal)
        case (.object(let xs), .object(let ys)): return xs.count == ys.count && xs.allSatisfy { k, v in ys[k].map { equal(v, $0) } ?? false }
        default: return a == b
        }
    }

    /// The upstream harness's `stripPrecision`: truncated (not rounded) to six significant figures, but
    /// never past the decimal point, twice over so that a value already stripped stays put.
    static func round6(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        let multiplier = pow(10, max(0, 6 - ceil(log10(abs(x)))))
        let once = (x * multiplier).rounded(.down) / multiplier
        return (once * multiplier).rounded(.down) / multiplier
    }
}

/// Pass counts of an expression suite by family (the first folder under the suite's root).
public struct ExpressionConformanceReport: Sendable {
    public struct Family: Sendable {
        public var name: String
        public var total = 0
        public var passed = 0
        public var messagesMatched = 0
        public var failures: [String] = []
    }

    public private(set) var families: [Family] = []

    public init() {}

    /// Adds one case, read by the caller from `<family>/<case…>/test.json`.
    public mutating func add(family: String, caseName: String, bytes: [UInt8]) {
        let result = ExpressionConformance.run(bytes)
        if families.last?.name != family { families.append(Family(name: family)) }
        families[families.count - 1].total += 1
        if result.passed { families[families.count - 1].passed += 1 } else { families[families.count - 1].failures.append("\(caseName): \(result.detail)") }
        if result.passed && result.messagesMatch { families[families.count - 1].messagesMatched += 1 }
    }

    /// Passed and total cases over all families.
    public func totals() -> (passed: Int, total: Int) {
        (families.reduce(0) { $0 + $1.passed }, families.reduce(0) { $0 + $1.total })
    }
}
