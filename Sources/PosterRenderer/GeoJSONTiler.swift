import Foundation
import Geo
public import StyleKit
public import VectorTile

/// A GeoJSON source as one world-covering vector tile: every feature projected to Web Mercator in a
/// fine grid (extent 2^30, a small fraction of a pixel at the zooms posters and tests use), in one layer
/// named `_geojsonTileLayer` as MapLibre names it. The renderer clips to what shows, so no tiling is needed.
public enum GeoJSONTiler {
    public static let extent: UInt32 = 1 << 30
    /// How far past the world (in world widths) a longitude may reach before it is clamped.
    static let maxWorldOverhang = 0.49

    /// The features of `document` in one world-covering tile.
    public static func tile(_ document: GeoJSON) throws -> VectorTile {
        var features: [VectorTileWriter.Feature] = []
        for feature in document.features {
            guard let geometry = feature.geometry else { continue }
            var id: UInt64?
            if case .number(let number)? = feature.id, number >= 0, number < 1.8e19, number == number.rounded() { id = UInt64(number) }
            collect(geometry, properties: convert(feature.properties), id: id, into: &features)
        }
        return try VectorTile(bytes: VectorTileWriter.encode(layer: "_geojsonTileLayer", extent: extent, features: features))
    }

    static func collect(_ geometry: GeoJSON.Geometry, properties: [(key: String, value: PropertyValue)], id: UInt64?,
                        into features: inout [VectorTileWriter.Feature]) {
        switch geometry {
        case .point(let point): features.append(.init(id: id, type: .point, parts: [points([point])], properties: properties))
        case .multiPoint(let list): features.append(.init(id: id, type: .point, parts: [points(list)], properties: properties))
        case .lineString(let line): features.append(.init(id: id, type: .lineString, parts: [points(line)], properties: properties))
        case .multiLineString(let lines): features.append(.init(id: id, type: .lineString, parts: lines.map(points), properties: properties))
        case .polygon(let rings): features.append(.init(id: id, type: .polygon, parts: self.rings(rings), properties: properties))
        case .multiPolygon(let polygons):
            features.append(.init(id: id, type: .polygon, parts: polygons.flatMap(rings), properties: properties))
        case .collection(let geometries):
            for member in geometries { collect(member, properties: properties, id: id, into: &features) }
        }
    }

    static func points(_ positions: [LngLat]) -> [(x: Int64, y: Int64)] {
        positions.map { position in
            let world = WebMercator.project(position)
            // As geojson-vt does, latitudes past Web Mercator's edge sit on it (a pole projects to infinity);
            // its sine of a latitude past a pole (100°) is that of its mirror (80°), not the pole's.
            let sinLat = sin(position.lat * .pi / 180)
            let mercatorY = 0.5 - log((1 + sinLat) / (1 - sinLat)) / (4 * .pi)
            // Longitudes may run about a world past either side (±356°): farther, a step between two vertices
            // would not fit the 32-bit parameters of MVT geometry at this extent.
            let x = min(max(world.x.isFinite ? world.x : 0.5, -maxWorldOverhang), 1 + maxWorldOverhang)
            let y = min(max(mercatorY.isNaN ? 0.5 : mercatorY, 0), 1)
            return (Int64((x * Double(extent)).rounded()), Int64((y * Double(extent)).rounded()))
        }
    }

    /// Rings without their closing point, the first (exterior) with positive area in tile space and the
    /// others (holes) negative, whatever winding the GeoJSON used. A ring turned round keeps its first point,
    /// as geojson-vt's rewinding does: symbols along a ring start there, and MapLibre closes rings by
    /// repeating it (a circle or heatmap layer draws it twice).
    static func rings(_ value: [[LngLat]]) -> [[(x: Int64, y: Int64)]] {
        value.enumerated().map { index, ring in
            var points = points(ring)
            if points.count > 1, points.first! == points.last! { points.removeLast() }
            var area = 0.0
            for i in points.indices {
                let a = points[i], b = points[(i + 1) % points.count]
                area += Double(a.x) * Double(b.y) - Double(b.x) * Double(a.y)
            }
            if (index == 0) != (area > 0), points.count > 2 { points[1...].reverse() }
            return points
        }
    }

    static func convert(_ properties: [String: JSONValue]) -> [(key: String, value: PropertyValue)] {
        properties.keys.sorted().compactMap { key in
            switch properties[key] {
            case .string(let string)?: return (key, .string(string))
            case .bool(let flag)?: return (key, .bool(flag))
            case .number(let double)?: return (key, double == double.rounded() && abs(double) < 1e15 ? .int(Int64(double)) : .double(double))
            case let nested? where nested.isContainer:
                // Lists and maps stay whole (geojson-vt keeps them), as JSON text in MVT's extension field.
                return (try? JSONEncoder().encode(nested)).map { (key, .json(String(decoding: $0, as: UTF8.self))) }
            default: return nil
            }
        }
    }
}
