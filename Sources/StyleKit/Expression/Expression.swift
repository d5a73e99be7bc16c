public import Geo

/// What an expression may read while it is evaluated: the zoom, and a feature either as a
/// ``FeatureContext`` (when rendering) or as plain properties (tests, tools).
public struct EvaluationContext {
    public var zoom: Double?
    public var feature: (any FeatureContext)?
    public var properties: [String: StyleValue]
    public var featureID: StyleValue?
    public var geometryType: String?
    public var featureState: [String: StyleValue]
    public var globalState: [String: StyleValue]
    public var heatmapDensity: Double?
    public var lineProgress: Double?
    /// The terrain elevation at the evaluated point, in metres (`elevation`).
    public var elevation: Double?
    /// Names of the images the style has (`image` reports whether its image is among them).
    public var availableImages: Set<String> = []
    /// The tile the feature comes from, and its geometry in that tile's coordinates: what `within` and
    /// `distance` measure. Without both they answer false and NaN, as MapLibre does.
    public var canonicalID: TileID?
    public var tileGeometry: [[TilePoint]]?
    /// The `let` bindings in scope while a `let`'s body is evaluated.
    var letBindings: [String: LazyBinding] = [:]

    public init(zoom: Double? = nil, properties: [String: StyleValue] = [:], featureID: StyleValue? = nil,
                geometryType: String? = nil, featureState: [String: StyleValue] = [:], globalState: [String: StyleValue] = [:],
                heatmapDensity: Double? = nil, lineProgress: Double? = nil) {
        self.zoom = zoom
        self.properties = properties
        self.featureID = featureID
        self.geometryType = geometryType
        self.featureState = featureState
        self.globalState = globalState
        self.heatmapDensity = heatmapDensity
        self.lineProgress = lineProgress
    }

    /// A context for rendering one feature at a zoom.
    public init(zoom: Double, feature: (any FeatureContext)?) {
        self.init(zoom: zoom)
        self.feature = feature
    }

    func property(_ key: String) -> StyleValue? {
        feature?.property(key) ?? properties[key]
    }

    var allProperties: [String: StyleValue] {
        feature?.allProperties ?? properties
    }

    var id: StyleValue? { feature?.featureID ?? featureID }

    var geometry: String? { feature.map { $0.geometryType.rawValue } ?? geometryType }

    /// The tile and tile geometry `within` and `distance` measure: given, or the feature's.
    var measuredGeometry: (tile: TileID, parts: [[TilePoint]])? {
        if let canonicalID, let tileGeometry { return (canonicalID, tileGeometry) }
        return feature?.tileGeometry
    }

    /// The images `image` resolves against: given, or the feature's style's.
    var images: Set<String> {
        availableImages.isEmpty ? feature?.availableImages ?? [] : availableImages
    }
}

/// A failure while evaluating an expression for one feature (the renderer falls back to the default).
public struct ExpressionRuntimeError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What an expression reads besides its arguments, for constant folding and for deciding how often a
/// property must be evaluated.
public struct ExpressionDependencies: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let feature = ExpressionDependencies(rawValue: 1)
    public static let zoom = ExpressionDependencies(rawValue: 2)
    public static let featureState = ExpressionDependencies(rawValue: 4)
    public static let globalState = ExpressionDependencies(rawValue: 8)
    /// heatmap-density, line-progress and other per-fragment inputs.
    public static let renderInput = ExpressionDependencies(rawValue: 16)
    /// Never folded to a constant (for example `error`).
    public static let opaque = ExpressionDependencies(rawValue: 32)
    /// The style's available images (`image`).
    public static let images = ExpressionDependencies(rawValue: 64)
}

/// A compiled expression: typed at compile time, evaluated many times.
public protocol Expression: Sendable {
    var type: ExpressionType { get }
    /// What this node itself reads (its children's dependencies are added by ``allDependencies``).
    var ownDependencies: ExpressionDependencies { get }
    /// What this node and everything under it reads. The built-in nodes store it, computed once when they
    /// are built from their children's stored sets, so asking costs O(1): walking the subtree on every ask
    /// made compiling nested expressions cubic, and through `var` exponential.
    var allDependencies: ExpressionDependencies { get }
    var children: [any Expression] { get }
    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue
}

extension Expression {
    public var ownDependencies: ExpressionDependencies { [] }

