import Canvas
import Testing
@testable import PosterRenderer

/// Point labels wrap where UAX #14 allows a line break: at spaces in Latin text (never inside a word),
/// between ideographs in Chinese and Japanese, between words in Thai (which writes none).
@Suite struct LabelWrappingTests {
    func lines(_ text: String, maxWidth: Double) -> [String] {
        var style = SymbolPlacementTests().style()
        style.maxWidth = maxWidth
        var shapes = LabelShapes()
        return shapes.wrap(text, style)
    }

    @Test func latinWrapsAtSpacesOnly() {
        #expect(lines("Helsingin keskustakirjasto Oodi", maxWidth: 200) == ["Helsingin", "keskustakirjasto", "Oodi"])
        #expect(lines("Helsingin keskustakirjasto Oodi", maxWidth: 2000) == ["Helsingin keskustakirjasto Oodi"])
    }

    @Test func chineseAndJapaneseWrapBetweenIdeographs() {
        // 20 px ideographs, 70 px a line: three to a line.
        #expect(lines("北京首都国际机场", maxWidth: 70) == ["北京首", "都国际", "机场"])
        // Small kana do not begin a line (ICU's Japanese rules keep ッ with what goes before).
        let japanese = lines("東京スカイツリー", maxWidth: 70)
        #expect(japanese.count == 3 && japanese.allSatisfy { !$0.hasPrefix("ー") }, "\(japanese)")
    }

    @Test func thaiWrapsBetweenWords() {
        // สนามบิน (airport) สุวรรณภูมิ (Suvarnabhumi): ICU's dictionary finds the words; nothing is cut inside one.
        let thai = lines("สนามบินสุวรรณภูมิ", maxWidth: 70)
        #expect(thai == ["สนามบิน", "สุวรรณภูมิ"], "\(thai)")
    }
}
