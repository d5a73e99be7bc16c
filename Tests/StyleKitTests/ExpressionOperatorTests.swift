import Foundation
import Geo
import Testing
@testable import StyleKit

/// The operators and semantics that took StyleKit through MapLibre's whole expression suite, each with an
/// exact answer (distances to a millimetre: the feature's position is rounded to its tile's grid first).
@Suite struct ExpressionOperatorTests {
    static func json(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }

    static func compile(_ text: String, expected: ExpressionType? = nil) throws -> any StyleKit.Expression {
        try ExpressionParser.compile(json(text), expected: expected).get()
    }

    static func evaluate(_ text: String, _ context: EvaluationContext = EvaluationContext()) throws -> StyleValue {
        try compile(text).evaluate(context)
    }

    /// A feature at `positions` (one point each for "Point", one line otherwise) as the renderer would give
    /// it: in the coordinates of the zoom-20 tile holding the first position.
    static func feature(_ type: String, _ positions: [LngLat]) -> EvaluationContext {
        let world = TileCoordinates.world(positions[0], zoom: 20)
        let tile = TileID(z: 20, x: Int(world.x / TileCoordinates.extent), y: Int(world.y / TileCoordinates.extent))
        let points = positions.map { TileCoordinates.local($0, in: tile) }
        var context = EvaluationContext(geometryType: type)
        context.canonicalID = tile
        context.tileGeometry = type == "Point" ? points.map { [$0] } : [points]
        return context
    }

    @Test func roundTakesHalvesAwayFromZero() throws {
        #expect(try Self.evaluate(#"["round", -2.5]"#) == .number(-3))
        #expect(try Self.evaluate(#"["round", 2.5]"#) == .number(3))
        #expect(try Self.evaluate(#"["round", -2.4]"#) == .number(-2))
        #expect(try Self.evaluate(#"["round", -0.5]"#) == .number(-1))
    }

    @Test func indexOfCountsANegativeStartBackFromTheEndOfAnArray() throws {
        #expect(try Self.evaluate(#"["index-of", 1, ["literal", [1, 2, 1]], -1]"#) == .number(2))
        #expect(try Self.evaluate(#"["index-of", 1, ["literal", [1, 2, 1]], -10]"#) == .number(0))
        // Strings take a negative start as 0.
        #expect(try Self.evaluate(#"["index-of", "a", "aba", -1]"#) == .number(0))
    }

