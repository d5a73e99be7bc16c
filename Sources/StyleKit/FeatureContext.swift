public import Geo
/// A feature's geometry type as styles see it (`$type`, `geometry-type`).
public enum FeatureGeometryType: String, Sendable {
    case point = "Point", lineString = "LineString", polygon = "Polygon", unknown = "Unknown"
}

/// What filters and data-driven properties may ask of a feature. The renderer adapts its tile features
/// to this, so StyleKit knows nothing of tile formats.
public protocol FeatureContext {
    var geometryType: FeatureGeometryType { get }
    var featureID: StyleValue? { get }
    func property(_ key: String) -> StyleValue?
    /// Every property, for the `properties` expression; rarely used, so it may be slow.
    var allProperties: [String: StyleValue] { get }
    /// The tile the feature is measured in and its geometry in that tile's coordinates (MapLibre's
    /// canonical tile and tile geometry), for `within` and `distance`; nil when unknown. Asked only by
    /// those operators, so it may be slow.
    var tileGeometry: (tile: TileID, parts: [[TilePoint]])? { get }
    /// Names of the images the style has, for `image` and `coalesce` over images.
    var availableImages: Set<String> { get }
    /// Whether the renderer can draw text in the scripts of `text`, for `is-supported-script`.
    func isSupportedScript(_ text: String) -> Bool
}

extension FeatureContext {
    public var allProperties: [String: StyleValue] { [:] }
    public var tileGeometry: (tile: TileID, parts: [[TilePoint]])? { nil }
    public var availableImages: Set<String> { [] }
    public func isSupportedScript(_ text: String) -> Bool { true }
}

/// A value a style expression can produce or a feature property can hold.
public enum StyleValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case color(StyleColor)
    case array([StyleValue])
    case object([String: StyleValue])
    // Values of the expression language's own types, made by expressions and never read from JSON or a
    // feature: `collator`, `image`, and the coercions to property types that are not plain JSON.
    case collator(Collator)
    case image(ResolvedImage)
    /// Top, right, bottom, left.
    case padding([Double])
    case numberArray([Double])
    case colorArray([StyleColor])
    case anchorOffsets([AnchorOffset])
    case projection(ProjectionDefinition)

    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let v): self = .bool(v)
        case .number(let v): self = .number(v)
        case .string(let v): self = .string(v)
        case .array(let v): self = .array(v.map(StyleValue.init))
        case .object(let v): self = .object(v.mapValues(StyleValue.init))
        }
    }

    /// Legacy filters compare numbers and strings only within their own kind.
    static func compare(_ a: StyleValue, _ b: StyleValue) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): x < y ? -1 : (x > y ? 1 : 0)
        default: nil
        }
    }
}
