import Testing
@testable import Canvas

/// Right-to-left text through ICU as MapLibre's RTL plugin prepares it: Arabic shaping, then bidi by line.
@Suite struct BidiTextTests {
    @Test func arabicLettersTakeTheirContextualForms() {
        // مجتمع: meem initial, jeem, teh and meem medial, ain final.
        let shaped = BidiText.shapingArabic("مجتمع")
        #expect(shaped.unicodeScalars.map(\.value) == [0xFEE3, 0xFEA0, 0xFE98, 0xFEE4, 0xFECA])
        // Lam and alef join into one ligature; Latin is left alone.
        #expect(BidiText.shapingArabic("لا").unicodeScalars.map(\.value) == [0xFEFB])
        #expect(BidiText.shapingArabic("Helsinki") == "Helsinki")
    }

    @Test func eachLineIsReorderedForDisplay() throws {
        // Hebrew alef, bet, gimel after Latin: the Hebrew run is reversed, the Latin kept.
        let lines = try #require(BidiText.reorderedLines("abc \u{5D0}\u{5D1}\u{5D2} def", breaks: [8]))
        #expect(lines == ["abc \u{5D2}\u{5D1}\u{5D0} ", "def"])
        // A right-to-left paragraph puts a Latin word on the left of the line's Hebrew.
        let mixed = try #require(BidiText.reorderedLines("\u{5D0}\u{5D1} abc", breaks: []))
        #expect(mixed == ["abc \u{5D1}\u{5D0}"])
        // Brackets are mirrored in right-to-left runs; bidi controls are removed.
        let bracketed = try #require(BidiText.reorderedLines("\u{5D0}(\u{5D1})\u{200E}", breaks: []))
        #expect(bracketed == ["(\u{5D1})\u{5D0}"])
    }

    @Test func aNewlineEndsAParagraphAndALine() throws {
        let lines = try #require(BidiText.reorderedLines("ab\ncd", breaks: []))
        #expect(lines == ["ab\n", "cd"])
    }

    @Test func rightToLeftScriptsAreRecognised() {
        #expect(BidiText.containsRightToLeft("مكتبة"))
        #expect(BidiText.containsRightToLeft("abc \u{5D0}"))
        #expect(!BidiText.containsRightToLeft("Helsinki 東京"))
    }
}
