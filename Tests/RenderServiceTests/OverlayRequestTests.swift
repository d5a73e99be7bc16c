import Foundation
import Geo
import PosterRenderer
import Testing
@testable import RenderService

/// A request's overlays reach the poster: GPX tracks and GeoJSON lines as a route, GeoJSON points as
/// markers, and `camera.fit_overlays` frames the map on them.
@Suite struct OverlayRequestTests {
    let parser = PosterRequestParser(limits: RequestLimits(ServiceConfiguration()), styles: ["minimal": []], toggles: [:])

    @Test func overlaysBecomeRoutesAndMarkersAndCanFrameTheMap() throws {
        let gpx = #"<gpx><trk><trkseg><trkpt lat=\"60.16\" lon=\"24.93\"/><trkpt lat=\"60.18\" lon=\"24.96\"/></trkseg></trk></gpx>"#
        let body = """
        {"location": {"lat": 60.17, "lng": 24.94}, "camera": {"fit_overlays": true},
         "overlays": {"gpx": "\(gpx)", "route": {"color": "#0055AA", "width": 6, "distance_labels": true},
                      "geojson": {"type": "FeatureCollection", "features": [
                        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[24.95, 60.17], [24.95, 60.175]]}},
                        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [24.945, 60.172]}}]}}}
        """
        let order = try parser.parse(Array(body.utf8))
        let design = order.poster.spec.design
        #expect(design.routes.count == 1)
        #expect(design.routes[0].lines.count == 2)  // the GPX segment and the GeoJSON line
        #expect(design.routes[0].lines[0] == [LngLat(lng: 24.93, lat: 60.16), LngLat(lng: 24.96, lat: 60.18)])
        #expect(design.routes[0].width == 0.006 && design.routes[0].distanceLabels)
        #expect(design.markers.map(\.shape) == [.dot])
        // Framed on the overlays with 8% to spare.
        let bounds = try #require(order.poster.bounds)
        #expect(abs(bounds.west - (24.93 - 0.03 * 0.08)) < 1e-9)
        #expect(abs(bounds.north - (60.18 + 0.02 * 0.08)) < 1e-9)
    }
}
