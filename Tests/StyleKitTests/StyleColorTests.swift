import Testing
@testable import StyleKit

@Suite struct StyleColorTests {
    @Test(arguments: [
        ("#fff", StyleColor(r: 1, g: 1, b: 1)),
        ("#000000", StyleColor(r: 0, g: 0, b: 0)),
        ("#ff000080", StyleColor(r: 1, g: 0, b: 0, a: 128.0 / 255)),
        ("#0f08", StyleColor(r: 0, g: 1, b: 0, a: 136.0 / 255)),
        ("rgb(255, 0, 51)", StyleColor(r: 1, g: 0, b: 0.2)),
        ("rgba(0,0,0,0.5)", StyleColor(r: 0, g: 0, b: 0, a: 0.5)),
        ("rgb(100%, 50%, 0%)", StyleColor(r: 1, g: 0.5, b: 0)),
        ("hsl(120, 100%, 50%)", StyleColor(r: 0, g: 1, b: 0)),
        ("hsla(240, 100%, 50%, 0.25)", StyleColor(r: 0, g: 0, b: 1, a: 0.25)),
        ("rebeccapurple", StyleColor(r: 0x66 / 255.0, g: 0x33 / 255.0, b: 0x99 / 255.0)),
        ("Transparent", StyleColor(r: 0, g: 0, b: 0, a: 0)),
    ])
    func parses(_ text: String, _ expected: StyleColor) throws {
        let color = try #require(StyleColor(css: text))
        #expect(abs(color.r - expected.r) < 1e-9 && abs(color.g - expected.g) < 1e-9)
        #expect(abs(color.b - expected.b) < 1e-9 && abs(color.a - expected.a) < 1e-9)
    }

    // Fullwidth digits are hex digits to Character but not to Int(_:radix:): they once trapped.
    @Test(arguments: ["#ggg", "#12345", "rgb(1,2)", "blurple", "hsl(10, 20, 30)", "", "#１２３", "#ｆｆ００ｆｆ"])
    func rejects(_ text: String) {
        #expect(StyleColor(css: text) == nil)
    }

    @Test func allCSSNamedColoursAreKnown() {
        #expect(namedColors.count == 148)
        #expect(namedColors["cornflowerblue"] == 0x6495ED)
    }
}
