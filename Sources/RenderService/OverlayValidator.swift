import Foundation
import Geo
import PosterPipeline
import PosterRenderer
import StyleKit

/// Checks a request's overlays (GPX tracks and routes, GeoJSON features, markers) against the vertex limit
/// and returns what is drawn: GPX lines and GeoJSON lines and polygon outlines as routes, GeoJSON points
/// and the markers as markers.
struct OverlayValidator {
    let maxVertices: Int

    func validate(_ overlays: [String: JSONValue], _ r: inout FieldReader) -> (markers: [PosterDesign.Marker], routes: [PosterDesign.Route]) {
        var markers: [PosterDesign.Marker] = []
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
            do {
                let document = try GeoJSON.parse(geojson, positions: .geographic)
                if document.vertexCount > maxVertices {
                    r.fail("overlays.geojson", "has \(document.vertexCount) vertices; the limit is \(maxVertices)")
                } else {
                    routeLines += document.lines.map { $0.map { [$0.lng, $0.lat] } }
                    markers += document.points.map { PosterDesign.Marker(position: $0, shape: .dot) }
                }
            } catch {
                r.fail("overlays.geojson", error.description)
            }
        }
        if let list = r.array(overlays["markers"], "overlays.markers", maxCount: PosterLimits.markerCount) {
            for (i, marker) in list.enumerated() {
                let path = "overlays.markers[\(i)]"
                guard let object = r.object(marker, path, required: true) else { continue }
                r.allowOnly(object, path: path, ["lat", "lng", "label", "color", "shape", "size"])
                let lat = PosterRequestParser.latitude(object["lat"], "\(path).lat", &r, required: true)
                let lng = r.number(object["lng"], "\(path).lng", in: PosterLimits.longitude, required: true)
                let label = r.string(object["label"], "\(path).label", maxLength: PosterLimits.markerLabelLength)
                let color = r.color(object["color"], "\(path).color")
                let shape = r.choice(object["shape"], "\(path).shape", PosterDesign.Marker.Shape.self)
                let size = r.number(object["size"], "\(path).size", in: PosterLimits.markerSizePercent)
                if let lat, let lng {
                    markers.append(PosterDesign.Marker(position: LngLat(lng: lng, lat: lat), shape: shape ?? .pin, color: color,
                                                       size: (size ?? 4) / 100, label: label ?? ""))
                }
            }
        }
        var routes: [PosterDesign.Route] = []
        if !routeLines.isEmpty {
            var route = PosterDesign.Route(lines: routeLines.map { $0.map { LngLat(lng: $0[0], lat: $0[1]) } })
            if let style = r.object(overlays["route"], "overlays.route") {
                r.allowOnly(style, path: "overlays.route", ["color", "width", "distance_labels"])
                route.color = r.color(style["color"], "overlays.route.color")
                if let width = r.number(style["width"], "overlays.route.width", in: PosterLimits.routeWidthPermille) { route.width = width / 1000 }
                route.distanceLabels = r.bool(style["distance_labels"], "overlays.route.distance_labels") ?? false
            }
            routes = [route]
        }
        return (markers, routes)
    }
}
