import Foundation
import Testing
@testable import StyleKit

/// `label_language`: a language tag or `local`, and the style's name labels rewritten to show it.
@Suite struct LabelLanguageTests {
    @Test(arguments: ["ja", "zh-Hans", "zh-Hant", "pt-BR", "sr-Latn-RS", "es-419", "ast", "local"])
    func languageTagsAreAccepted(tag: String) {
        #expect(LabelLanguage(tag)?.tag == tag)
        #expect(Self.matchesPattern(tag))
    }

    /// Whether the API schema's pattern accepts `tag`.
    static func matchesPattern(_ tag: String) -> Bool {
        tag.range(of: LabelLanguage.pattern, options: .regularExpression) != nil
    }

    @Test(arguments: ["", "x", "japanese", "ja_JP", "ja-", "-ja", "zh-Hans-CN-x", "ja JP", "日本", "ja-1", "zh-Hans-Hant"])
    func anythingElseIsRefused(tag: String) {
        #expect(LabelLanguage(tag) == nil, "\(tag)")
        #expect(!Self.matchesPattern(tag), "\(tag)")
    }

    @Test func aDecodedPayloadIsCheckedToo() throws {
        #expect(try JSONDecoder().decode(LabelLanguage.self, from: Data(#""ja""#.utf8)) == LabelLanguage("ja"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LabelLanguage.self, from: Data(#""ja_JP""#.utf8)) }
    }

    static let style = #"""
    {"version": 8, "sources": {"t": {"type": "vector"}},
     "layers": [
       {"id": "places", "type": "symbol", "source": "t", "source-layer": "place",
        "layout": {"text-field": ["coalesce", ["get", "name:en"], ["get", "name:latin"], ["get", "name"]]}},
       {"id": "streets", "type": "symbol", "source": "t", "source-layer": "transportation_name",
        "layout": {"text-field": "{name:latin}\n{name:nonlatin}"}},
       {"id": "heights", "type": "symbol", "source": "t", "source-layer": "contour",
        "layout": {"text-field": ["concat", ["to-string", ["get", "ele"]], "m"]}},
       {"id": "shields", "type": "symbol", "source": "t", "source-layer": "transportation_name", "layout": {"text-field": "{ref}"}}
     ]}
    """#

    func text(_ style: Style, _ layer: String, _ values: [String: StyleValue]) throws -> String {
        let symbol = try #require(style.layers.first { $0.id == layer }?.symbol)
        let field = try #require(symbol.textField)
        if symbol.textFieldIsTokenString {
            return field.evaluate(zoom: 14).resolvingTokens { values[$0] }
        }
        return field.evaluate(zoom: 14, feature: TestFeature(values: values)).text
    }

    @Test func nameLabelsShowTheLanguageThenLatinThenLocal() throws {
        let style = try Style.parse(Array(Self.style.utf8), fileName: "test.json").applying(labelLanguage: try #require(LabelLanguage("ja")))
        let tokyo: [String: StyleValue] = ["name": .string("東京"), "name:ja": .string("東京都"), "name:latin": .string("Tokyo"),
                                            "name:en": .string("Tokyo"), "ele": .number(40), "ref": .string("E12")]
        #expect(try text(style, "places", tokyo) == "東京都")
        #expect(try text(style, "streets", tokyo) == "東京都")
        var helsinki = tokyo
        helsinki["name:ja"] = nil
        helsinki["name:latin"] = .string("Helsinki")
        #expect(try text(style, "places", helsinki) == "Helsinki")
        helsinki["name:latin"] = nil
        #expect(try text(style, "places", helsinki) == "東京")
        // Labels that are not names are left alone.
        #expect(try text(style, "heights", tokyo) == "40m")
        #expect(try text(style, "shields", tokyo) == "E12")
        #expect(style.layers.first { $0.id == "shields" }?.rawLayout["text-field"] == .string("{ref}"))
    }

    @Test func localShowsTheNamesAsMapped() throws {
        let style = try Style.parse(Array(Self.style.utf8), fileName: "test.json").applying(labelLanguage: .local)
        #expect(try text(style, "places", ["name": .string("القاهرة"), "name:en": .string("Cairo")]) == "القاهرة")
    }
}