    /// One level only: this node's own reads and its children's sets (stored, for the built-in nodes).
    public var allDependencies: ExpressionDependencies { ExpressionDependencies(own: ownDependencies, children: children) }

    public var isFeatureConstant: Bool { !allDependencies.contains(.feature) && !allDependencies.contains(.featureState) }
    public var isZoomConstant: Bool { !allDependencies.contains(.zoom) }
}

extension ExpressionDependencies {
    /// A node's full set from its own reads and its children's already-computed sets: O(children).
    init(own: ExpressionDependencies, children: [any Expression]) {
        self = children.reduce(own) { $0.union($1.allDependencies) }
    }

    /// The full set of a node being built, whose children are complete; each node type calls this once,
    /// at the end of its initialiser.
    static func of(_ node: some Expression) -> ExpressionDependencies {
        ExpressionDependencies(own: node.ownDependencies, children: node.children)
    }
}

/// Runtime helpers shared by the operators.
enum Runtime {
    /// A data-driven number as an index or count: NaN is 0 and the rest is clamped to ±10^15, so that no
    /// value a feature carries can trap the Double-to-Int conversion (JavaScript indexes with it unchecked).
    static func clampedInt(_ value: Double) -> Int {
        value.isNaN ? 0 : Int(min(max(value, -1e15), 1e15))
    }

    static func typeName(_ value: StyleValue) -> String { ExpressionType.of(value).description }

    static func number(_ value: StyleValue) throws(ExpressionRuntimeError) -> Double {
        guard case .number(let n) = value else {
            throw ExpressionRuntimeError("Expected value to be of type number, but found \(typeName(value)) instead.")
        }
        return n
    }

    static func string(_ value: StyleValue) throws(ExpressionRuntimeError) -> String {
        guard case .string(let s) = value else {
            throw ExpressionRuntimeError("Expected value to be of type string, but found \(typeName(value)) instead.")
        }
        return s
    }

    static func bool(_ value: StyleValue) throws(ExpressionRuntimeError) -> Bool {
        guard case .bool(let b) = value else {
            throw ExpressionRuntimeError("Expected value to be of type boolean, but found \(typeName(value)) instead.")
        }
        return b
    }

    /// The spec's string form of a value (`to-string`).
    static func toString(_ value: StyleValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return formatNumber(n)
        case .string(let s): return s
        case .color(let c):
            return "rgba(\(formatNumber((c.r * 255).rounded())),\(formatNumber((c.g * 255).rounded())),\(formatNumber((c.b * 255).rounded())),\(formatNumber(c.a)))"
        case .array: return json(value)
        case .object: return Format.plainText(value) ?? json(value)
        case .image(let image): return image.name
        case .projection(let projection): return projection.text
        case .collator, .padding, .numberArray, .colorArray, .anchorOffsets: return json(value)
        }
    }

    /// Numbers as JavaScript prints them: integers without a fraction.
    static func formatNumber(_ n: Double) -> String {
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n > 0 ? "Infinity" : "-Infinity" }
        if n == n.rounded() && abs(n) < 1e21 { return String(Int64(n)) }
        var text = "\(n)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func json(_ value: StyleValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return formatNumber(n)
        case .string(let s): return "\"\(s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        case .color: return "\"\(toString(value))\""
        case .array(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        case .object(let fields): return "{" + fields.keys.sorted().map { "\"\($0)\":\(json(fields[$0] ?? .null))" }.joined(separator: ",") + "}"
        // The expression types' values as MapLibre's objects serialise.
        case .collator(let c):
            let sensitivity = c.caseSensitive ? (c.diacriticSensitive ? "variant" : "case") : (c.diacriticSensitive ? "accent" : "base")
            return json(.object(["locale": c.locale.map { .string($0) } ?? .null, "sensitivity": .string(sensitivity), "collator": .object([:])]))
        case .image(let image): return json(.object(["name": .string(image.name), "available": .bool(image.available)]))
        case .padding(let values), .numberArray(let values): return json(.array(values.map { .number($0) }))
        case .colorArray(let colors):
            return json(.array(colors.map { c in .object(["r": .number(c.r * c.a), "g": .number(c.g * c.a), "b": .number(c.b * c.a), "a": .number(c.a)]) }))
        case .anchorOffsets(let offsets): return json(AnchorOffset.json(offsets))
        case .projection(let p): return json(.object(["from": .string(p.from), "to": .string(p.to), "transition": .number(p.transition)]))
        }
    }
}
