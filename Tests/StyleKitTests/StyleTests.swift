import Foundation
import Testing
@testable import StyleKit

@Suite struct StyleTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let referenceStyles = repo.appendingPathComponent("Tests/Fixtures/styles-reference")

    func bytes(_ json: String) -> [UInt8] { Array(json.utf8) }

    @Test func minimalStyleParsesWithoutErrors() throws {
        let data = try Data(contentsOf: Self.repo.appendingPathComponent("Styles/minimal.json"))
        let style = try Style.parse([UInt8](data), fileName: "minimal.json")
        #expect(style.layers.first?.type == .background)
        #expect(style.sources["openmaptiles"]?.type == "vector")
        let motorway = try #require(style.layers.first { $0.id == "road-motorway" }?.line)
        // carto-art's motorway: 2.5 px at z11 to 4 px at z14, linear, held beyond; x0.8 with labels shown.
        #expect(abs(motorway.width.evaluate(zoom: 12.5) - 3.25 * 0.8) < 1e-12)
        #expect(abs(motorway.width.evaluate(zoom: 16) - 4 * 0.8) < 1e-12)
        #expect(motorway.cap.evaluate(zoom: 15) == "round")
        let background = try #require(style.layers[0].background)
        #expect(background.color.evaluate(zoom: 15) == StyleColor(css: "#F7F5F0"))
    }

    @Test func errorsAreCollectedWithFileAndPath() {
        let json = ##"""
        {"version": 8, "sources": {"t": {"type": "vector"}},
         "layers": [
           {"id": "a", "type": "line", "source": "t", "paint": {"line-width": "wide", "line-colour": "red"}},
           {"id": "b", "type": "fill", "source": "t", "paint": {"fill-color": "#12345"}},
           {"id": "c", "type": "line", "source": "t", "filter": ["frob", "x"]},
           {"id": "d", "type": "sky"},
           {"id": "e", "type": "fill", "source": "missing"}
         ]}
        """##
        let (style, errors) = Style.parseCollectingErrors(bytes(json), fileName: "bad.json")
        #expect(errors.map(\.description) == [
            #"bad.json: layers[0].paint.line-colour: unknown paint property for a line layer"#,
            #"bad.json: layers[0].paint.line-width: expected a number or a function, found string "wide""#,
            ##"bad.json: layers[1].paint.fill-color: "#12345" is not a colour; use #rrggbb, rgb(), rgba(), hsl() or a CSS colour name"##,
            #"bad.json: layers[2].filter[0]: Unknown expression "frob". If you wanted a literal array, use ["literal", [...]]."#,
            #"bad.json: layers[4].source: source "missing" is not defined in "sources""#,
        ])
        // The unknown layer type is kept, marked unsupported, and never drawn.
        let sky = style?.layers.first { $0.id == "d" }
        #expect(sky != nil && sky?.type == nil && sky?.typeName == "sky")
        #expect(throws: StyleErrors.self) { try Style.parse(bytes(json), fileName: "bad.json") }
    }

    @Test func invalidJSONIsASyntaxError() {
        let (_, errors) = Style.parseCollectingErrors(bytes("{\"version\": 8,"), fileName: "broken.json")
        #expect(errors.count == 1 && errors[0].code == .syntax && errors[0].description.hasPrefix("broken.json: not valid JSON"))
    }

    @Test func defaultsMatchTheSpecReference() throws {
        let data = try Data(contentsOf: Self.repo.appendingPathComponent("Tests/Fixtures/maplibre-style-spec/v8.json"))
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for (name, value) in StyleSpecDefaults.values {
            let type = name.hasPrefix("line-cap") || name.hasPrefix("line-join") || name.hasPrefix("line-miter") || name.hasPrefix("line-round") ? "layout" : "paint"
            let group = "\(type)_\(name.split(separator: "-")[0])"
            let property = try #require((spec[group] as? [String: Any])?[name] as? [String: Any], "\(name) in \(group)")
            let expected = property["default"]
            switch value {
            case .number(let n): #expect((expected as? NSNumber)?.doubleValue == n, "\(name)")
            case .string(let s): #expect(expected as? String == s, "\(name)")
            case .bool(let b): #expect(expected as? Bool == b, "\(name)")
            default: Issue.record("unexpected default kind for \(name)")
            }
        }
    }

    @Test(arguments: ["positron", "osm-bright", "osm-liberty"])
    func referenceStylesParseStructurally(_ name: String) throws {
        let data = try Data(contentsOf: Self.referenceStyles.appendingPathComponent("\(name)/style.json"))
        let (style, errors) = Style.parseCollectingErrors([UInt8](data), fileName: "\(name).json")
        let layers = try #require(style?.layers)
        #expect(layers.count >= 50)
        // Only properties of layer types drawn later (symbol) may remain unchecked; everything parses.
        #expect(errors.isEmpty, "\(errors)")
    }
}
