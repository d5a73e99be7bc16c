public import Geo
import Foundation
public import StyleKit
public import VectorTile

/// A tile feature as filters and data-driven properties see it.
public struct TileFeatureContext: FeatureContext {
    public let feature: VectorTileFeature
    /// The tile the feature was read from and that tile's extent, for `within` and `distance`.
    let tile: TileID?
    let extent: UInt32
    /// The zoom the geometry is measured at (MapLibre's tile zoom): the tile's own, or deeper for a
    /// source held as one world tile (GeoJSON), so that its coordinates keep their precision.
    let measureZoom: Int?
    /// The sprite's image names.
    public let availableImages: Set<String>
    /// Text is set with MapLibre's SDF glyphs, which cannot shape Indic, Tibetan, Myanmar or Khmer script.
    let scriptsAsMapLibre: Bool

    public init(feature: VectorTileFeature, tile: TileID? = nil, extent: UInt32 = 4096, measureZoom: Int? = nil, images: Set<String> = [],
                scriptsAsMapLibre: Bool = false) {
        self.feature = feature
        self.tile = tile
        self.extent = extent
        self.measureZoom = measureZoom
        self.availableImages = images
        self.scriptsAsMapLibre = scriptsAsMapLibre
    }

    /// Every script with HarfBuzz; with MapLibre's glyphs not the scripts that need complex shaping
    /// (MapLibre's `charInSupportedScript`, right-to-left text being drawn).
    public func isSupportedScript(_ text: String) -> Bool {
        guard scriptsAsMapLibre else { return true }
        return !text.unicodeScalars.contains { scalar in
            let c = scalar.value
            return (0x0900...0x0DFF).contains(c) || (0x0F00...0x109F).contains(c) || (0x1780...0x17FF).contains(c)
        }
    }

    /// The geometry in MapLibre's tile coordinates (8192 a tile) at the measuring zoom, as whole-world
    /// coordinates of the tile (zoom, 0, 0) so that a source held as one world tile measures alike.
    public var tileGeometry: (tile: TileID, parts: [[TilePoint]])? {
        guard let tile, extent > 0 else { return nil }
        let zoom = max(measureZoom ?? tile.z, tile.z)
        let k = TileCoordinates.extent / Double(extent) * pow(2, Double(zoom - tile.z))
        var collector = LineCollector()
        guard (try? feature.decodeGeometry(into: &collector)) != nil else { return nil }
        let originX = Double(tile.x) * Double(extent), originY = Double(tile.y) * Double(extent)
        let parts = collector.parts.map { part in
            stride(from: 0, to: part.count - 1, by: 2).map { TilePoint(x: ((originX + part[$0]) * k).rounded(), y: ((originY + part[$0 + 1]) * k).rounded()) }
        }
        return (TileID(z: zoom, x: 0, y: 0), parts)
    }

    public var geometryType: FeatureGeometryType { Self.geometryType(feature.type) }

    public var featureID: StyleValue? { feature.id.map { .number(Double($0)) } }

    public func property(_ key: String) -> StyleValue? {
        feature.property(key).flatMap(Self.styleValue)
    }

    /// A tile's property value as styles see it: JSON text (MLT, GeoJSON) parsed, every number a double.
    static func styleValue(_ value: PropertyValue) -> StyleValue? {
        switch value {
        case .string(let s): .string(s)
        case .bool(let b): .bool(b)
        case .json(let text): (try? JSONParser.parse(text)).map(StyleValue.init)
        default: value.number.map { .number($0) }
        }
    }

    /// A tile feature's geometry type as styles name it (`$type`).
    static func geometryType(_ type: GeometryType) -> FeatureGeometryType {
        switch type {
        case .point: .point
        case .lineString: .lineString
        case .polygon: .polygon
        case .unknown: .unknown
        }
    }
}
