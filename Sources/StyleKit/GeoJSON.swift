public import Geo

/// A GeoJSON object (RFC 7946) read into typed geometry: the one GeoJSON reader, for a request's overlays
/// and for a style's `geojson` sources alike.
public struct GeoJSON: Sendable, Hashable {
    /// A geometry and its positions (longitude, latitude; a third element, the altitude, is dropped).
    public indirect enum Geometry: Sendable, Hashable {
        case point(LngLat)
        case multiPoint([LngLat])
        case lineString([LngLat])
        case multiLineString([[LngLat]])
        /// Rings, the exterior first.
        case polygon([[LngLat]])
        case multiPolygon([[[LngLat]]])
        case collection([Geometry])
    }

    /// A feature: its geometry (nil for a feature without one), properties and id.
    public struct Feature: Sendable, Hashable {
        public var geometry: Geometry?
        public var properties: [String: JSONValue]
        public var id: JSONValue?

        public init(geometry: Geometry?, properties: [String: JSONValue] = [:], id: JSONValue? = nil) {
            self.geometry = geometry
            self.properties = properties
            self.id = id
        }
    }

    /// The features; a bare geometry is one feature without properties.
    public var features: [Feature]
    /// Positions in all geometries.
    public var vertexCount: Int

    /// How positions are checked: `.geographic` requires longitudes within ±180° and latitudes within ±90°
    /// (a request's overlays); `.any` takes every finite number (a style's source, as MapLibre does,
    /// which clamps when it projects).
    public enum PositionRule: Sendable { case geographic, any }

    /// Reads `value`; the error names where the object is malformed (`features[2]: geometry: …`).
    public static func parse(_ value: JSONValue, positions rule: PositionRule = .any) throws(GeoJSONError) -> GeoJSON {
        guard case .object(let object) = value else { throw GeoJSONError("must be a GeoJSON object") }
        var reader = Reader(rule: rule)
        let features = try reader.object(object)
        return GeoJSON(features: features, vertexCount: reader.vertices)
    }

    /// Every line: line strings and polygon rings (with two positions or more).
    public var lines: [[LngLat]] {
        var result: [[LngLat]] = []
        func visit(_ geometry: Geometry) {
            switch geometry {
            case .point, .multiPoint: break
            case .lineString(let line): result.append(line)
            case .multiLineString(let lines), .polygon(let lines): result += lines
            case .multiPolygon(let polygons): for polygon in polygons { result += polygon }
            case .collection(let geometries): geometries.forEach(visit)
            }
        }
        for feature in features { feature.geometry.map(visit) }
        return result.filter { $0.count >= 2 }
    }

    /// Every point of the point geometries.
    public var points: [LngLat] {
        var result: [LngLat] = []
        func visit(_ geometry: Geometry) {
            switch geometry {
            case .point(let point): result.append(point)
            case .multiPoint(let points): result += points
            case .collection(let geometries): geometries.forEach(visit)
            default: break
            }
        }
        for feature in features { feature.geometry.map(visit) }
        return result
    }

    private struct Reader {
        let rule: PositionRule
        var vertices = 0

        mutating func object(_ object: [String: JSONValue]) throws(GeoJSONError) -> [Feature] {
            guard case .string(let type)? = object["type"] else { throw GeoJSONError("needs a \"type\"") }
            switch type {
            case "FeatureCollection":
                guard case .array(let items)? = object["features"] else { throw GeoJSONError("a FeatureCollection needs a \"features\" array") }
                var features: [Feature] = []
                for (i, item) in items.enumerated() {
                    guard case .object(let feature) = item, case .string("Feature")? = feature["type"] else {
                        throw GeoJSONError("features[\(i)] is not a Feature")
                    }
                    do {
                        features += try self.object(feature)
                    } catch {
                        throw error.inside("features[\(i)]")
                    }
                }
                return features
            case "Feature":
                var properties: [String: JSONValue] = [:]
                switch object["properties"] {
                case .object(let values)?: properties = values
                case .null?, nil: break
                default: throw GeoJSONError("a Feature's properties must be an object or null")
                }
                switch object["geometry"] {
                case .object(let geometry)?:
                    do {
                        return [Feature(geometry: try self.geometry(geometry), properties: properties, id: object["id"])]
                    } catch {
                        throw error.inside("geometry")
                    }
                case .null?, nil: return [Feature(geometry: nil, properties: properties, id: object["id"])]
                default: throw GeoJSONError("a Feature's geometry must be an object or null")
                }
            default:
                return [Feature(geometry: try geometry(object), properties: [:], id: nil)]
            }
        }

