import Foundation
import Geo
import Testing
import StyleKit

/// The one GeoJSON reader: typed geometry for overlays and style sources, and errors that say where.
@Suite struct GeoJSONTests {
    func parse(_ text: String, _ rule: GeoJSON.PositionRule = .any) throws -> GeoJSON {
        try GeoJSON.parse(JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), positions: rule)
    }

    @Test func featuresBecomeTypedGeometry() throws {
        let document = try parse(#"""
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "id": 7, "properties": {"name": "A"}, "geometry": {"type": "LineString", "coordinates": [[24.9, 60.1], [25, 60.2, 12]]}},
          {"type": "Feature", "properties": null, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},
          {"type": "Feature", "geometry": null},
          {"type": "Feature", "geometry": {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [3, 4]}]}}
        ]}
        """#)
        #expect(document.features.count == 4)
        #expect(document.features[0].geometry == .lineString([LngLat(lng: 24.9, lat: 60.1), LngLat(lng: 25, lat: 60.2)]))
        #expect(document.features[0].properties == ["name": .string("A")] && document.features[0].id == .number(7))
        #expect(document.features[2].geometry == nil)
        #expect(document.vertexCount == 7)
        #expect(document.lines.count == 2 && document.points == [LngLat(lng: 3, lat: 4)])
        // A bare geometry is one feature.
        #expect(try parse(#"{"type": "Point", "coordinates": [1, 2]}"#).features == [GeoJSON.Feature(geometry: .point(LngLat(lng: 1, lat: 2)), properties: [:], id: nil)])
    }

    @Test func errorsNameWhereTheObjectIsWrong() throws {
        let cases: [(String, String)] = [
            (#"{"type": "Circle"}"#, #""Circle" is not a GeoJSON type"#),
            (#"{"coordinates": []}"#, #"needs a "type""#),
            (#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1]]}}]}"#,
             "features[0]: geometry: coordinates: a position must be [lng, lat] numbers"),
            (#"{"type": "MultiPolygon", "coordinates": [[[[0, 0], "x"]]]}"#, "coordinates: a position must be [lng, lat] numbers"),
            (#"{"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [0, 0]}]}"#, "features[0] is not a Feature"),
        ]
        for (text, message) in cases {
            let error = #expect(throws: GeoJSONError.self) { try parse(text) }
            #expect(error?.description == message, "\(text)")
        }
        // Overlays are places on Earth; a style's source may reach past the antimeridian.
        let outside = #"{"type": "Point", "coordinates": [190, 10]}"#
        #expect(throws: GeoJSONError.self) { try parse(outside, .geographic) }
        #expect(try parse(outside).points == [LngLat(lng: 190, lat: 10)])
    }
}
