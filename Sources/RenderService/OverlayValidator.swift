import Foundation
import Geo
import StyleKit

/// Checks a request's overlays (GPX tracks and routes, GeoJSON features, markers) against the vertex limit
/// and returns what is drawn: GPX lines and GeoJSON lines and polygon outlines as routes, GeoJSON points
/// and the markers as markers.
struct OverlayValidator {
    let maxVertices: Int

    func validate(_ overlays: [String: JSONValue], _ r: inout FieldReader) -> (markers: [OrderLayout.Marker]?, routes: [OrderLayout.Route]?) {
        var result: [OrderLayout.Marker]?
        var routeLines: [[[Double]]] = []
        r.allowOnly(overlays, path: "overlays", ["gpx", "geojson", "markers", "route"])
        if let gpx = r.string(overlays["gpx"], "overlays.gpx", maxLength: 50_000_000) {
            do {
                let document = try GPXDocument.parse(Data(gpx.utf8), maxPoints: maxVertices)
                routeLines += document.lines.filter { $0.count >= 2 }.map { $0.map { [$0.position.lng, $0.position.lat] } }
            } catch {
                r.fail("overlays.gpx", error.reason.hasPrefix("has more than") ? "\(error.reason); the limit is \(maxVertices)" : "is not GPX: \(error.reason)")
            }
        }
        if let geojson = overlays["geojson"], geojson != .null {
            if case .object(let object) = geojson {
                var vertices = 0
                if let reason = Self.geoJSONProblem(object, vertices: &vertices, depth: 0) {
                    r.fail("overlays.geojson", reason)
                } else if vertices > maxVertices {
                    r.fail("overlays.geojson", "has \(vertices) vertices; the limit is \(maxVertices)")
                } else {
                    var points: [[Double]] = []
                    Self.collect(.object(object), lines: &routeLines, points: &points)
                    result = (result ?? []) + points.map { OrderLayout.Marker(lat: $0[1], lng: $0[0], shape: "dot", label: nil, color: nil, size: nil) }
                }
            } else {
                r.fail("overlays.geojson", "must be a GeoJSON object, not \(FieldReader.kind(geojson))")
            }
        }
        if let markers = r.array(overlays["markers"], "overlays.markers", maxCount: 1000) {
            for (i, marker) in markers.enumerated() {
                let path = "overlays.markers[\(i)]"
                guard let object = r.object(marker, path, required: true) else { continue }
                r.allowOnly(object, path: path, ["lat", "lng", "label", "color", "shape", "size"])
                let lat = r.number(object["lat"], "\(path).lat", in: -PosterRequestParser.maxLatitude...PosterRequestParser.maxLatitude, required: true)
                let lng = r.number(object["lng"], "\(path).lng", in: -180...180, required: true)
                let label = r.string(object["label"], "\(path).label", maxLength: 200)
                var color = r.string(object["color"], "\(path).color", maxLength: 7)
                if let c = color, !PosterRequestParser.isHexColor(c) {
                    r.fail("\(path).color", "\"\(c)\" is not a #rrggbb colour")
                    color = nil
                }
                let shape = r.oneOf(object["shape"], "\(path).shape", ["pin", "dot", "ring", "crosshair", "heart", "home"])
                let size = r.number(object["size"], "\(path).size", in: 0.5...20)
                if let lat, let lng {
                    result = (result ?? []) + [OrderLayout.Marker(lat: lat, lng: lng, shape: shape, label: label, color: color?.lowercased(), size: size)]
                }
            }
        }
        var routes: [OrderLayout.Route]?
        if !routeLines.isEmpty {
            var route = OrderLayout.Route(lines: routeLines)
            if let style = r.object(overlays["route"], "overlays.route") {
                r.allowOnly(style, path: "overlays.route", ["color", "width", "distance_labels"])
                if let color = r.string(style["color"], "overlays.route.color", maxLength: 7) {
                    if PosterRequestParser.isHexColor(color) { route.color = color.lowercased() } else { r.fail("overlays.route.color", "\"\(color)\" is not a #rrggbb colour") }
                }
                route.width = r.number(style["width"], "overlays.route.width", in: 0.5...50)
                route.distanceLabels = r.bool(style["distance_labels"], "overlays.route.distance_labels")
            }
            routes = [route]
        }
        return (result, routes)
    }

