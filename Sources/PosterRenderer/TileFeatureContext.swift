public import StyleKit
public import VectorTile

/// A tile feature as filters and data-driven properties see it.
public struct TileFeatureContext: FeatureContext {
    public let feature: VectorTileFeature

    public init(feature: VectorTileFeature) {
        self.feature = feature
    }

    public var geometryType: FeatureGeometryType {
        switch feature.type {
        case .point: .point
        case .lineString: .lineString
        case .polygon: .polygon
        case .unknown: .unknown
        }
    }

    public var featureID: StyleValue? { feature.id.map { .number(Double($0)) } }

    public func property(_ key: String) -> StyleValue? {
        guard let value = feature.property(key) else { return nil }
        switch value {
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        default: return value.number.map { .number($0) }
        }
    }
}
