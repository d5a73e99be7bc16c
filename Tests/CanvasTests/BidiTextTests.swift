import Testing
@testable import Canvas

/// Right-to-left text through ICU as MapLibre's RTL plugin prepares it: Arabic shaping, then visual order
/// line by line.
@Suite struct BidiTextTests {
    @Test func arabicLettersTakeTheirContextualForms() {
        // مجتمع: meem initial, jeem, teh and meem medial, ain final.
        let shaped = BidiText.shapingArabic("مجتمع")
        #expect(shaped.unicodeScalars.map(\.value) == [0xFEE3, 0xFEA0, 0xFE98, 0xFEE4, 0xFECA])
        // Lam and alef join into one ligature; Latin is left alone.
        #expect(BidiText.shapingArabic("لا").unicodeScalars.map(\.value) == [0xFEFB])
        #expect(BidiText.shapingArabic("Helsinki") == "Helsinki")
    }

    @Test func aLineIsPutInVisualOrder() {
        // "abc אבג def": the Hebrew run is reversed, the Latin kept; a line may start inside the text.
        let units = Array("abc \u{5D0}\u{5D1}\u{5D2} def".utf16)
        #expect(BidiText.visualOrder(units, line: 0..<8) == [0, 1, 2, 3, 6, 5, 4, 7])
        #expect(BidiText.visualOrder(units, line: 8..<11) == [8, 9, 10])
        // A right-to-left paragraph puts a Latin word on the left of its Hebrew.
        #expect(BidiText.visualOrder(Array("\u{5D0}\u{5D1} abc".utf16), line: 0..<6) == [3, 4, 5, 2, 1, 0])
        // Bidi controls are left out.
        #expect(BidiText.visualOrder(Array("a\u{200E}b".utf16), line: 0..<3) == [0, 2])
    }
}