    /// The lines (LineStrings, polygon rings) and points of a valid GeoJSON object, as [lng, lat] pairs.
    static func collect(_ value: JSONValue, lines: inout [[[Double]]], points: inout [[Double]]) {
        guard case .object(let object) = value, case .string(let type)? = object["type"] else { return }
        func position(_ v: JSONValue) -> [Double]? {
            guard case .array(let p) = v, p.count >= 2, case .number(let lng) = p[0], case .number(let lat) = p[1] else { return nil }
            return [lng, lat]
        }
        func line(_ v: JSONValue) -> [[Double]] {
            guard case .array(let items) = v else { return [] }
            return items.compactMap(position)
        }
        func list(_ v: JSONValue?) -> [JSONValue] {
            if case .array(let items)? = v { return items }
            return []
        }
        switch type {
        case "FeatureCollection": for f in list(object["features"]) { collect(f, lines: &lines, points: &points) }
        case "Feature": if let g = object["geometry"] { collect(g, lines: &lines, points: &points) }
        case "GeometryCollection": for g in list(object["geometries"]) { collect(g, lines: &lines, points: &points) }
        case "Point": if let c = object["coordinates"], let p = position(c) { points.append(p) }
        case "MultiPoint": points += list(object["coordinates"]).compactMap(position)
        case "LineString": if let c = object["coordinates"] { lines.append(line(c)) }
        case "MultiLineString", "Polygon": lines += list(object["coordinates"]).map(line)
        case "MultiPolygon": for polygon in list(object["coordinates"]) { lines += list(polygon).map(line) }
        default: break
        }
        lines.removeAll { $0.count < 2 }
    }

    static let geometryTypes: Set<String> = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"]

    /// Why a GeoJSON object is malformed, or nil; counts its vertices as it goes.
    static func geoJSONProblem(_ object: [String: JSONValue], vertices: inout Int, depth: Int) -> String? {
        guard case .string(let type)? = object["type"] else { return "needs a \"type\"" }
        switch type {
        case "FeatureCollection":
            guard case .array(let features)? = object["features"] else { return "a FeatureCollection needs a \"features\" array" }
            for (i, feature) in features.enumerated() {
                guard case .object(let f) = feature else { return "features[\(i)] is not an object" }
                if let problem = geoJSONProblem(f, vertices: &vertices, depth: depth + 1) { return "features[\(i)]: \(problem)" }
            }
        case "Feature":
            switch object["geometry"] {
            case .object(let geometry)?: return geoJSONProblem(geometry, vertices: &vertices, depth: depth + 1).map { "geometry: \($0)" }
            case .null?, nil: return nil
            default: return "a Feature's geometry must be an object or null"
            }
        case "GeometryCollection":
            guard case .array(let geometries)? = object["geometries"] else { return "a GeometryCollection needs \"geometries\"" }
            for (i, geometry) in geometries.enumerated() {
                guard case .object(let g) = geometry else { return "geometries[\(i)] is not an object" }
                if let problem = geoJSONProblem(g, vertices: &vertices, depth: depth + 1) { return "geometries[\(i)]: \(problem)" }
            }
        case _ where geometryTypes.contains(type):
            guard let coordinates = object["coordinates"] else { return "a \(type) needs \"coordinates\"" }
            let expected = ["Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3][type] ?? 0
            if let problem = positions(coordinates, nesting: expected, vertices: &vertices) { return "coordinates: \(problem)" }
        default:
            return "\"\(type)\" is not a GeoJSON type"
        }
        return nil
    }

    private static func positions(_ value: JSONValue, nesting: Int, vertices: inout Int) -> String? {
        guard case .array(let items) = value else { return "expected an array" }
        if nesting == 0 {
            guard items.count >= 2, items.count <= 3, case .number(let lng) = items[0], case .number(let lat) = items[1],
                  (-180...180).contains(lng), (-90...90).contains(lat) else {
                return "a position must be [lng, lat] within -180..180, -90..90"
            }
            vertices += 1
            return nil
        }
        for item in items {
            if let problem = positions(item, nesting: nesting - 1, vertices: &vertices) { return problem }
        }
        return nil
    }
}
