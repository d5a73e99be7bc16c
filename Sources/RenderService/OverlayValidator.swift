import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import StyleKit

/// Checks a request's overlays (GPX track, GeoJSON, markers) against the vertex limits and returns the
/// markers, which are drawn. GPX and GeoJSON overlays are not drawn yet, so a valid, non-empty one is
/// reported as unsupported (422) rather than silently dropped.
struct OverlayValidator {
    let maxVertices: Int

    func validate(_ overlays: [String: JSONValue], _ r: inout FieldReader) -> [OrderLayout.Marker]? {
        var result: [OrderLayout.Marker]?
        r.allowOnly(overlays, path: "overlays", ["gpx", "geojson", "markers"])
        var present = false
        if let gpx = r.string(overlays["gpx"], "overlays.gpx", maxLength: 50_000_000) {
            switch GPXPointCounter.count(gpx) {
            case .success(let points):
                if points > maxVertices { r.fail("overlays.gpx", "has \(points) points; the limit is \(maxVertices)") }
                present = present || points > 0
            case .failure(let reason):
                r.fail("overlays.gpx", "is not GPX: \(reason)")
            }
        }
        if let geojson = overlays["geojson"], geojson != .null {
            if case .object(let object) = geojson {
                var vertices = 0
                if let reason = Self.geoJSONProblem(object, vertices: &vertices, depth: 0) {
                    r.fail("overlays.geojson", reason)
                } else if vertices > maxVertices {
                    r.fail("overlays.geojson", "has \(vertices) vertices; the limit is \(maxVertices)")
                }
                present = true
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
        if present { r.unsupported("overlays", "GPX and GeoJSON overlays are validated but not drawn yet; send the poster without them (markers are drawn)") }
        return result
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

/// Counts track, route and way points in a GPX document with a real XML parser.
enum GPXPointCounter {
    static func count(_ text: String) -> Result<Int, GPXError> {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse() else {
            return .failure(GPXError(reason: parser.parserError.map { "\($0.localizedDescription) at line \(parser.lineNumber)" } ?? "unreadable XML"))
        }
        guard delegate.sawRoot else { return .failure(GPXError(reason: "the root element is not <gpx>")) }
        // Some XML parsers accept a document that ends inside an element; GPX cut short is not a track.
        guard delegate.openElements == 0 else { return .failure(GPXError(reason: "the document ends before its elements are closed")) }
        return .success(delegate.points)
    }

    struct GPXError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var points = 0
        var sawRoot = false
        private var depth = 0
        var openElements: Int { depth }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if depth == 0 { sawRoot = elementName == "gpx" }
            depth += 1
            if elementName == "trkpt" || elementName == "rtept" || elementName == "wpt" { points += 1 }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
        }
    }
}