        mutating func geometry(_ object: [String: JSONValue]) throws(GeoJSONError) -> Geometry {
            guard case .string(let type)? = object["type"] else { throw GeoJSONError("needs a \"type\"") }
            if type == "GeometryCollection" {
                guard case .array(let items)? = object["geometries"] else { throw GeoJSONError("a GeometryCollection needs \"geometries\"") }
                var geometries: [Geometry] = []
                for (i, item) in items.enumerated() {
                    guard case .object(let geometry) = item else { throw GeoJSONError("geometries[\(i)] is not an object") }
                    do {
                        geometries.append(try self.geometry(geometry))
                    } catch {
                        throw error.inside("geometries[\(i)]")
                    }
                }
                return .collection(geometries)
            }
            guard ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"].contains(type) else {
                throw GeoJSONError("\"\(type)\" is not a GeoJSON type")
            }
            guard let coordinates = object["coordinates"] else { throw GeoJSONError("a \(type) needs \"coordinates\"") }
            do {
                switch type {
                case "Point": return .point(try position(coordinates))
                case "MultiPoint": return .multiPoint(try line(coordinates))
                case "LineString": return .lineString(try line(coordinates))
                case "MultiLineString": return .multiLineString(try list(coordinates) { (r: inout Reader, v) throws(GeoJSONError) in try r.line(v) })
                case "Polygon": return .polygon(try list(coordinates) { (r: inout Reader, v) throws(GeoJSONError) in try r.line(v) })
                default:
                    return .multiPolygon(try list(coordinates) { (r: inout Reader, polygon) throws(GeoJSONError) in
                        try r.list(polygon) { (r: inout Reader, v) throws(GeoJSONError) in try r.line(v) }
                    })
                }
            } catch {
                throw error.inside("coordinates")
            }
        }

        mutating func list<T>(_ value: JSONValue, _ item: (inout Reader, JSONValue) throws(GeoJSONError) -> T) throws(GeoJSONError) -> [T] {
            guard case .array(let items) = value else { throw GeoJSONError("expected an array") }
            var result: [T] = []
            result.reserveCapacity(items.count)
            for element in items { result.append(try item(&self, element)) }
            return result
        }

        mutating func line(_ value: JSONValue) throws(GeoJSONError) -> [LngLat] {
            try list(value) { (r: inout Reader, v) throws(GeoJSONError) in try r.position(v) }
        }

        mutating func position(_ value: JSONValue) throws(GeoJSONError) -> LngLat {
            guard case .array(let items) = value, items.count >= 2, case .number(let lng) = items[0], case .number(let lat) = items[1],
                  lng.isFinite, lat.isFinite else {
                throw GeoJSONError(rule == .geographic ? "a position must be [lng, lat] within -180..180, -90..90" : "a position must be [lng, lat] numbers")
            }
            if rule == .geographic, !(-180...180).contains(lng) || !(-90...90).contains(lat) {
                throw GeoJSONError("a position must be [lng, lat] within -180..180, -90..90")
            }
            vertices += 1
            return LngLat(lng: lng, lat: lat)
        }
    }
}

/// Why a GeoJSON object cannot be read, with where (`features[2]: geometry: coordinates: …`).
public struct GeoJSONError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path inside the object, outermost first.
    public let path: [String]
    public let reason: String

    init(_ reason: String, path: [String] = []) {
        self.reason = reason
        self.path = path
    }

    func inside(_ component: String) -> GeoJSONError { GeoJSONError(reason, path: [component] + path) }

    public var description: String { (path + [reason]).joined(separator: ": ") }
}