    @Test func getAndHasOnAnObjectAreNotFeatureDependent() throws {
        let get = try Self.compile(#"["get", "x", ["literal", {"x": 7}]]"#)
        #expect(get.isFeatureConstant)
        #expect(get is Literal)
        #expect(try get.evaluate(EvaluationContext()) == .number(7))
        #expect(try Self.compile(#"["has", "x", ["literal", {"x": 7}]]"#).isFeatureConstant)
        #expect(try !Self.compile(#"["get", "x"]"#).isFeatureConstant)
    }

    @Test func collatorComparesCaseAndDiacriticsAsAsked() throws {
        #expect(try Self.evaluate(#"["==", "Straße", "STRASSE", ["collator", {"case-sensitive": false}]]"#) == .bool(true))
        #expect(try Self.evaluate(#"["==", "abc", "ABC", ["collator", {"case-sensitive": false}]]"#) == .bool(true))
        #expect(try Self.evaluate(#"["==", "abc", "ABC", ["collator", {"case-sensitive": true}]]"#) == .bool(false))
        #expect(try Self.evaluate(#"["==", "café", "cafe", ["collator", {}]]"#) == .bool(true))
        #expect(try Self.evaluate(#"["==", "café", "cafe", ["collator", {"diacritic-sensitive": true}]]"#) == .bool(false))
        #expect(try Self.evaluate(#"["!=", "a", "A", ["collator", {"case-sensitive": true}]]"#) == .bool(true))
        // Without a collator strings order by code unit ("B" before "a"); with one, alphabetically, and a
        // lower-case letter before its capital.
        #expect(try Self.evaluate(#"["<", "a", "B"]"#) == .bool(false))
        #expect(try Self.evaluate(#"["<", "a", "B", ["collator", {}]]"#) == .bool(true))
        #expect(try Self.evaluate(#"["<", "a", "A", ["collator", {"case-sensitive": true}]]"#) == .bool(true))
        // German search collation: ü is ue; Swedish puts ä after z.
        #expect(try Self.evaluate(#"["==", "Müller", "Mueller", ["collator", {"locale": "de"}]]"#) == .bool(true))
        #expect(try Self.evaluate(#"[">", "ä", "z", ["collator", {"locale": "sv"}]]"#) == .bool(true))
        #expect(try Self.evaluate(#"[">", "ä", "z", ["collator", {"locale": "en"}]]"#) == .bool(false))
    }

    @Test func collatorsAreNeverFoldedAndResolveTheirLocale() throws {
        let comparison = try Self.compile(#"["==", "a", "A", ["collator", {}]]"#)
        #expect(!(comparison is Literal))
        #expect(comparison.isFeatureConstant && comparison.isZoomConstant)
        #expect(try Self.evaluate(#"["resolved-locale", ["collator", {"locale": "EN-gb"}]]"#) == .string("en-GB"))
        #expect(try Self.evaluate(#"["resolved-locale", ["collator", {"locale": "dk"}]]"#) == .string(Collator.defaultLocale))
        #expect(try Self.evaluate(#"["resolved-locale", ["collator", {}]]"#) == .string("en-US"))
        let errors = ExpressionParser.compile(Self.json(#"["<", 1, 2, ["collator", {}]]"#), expected: nil)
        #expect(throws: ExpressionCompileErrors.self) { try errors.get() }
    }

    @Test func imageIsAvailableWhenTheStyleHasIt() throws {
        let image = try Self.compile(#"["image", ["concat", "park", "-15"]]"#)
        #expect(!(image is Literal))
        var context = EvaluationContext()
        #expect(try image.evaluate(context) == .image(ResolvedImage(name: "park-15", available: false)))
        context.availableImages = ["park-15"]
        #expect(try image.evaluate(context) == .image(ResolvedImage(name: "park-15", available: true)))
        #expect(try Self.evaluate(#"["image", ""]"#) == .null)
        // Coalesce passes over images the style lacks.
        #expect(try Self.compile(#"["coalesce", ["image", "a"], ["image", "park-15"]]"#).evaluate(context)
                == .image(ResolvedImage(name: "park-15", available: true)))
    }

    static let square = #"{"type": "Polygon", "coordinates": [[[0, 0], [0, 0.01], [0.01, 0.01], [0.01, 0], [0, 0]]]}"#

    @Test func withinTakesPointsAndLinesStrictlyInsideThePolygon() throws {
        let within = try Self.compile(#"["within", \#(Self.square)]"#)
        #expect(!within.isFeatureConstant)
        #expect(try within.evaluate(Self.feature("Point", [LngLat(lng: 0.005, lat: 0.005)])) == .bool(true))
        #expect(try within.evaluate(Self.feature("Point", [LngLat(lng: 0.005, lat: 0.005), LngLat(lng: 0.02, lat: 0.005)])) == .bool(false))
        #expect(try within.evaluate(Self.feature("LineString", [LngLat(lng: 0.002, lat: 0.002), LngLat(lng: 0.008, lat: 0.008)])) == .bool(true))
        #expect(try within.evaluate(Self.feature("LineString", [LngLat(lng: 0.005, lat: 0.005), LngLat(lng: 0.015, lat: 0.005)])) == .bool(false))
        // A polygon feature, or a feature without its tile geometry, is never within.
        #expect(try within.evaluate(Self.feature("Polygon", [LngLat(lng: 0.005, lat: 0.005)])) == .bool(false))
        #expect(try within.evaluate(EvaluationContext(geometryType: "Point")) == .bool(false))
    }

    @Test func distanceMeasuresMetresWithCheapRuler() throws {
        let toPoint = try Self.compile(#"["distance", {"type": "Point", "coordinates": [0.0005, 0.0015]}]"#)
        guard case .number(let metres) = try toPoint.evaluate(Self.feature("Point", [LngLat(lng: 0.0005, lat: 0.0005)])) else {
            Issue.record("distance is not a number")
            return
        }
        // A thousandth of a degree of latitude at the equator on the WGS84 ellipsoid.
        #expect(abs(metres - 110.5764) < 0.001)
        let toSquare = try Self.compile(#"["distance", \#(Self.square)]"#)
        #expect(try toSquare.evaluate(Self.feature("Point", [LngLat(lng: 0.005, lat: 0.005)])) == .number(0))
        guard case .number(let outside) = try toSquare.evaluate(Self.feature("Point", [LngLat(lng: 0.0105, lat: 0.005)])) else {
            Issue.record("distance is not a number")
            return
        }
        #expect(abs(outside - 55.66) < 0.01)
        guard case .number(let none) = try toSquare.evaluate(EvaluationContext(geometryType: "Point")) else { return }
        #expect(none.isNaN)
    }

    @Test func hugeAndInvalidCoordinatesNeverTrap() throws {
        let distance = try Self.compile(#"["distance", {"type": "LineString", "coordinates": [[1e308, -1e308], [-1e308, 1e308]]}]"#)
        let within = try Self.compile(#"["within", {"type": "Polygon", "coordinates": [[[1e308, 0], [0, 1e308], [-1e308, -1e308], [1e308, 0]]]}]"#)
        for tile in [TileID(z: 1_000_000, x: Int.max, y: Int.min), TileID(z: -5, x: 0, y: 0)] {
            var context = EvaluationContext(geometryType: "LineString")
            context.canonicalID = tile
            context.tileGeometry = [[TilePoint(x: .nan, y: .infinity), TilePoint(x: -1e300, y: 1e300)]]
            _ = try distance.evaluate(context)
            _ = try within.evaluate(context)
        }
        #expect(CheapRuler.wrap(1e300).magnitude <= 180)
        #expect(CheapRuler.wrap(-.infinity) == -.infinity)
    }

    /// Malformed operators compile to errors and odd inputs evaluate to errors or odd values, never a trap.
    @Test(arguments: [
        #"["interpolate"]"#, #"["interpolate-hcl", ["linear"]]"#, #"["within"]"#, #"["within", 5]"#, #"["distance", {"type": "Polygon"}]"#,
        #"["distance", {"type": "Polygon", "coordinates": []}]"#, #"["distance", {"type": "LineString", "coordinates": [[0, 0]]}]"#,
        #"["collator", {"locale": ["get", "x"]}]"#, #"["==", "a", "b", ["collator", 5]]"#, #"["resolved-locale", ["collator", {"locale": "-_-"}]]"#,
        #"["image", ["get", "x"]]"#, ##"["to-color", "#１２３"]"##, #"["index-of", 1, ["literal", [1]], -1e300]"#,
        #"["global-state"]"#, #"["global-state", null]"#, #"["match", ["get", "x"], 1e300, 1, 0]"#,
    ])
    func malformedInputNeverTraps(_ text: String) {
        guard case .success(let expression) = ExpressionParser.compile(Self.json(text), expected: nil) else { return }
        let tile = TileID(z: 20, x: 3, y: 3)
        for type in ["Point", "LineString", "Polygon"] {
            var context = EvaluationContext(properties: ["x": .array([.number(.nan)])], geometryType: type)
            context.canonicalID = tile
            context.tileGeometry = [[LngLat(lng: 1e308, lat: .nan), LngLat(lng: -1e308, lat: 91), LngLat(lng: 0, lat: 0)]
                .map { TileCoordinates.local($0, in: tile) }]
            _ = try? expression.evaluate(context)
        }
    }

    @Test func newTypesCoerceAsMapLibreReadsThem() throws {
        #expect(try Self.compile(#"["literal", [1, 2]]"#, expected: .padding).evaluate(EvaluationContext()) == .padding([1, 2, 1, 2]))
        #expect(try Self.compile("3", expected: .numberArray).evaluate(EvaluationContext()) == .numberArray([3]))
        #expect(try Self.compile(#""red""#, expected: .colorArray).evaluate(EvaluationContext()) == .colorArray([StyleColor(r: 1, g: 0, b: 0)]))
        let projection = try Self.compile(#"["interpolate", ["linear"], ["zoom"], 0, "mercator", 10, "globe"]"#, expected: .projectionDefinition)
        #expect(try projection.evaluate(EvaluationContext(zoom: 5))
                == .projection(ProjectionDefinition(from: "mercator", to: "globe", transition: 0.5)))
    }
}
