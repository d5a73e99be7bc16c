import Foundation
import Geo
public import VectorTile

/// A GeoJSON source as one world-covering vector tile: every feature projected to Web Mercator in a
/// fine grid (extent 2^30, a small fraction of a pixel at the zooms posters and tests use), in one layer
/// named `_geojsonTileLayer` as MapLibre names it. The renderer clips to what shows, so no tiling is needed.
public enum GeoJSONTiler {
    public static let extent: UInt32 = 1 << 30
    /// How far past the world (in world widths) a longitude may reach before it is clamped.
    static let maxWorldOverhang = 0.49

    /// Reads inline GeoJSON (`data` of the source) or the file a `data` URL names.
    public static func tile(data: Any, assets: LocalAssets) throws -> VectorTile {
        var object = data
        if let url = data as? String {
            guard let file = assets.file(for: url), let bytes = FileManager.default.contents(atPath: file.path) else {
                throw RenderTestError("GeoJSON \(url) is not among the assets")
            }
            object = try JSONSerialization.jsonObject(with: bytes)
        }
        var features: [VectorTileWriter.Feature] = []
        collect(object, properties: [:], id: nil, into: &features)
        return try VectorTile(bytes: VectorTileWriter.encode(layer: "_geojsonTileLayer", extent: extent, features: features))
    }

    static func collect(_ object: Any, properties: [String: Any], id: Any?, into features: inout [VectorTileWriter.Feature]) {
        guard let json = object as? [String: Any], let type = json["type"] as? String else { return }
        switch type {
        case "FeatureCollection":
            for feature in json["features"] as? [Any] ?? [] { collect(feature, properties: [:], id: nil, into: &features) }
        case "Feature":
            if let geometry = json["geometry"] {
                collect(geometry, properties: json["properties"] as? [String: Any] ?? [:], id: json["id"], into: &features)
            }
        case "GeometryCollection":
            for geometry in json["geometries"] as? [Any] ?? [] { collect(geometry, properties: properties, id: id, into: &features) }
        default:
            let coordinates = json["coordinates"]
            let props = convert(properties)
            let featureID = (id as? NSNumber).flatMap { $0.int64Value >= 0 ? UInt64($0.int64Value) : nil }
            switch type {
            case "Point": features.append(.init(id: featureID, type: .point, parts: [points(coordinates.map { [$0] })], properties: props))
            case "MultiPoint": features.append(.init(id: featureID, type: .point, parts: [points(coordinates)], properties: props))
            case "LineString": features.append(.init(id: featureID, type: .lineString, parts: [points(coordinates)], properties: props))
            case "MultiLineString":
                features.append(.init(id: featureID, type: .lineString, parts: (coordinates as? [Any] ?? []).map(points), properties: props))
            case "Polygon": features.append(.init(id: featureID, type: .polygon, parts: rings(coordinates), properties: props))
            case "MultiPolygon":
                features.append(.init(id: featureID, type: .polygon, parts: (coordinates as? [Any] ?? []).flatMap(rings), properties: props))
            default: break
            }
        }
    }

    static func points(_ value: Any?) -> [(x: Int64, y: Int64)] {
        (value as? [Any] ?? []).compactMap { item in
            guard let pair = item as? [Any], pair.count >= 2, let lng = (pair[0] as? NSNumber)?.doubleValue,
                  let lat = (pair[1] as? NSNumber)?.doubleValue, lng.isFinite, lat.isFinite else { return nil }
            let world = WebMercator.project(LngLat(lng: lng, lat: lat))
            // As geojson-vt does, latitudes past Web Mercator's edge sit on it (a pole projects to infinity).
            // Longitudes may run about a world past either side (±356°): farther, a step between two vertices
            // would not fit the 32-bit parameters of MVT geometry at this extent.
            let x = min(max(world.x.isFinite ? world.x : 0.5, -maxWorldOverhang), 1 + maxWorldOverhang)
            let y = min(max(world.y.isNaN ? 0.5 : world.y, 0), 1)
            return (Int64((x * Double(extent)).rounded()), Int64((y * Double(extent)).rounded()))
        }
    }

    /// Rings without their closing point, the first (exterior) with positive area in tile space and the
    /// others (holes) negative, whatever winding the GeoJSON used.
    static func rings(_ value: Any?) -> [[(x: Int64, y: Int64)]] {
        (value as? [Any] ?? []).enumerated().map { index, ring in
            var points = points(ring)
            if points.count > 1, points.first! == points.last! { points.removeLast() }
            var area = 0.0
            for i in points.indices {
                let a = points[i], b = points[(i + 1) % points.count]
                area += Double(a.x) * Double(b.y) - Double(b.x) * Double(a.y)
            }
            if (index == 0) != (area > 0) { points.reverse() }
            return points
        }
    }

    static func convert(_ properties: [String: Any]) -> [(key: String, value: PropertyValue)] {
        properties.keys.sorted().compactMap { key in
            switch properties[key] {
            case let string as String: return (key, .string(string))
            case let number as NSNumber:
                // JSON booleans arrive as NSNumbers of type char.
                if String(cString: number.objCType) == "c" { return (key, .bool(number.boolValue)) }
                let double = number.doubleValue
                return (key, double == double.rounded() && abs(double) < 1e15 ? .int(Int64(double)) : .double(double))
            default: return nil
            }
        }
    }
}
