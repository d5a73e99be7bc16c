import Foundation
import StyleKit
import Testing
import VectorTile
@testable import PosterRenderer

/// GeoJSON sources come from styles anyone may write: no coordinate may crash the tiler (the fuzzer found
/// one: a longitude whose grid position overflowed Int64 and trapped).
@Suite struct GeoJSONTilerTests {
    @Test func extremeCoordinatesAreClampedNotTrapped() throws {
        let geojson = #"""
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
           "coordinates": [[1e300, 10], [10, 1e300], [-1e300, -1e300], [0, 90], [0, -90], [1e19, 0], [24.94, 60.17]]}}
        ]}
        """#
        let object = try JSONDecoder().decode(JSONValue.self, from: Data(geojson.utf8))
        let tile = try GeoJSONTiler.tile(GeoJSON.parse(object))
        let feature = try #require(try tile.layers.first?.features().features.first)
        var points = PointCollector()
        try feature.decodeGeometry(into: &points)
        let extent = Double(GeoJSONTiler.extent)
        // Longitudes at most 0.49 worlds out (±356.4°); latitudes on Web Mercator's edge (y 0 north, 1 south).
        let xs = points.points.map { (Double($0.x) / extent * 1000).rounded() / 1000 }
        let ys = points.points.map { (Double($0.y) / extent * 1000).rounded() / 1000 }
        #expect(xs == [1.49, 0.528, -0.49, 0.5, 0.5, 1.49, 0.569])
        #expect(ys == [0.472, 0, 1, 0, 1, 0.5, 0.289])
    }

    @Test func listAndMapPropertiesStayWholeForExpressions() throws {
        // geojson-vt keeps a property's list or map; `in` and `get` read it as such.
        let geojson = #"""
        {"type": "Feature", "properties": {"number": [5, 7], "tags": {"a": "b"}, "name": "x"},
         "geometry": {"type": "Point", "coordinates": [24.94, 60.17]}}
        """#
        let object = try JSONDecoder().decode(JSONValue.self, from: Data(geojson.utf8))
        let tile = try GeoJSONTiler.tile(GeoJSON.parse(object))
        let feature = try #require(try tile.layers.first?.features().features.first)
        let context = TileFeatureContext(feature: feature)
        #expect(context.property("number") == .array([.number(5), .number(7)]))
        #expect(context.property("tags") == .object(["a": .string("b")]))
        #expect(context.property("name") == .string("x"))
        #expect(feature.property("number") == .json("[5,7]"))
    }
}

/// Collects a feature's vertices.
struct PointCollector: GeometryVisitor {
    var points: [(x: Int32, y: Int32)] = []
    mutating func moveTo(x: Int32, y: Int32) { points.append((x, y)) }
    mutating func lineTo(x: Int32, y: Int32) { points.append((x, y)) }
    mutating func closePath() {}
}
