import Foundation
import Testing
@testable import StyleKit

/// A feature with fixed properties, for filters and data-driven values.
struct TestFeature: FeatureContext {
    var geometryType: FeatureGeometryType = .lineString
    var featureID: StyleValue? = .number(7)
    var values: [String: StyleValue] = [:]
    func property(_ key: String) -> StyleValue? { values[key] }
}

@Suite struct PropertyTests {
    func parse<T: StylePropertyType>(_ json: String, as type: T.Type) -> (StyleProperty<T>?, [StyleError]) {
        let diagnostics = StyleDiagnostics(file: "test.json")
        let value = try! JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let fallback = T.literal(.number(0)) ?? T.literal(.string("#000000")) ?? T.literal(.bool(false)) ?? T.literal(.array([]))!
        return (PropertyParser(diagnostics: diagnostics).parse(value, as: type, path: "p", fallback: fallback), diagnostics.errors)
    }

    @Test func aFormatExpressionKeepsItsSectionsTyped() throws {
        let (property, errors) = parse(#"["format", ["get", "name"], {"font-scale": 1.5, "text-font": ["literal", ["Noto Sans", "Bold"]]}, "\n", {}, "Red", {"text-color": "red"}, ["image", "dlr"], {}]"#,
                                       as: FormattedText.self)
        #expect(errors.isEmpty)
        let p = try #require(property)
        #expect(p.isZoomConstant && !p.isZoomOnly)
        let text = p.evaluate(zoom: 0, feature: TestFeature(values: ["name": .string("Napoli")]))
        #expect(text.text == "Napoli\nRed")
        #expect(text.isFormatted)
        #expect(text.sections == [
            FormattedText.Section(text: "Napoli", scale: 1.5, fontStack: "Noto Sans,Bold"),
            FormattedText.Section(text: "\n"),
            FormattedText.Section(text: "Red", color: StyleColor(r: 1, g: 0, b: 0)),
            FormattedText.Section(text: "", image: "dlr"),
        ])
        // Plain text is one plain section.
        #expect(FormattedText("Helsinki").sections == [FormattedText.Section(text: "Helsinki")] && !FormattedText("Helsinki").isFormatted)
    }

    @Test func isSupportedScriptAsksTheFeaturesRenderer() throws {
        /// A renderer that cannot shape Devanagari (as MapLibre's SDF glyphs cannot).
        struct NoDevanagari: FeatureContext {
            var geometryType: FeatureGeometryType = .point
            var featureID: StyleValue? = nil
            var values: [String: StyleValue]
            func property(_ key: String) -> StyleValue? { values[key] }
            func isSupportedScript(_ text: String) -> Bool { !text.unicodeScalars.contains { (0x0900...0x097F).contains($0.value) } }
        }
        let (property, errors) = parse(#"["is-supported-script", ["get", "x"]]"#, as: Bool.self)
        #expect(errors.isEmpty)
        let p = try #require(property)
        #expect(p.evaluate(zoom: 0, feature: NoDevanagari(values: ["x": .string("देवनागरी")])) == false)
        #expect(p.evaluate(zoom: 0, feature: NoDevanagari(values: ["x": .string("سلام")])) == true)
        // Without a renderer's say (and by default), every script is supported.
        #expect(p.evaluate(zoom: 0, feature: TestFeature(values: ["x": .string("देवनागरी")])) == true)
    }

    @Test func exponentialZoomFunctionMatchesMapLibre() throws {
        let (property, errors) = parse(#"{"base": 1.2, "stops": [[10, 1], [20, 11]]}"#, as: Double.self)
        #expect(errors.isEmpty)
        let p = try #require(property)
        #expect(p.isZoomOnly && !p.isConstant)
        #expect(p.evaluate(zoom: 5) == 1)
        #expect(p.evaluate(zoom: 25) == 11)
        // (1.2^5 - 1) / (1.2^10 - 1) of the way: 1 + 10 * 0.28667...
        let expected: Double = 1 + 10 * (Foundation.pow(1.2, 5.0) - 1) / (Foundation.pow(1.2, 10.0) - 1)
        #expect(abs(p.evaluate(zoom: 15) - expected) < 1e-12)
        #expect(abs(p.evaluate(zoom: 15) - 3.8667) < 1e-4)
    }

    @Test func linearInterpolateExpression() throws {
        let (property, errors) = parse(#"["interpolate", ["linear"], ["zoom"], 10, 2, 14, 6]"#, as: Double.self)
        #expect(errors.isEmpty)
        #expect(property?.evaluate(zoom: 12) == 4)
    }

    @Test func colourStopsInterpolateInRGB() throws {
        let (property, _) = parse(##"{"stops": [[0, "#000000"], [10, "#ffffff"]]}"##, as: StyleColor.self)
        let c = try #require(property?.evaluate(zoom: 5))
        #expect(abs(c.r - 0.5) < 1e-12 && abs(c.g - 0.5) < 1e-12 && c.a == 1)
    }

    @Test func stepExpressionAndEnumsStep() throws {
        let (property, errors) = parse(#"["step", ["zoom"], "butt", 14, "round"]"#, as: String.self)
        #expect(errors.isEmpty)
        #expect(property?.evaluate(zoom: 13.9) == "butt")
        #expect(property?.evaluate(zoom: 14) == "round")
    }

    @Test func categoricalPropertyFunctionIsDataDriven() throws {
        let (property, errors) = parse(#"{"property": "class", "type": "categorical", "stops": [["motorway", 4], ["minor", 1]], "default": 0.5}"#, as: Double.self)
        #expect(errors.isEmpty)
        let p = try #require(property)
        #expect(!p.isZoomOnly)
        #expect(p.evaluate(zoom: 14, feature: TestFeature(values: ["class": .string("motorway")])) == 4)
        #expect(p.evaluate(zoom: 14, feature: TestFeature(values: ["class": .string("path")])) == 0.5)
    }

    @Test func matchExpressionOverAProperty() throws {
        let (property, errors) = parse(##"["match", ["get", "class"], ["ocean", "lake"], "#0000ff", "#00ff00"]"##, as: StyleColor.self)
        #expect(errors.isEmpty)
        #expect(property?.evaluate(zoom: 1, feature: TestFeature(values: ["class": .string("lake")])) == StyleColor(r: 0, g: 0, b: 1))
        #expect(property?.evaluate(zoom: 1, feature: TestFeature(values: [:])) == StyleColor(r: 0, g: 1, b: 0))
    }

    @Test func wrongTypeIsReportedWithItsPath() {
        let (_, errors) = parse(#""wide""#, as: Double.self)
        #expect(errors.map(\.description) == [#"test.json: p: expected a number or a function, found string "wide""#])
    }

    @Test func badColourNamesTheFormats() {
        let (_, errors) = parse(##""#12345""##, as: StyleColor.self)
        #expect(errors.first?.code == .color)
        #expect(errors.first?.description == ##"test.json: p: "#12345" is not a colour; use #rrggbb, rgb(), rgba(), hsl() or a CSS colour name"##)
    }

    @Test func unknownOperatorAndArity() {
        #expect(parse(#"["frobnicate", 1]"#, as: Double.self).1.map(\.description)
                == [#"test.json: p[0]: Unknown expression "frobnicate". If you wanted a literal array, use ["literal", [...]]."#])
        // No overload takes no arguments: MapLibre names the signatures.
        #expect(parse(#"["get"]"#, as: Double.self).1.map(\.description)
                == [#"test.json: p: Expected arguments of type (string) | (string, object), but found () instead."#])
        #expect(parse(#"["interpolate", ["linear"], ["zoom"], 10, "a", 12, 2]"#, as: Double.self).1.map(\.description)
                == [#"test.json: p[4]: Expected number but found string instead."#])
    }

    @Test func fullExpressionsEvaluatePerFeature() throws {
        let (property, errors) = parse(#"["case", [">", ["get", "rank"], 3], ["*", 2, ["get", "rank"]], 1]"#, as: Double.self)
        #expect(errors.isEmpty, "\(errors)")
        let p = try #require(property)
        #expect(!p.isZoomOnly)
        #expect(p.evaluate(zoom: 10, feature: TestFeature(values: ["rank": .number(5)])) == 10)
        #expect(p.evaluate(zoom: 10, feature: TestFeature(values: ["rank": .number(1)])) == 1)
        // zoom may only drive a top-level curve, as MapLibre requires.
        #expect(parse(#"["*", 2, ["zoom"]]"#, as: Double.self).1.first?.message
                == #""zoom" expression may only be used as input to a top-level "step" or "interpolate" expression."#)
    }
}

@Suite struct FilterTests {
    func filter(_ json: String) -> (StyleFilter?, [StyleError]) {
        let diagnostics = StyleDiagnostics(file: "test.json")
        let value = try! JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        return (FilterParser(diagnostics: diagnostics).parse(value, path: "layers[0].filter"), diagnostics.errors)
    }

    let road = TestFeature(geometryType: .lineString, values: ["class": .string("primary"), "admin_level": .number(4)])

    @Test func legacyFilters() throws {
        #expect(try #require(filter(#"["all", ["==", "$type", "LineString"], ["in", "class", "primary", "secondary"]]"#).0).matches(road))
        #expect(try !#require(filter(#"["!in", "class", "primary"]"#).0).matches(road))
        #expect(try #require(filter(#"["<=", "admin_level", 4]"#).0).matches(road))
        #expect(try !#require(filter(#"["<", "admin_level", "4"]"#).0).matches(road))
        #expect(try #require(filter(#"["has", "class"]"#).0).matches(road))
        #expect(try #require(filter(#"["!has", "brunnel"]"#).0).matches(road))
        #expect(try #require(filter(#"["none", ["==", "class", "minor"]]"#).0).matches(road))
        #expect(try #require(filter(#"["==", "$id", 7]"#).0).matches(road))
    }

    @Test func expressionFilters() throws {
        #expect(try #require(filter(#"["==", ["get", "class"], "primary"]"#).0).matches(road))
        #expect(try #require(filter(#"["match", ["get", "class"], ["primary", "trunk"], true, false]"#).0).matches(road))
        #expect(try !#require(filter(#"["match", ["geometry-type"], ["Polygon"], true, false]"#).0).matches(road))
        #expect(try #require(filter(#"["in", ["get", "class"], ["literal", ["primary"]]]"#).0).matches(road))
        #expect(try #require(filter(#"["!", ["==", ["get", "class"], "minor"]]"#).0).matches(road))
    }

    @Test func errorsCarryKeyPaths() {
        #expect(filter(#"["≈", "class", 1]"#).1.map(\.description)
                == [#"test.json: layers[0].filter[0]: Unknown expression "≈". If you wanted a literal array, use ["literal", [...]]."#])
        #expect(filter(#"["all", ["==", "class"]]"#).1.map(\.description) == [#"test.json: layers[0].filter[1]: Expected two or three arguments."#])
    }

    @Test func expressionFiltersCompile() throws {
        let f = try #require(filter(#"["all", [">=", ["to-number", ["get", "admin_level"]], 2], ["!", ["has", "maritime"]]]"#).0)
        #expect(f.matches(road))
        #expect(!f.matches(TestFeature(values: ["admin_level": .number(1)])))
    }
}
