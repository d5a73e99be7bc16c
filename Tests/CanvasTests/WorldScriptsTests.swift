import CHarfBuzz
import Testing
@testable import Canvas

/// Text in every script: installed faces cover what the bundled fonts lack, the bidi algorithm puts
/// right-to-left text in visual order, and a character no face has is reported rather than silently boxed.
/// Needs Debian's fonts-noto-core and fonts-noto-cjk (scripts/setup.sh installs them).
@Suite struct WorldScriptsTests {
    let shaper = FontStackResolver(catalog: TestFonts.catalog).shaper(for: ["Noto Sans Regular"])

    /// Place names in their own scripts, as OpenStreetMap's `name` tags hold them.
    static let names: [(script: String, text: String)] = [
        ("Japanese", "東京都 渋谷区"), ("Chinese", "北京市"), ("Korean", "서울특별시"), ("Arabic", "القاهرة"), ("Hebrew", "תל אביב-יפו"),
        ("Hindi", "नई दिल्ली"), ("Bengali", "ঢাকা"), ("Thai", "กรุงเทพมหานคร"), ("Greek", "Αθήνα"), ("Russian", "Москва"),
        ("Tamil", "சென்னை"), ("Georgian", "თბილისი"), ("Armenian", "Երևան"), ("Amharic", "አዲስ አበባ"),
    ]

    @Test(arguments: names.map(\.text))
    func everyCharacterGetsAGlyph(text: String) throws {
        let shaped = shaper.shape(text, size: 20)
        #expect(shaped.missing.isEmpty, "\(text): no face for \(shaped.missing)")
        // Glyph 0 is .notdef, the empty box.
        let notdef = shaped.runs.flatMap { run in run.glyphs.filter { $0.id == 0 }.map { _ in run.face.name } }
        #expect(notdef.isEmpty, "\(text): .notdef in \(notdef)")
        #expect(shaped.advance > 20)
    }

    @Test func hanIsSetInTheJapaneseFaceWhereKanaSayJapanese() throws {
        let shaped = shaper.shape("東京タワー", size: 20)
        let faces = Set(shaped.runs.map(\.face.name))
        #expect(faces.allSatisfy { $0.hasPrefix("NotoSansCJK") }, "\(faces)")
        // The collection's Japanese face: fontconfig ranks JP first for `ja`.
        let japanese = TextShaper(fonts: shaper.fonts, systemFonts: shaper.systemFonts, language: "ja").faces(for: Array("京".unicodeScalars))
        let chinese = TextShaper(fonts: shaper.fonts, systemFonts: shaper.systemFonts, language: "zh-Hans").faces(for: Array("京".unicodeScalars))
        #expect(japanese[0].face.path.contains("CJK") && chinese[0].face.path.contains("CJK"))
        #expect(japanese[0].face !== chinese[0].face, "ja and zh-Hans take different faces of the CJK collection")
        #expect(SystemFonts.fontconfigLanguage("zh-Hant-TW") == "zh-tw" && SystemFonts.fontconfigLanguage("zh-HK") == "zh-hk"
                && SystemFonts.fontconfigLanguage("zh") == "zh-cn" && SystemFonts.fontconfigLanguage("ko-KR") == "ko-kr")
    }

    /// Hebrew reads right to left: its first letter (tav of תל) is drawn rightmost; digits
    /// inside it stay left to right; Latin before it stays on the left.
    @Test func rightToLeftTextIsLaidOutInVisualOrder() throws {
        let hebrew = shaper.shape("תל", size: 20)
        let face = try #require(hebrew.runs.first?.face)
        let tav = try glyph(face, "ת"), lamed = try glyph(face, "ל")
        let ids = hebrew.runs.flatMap(\.glyphs).map(\.id)
        #expect(ids == [lamed, tav], "visual order: lamed on the left, tav on the right")

        let mixed = shaper.shape("Tel Aviv תל", size: 20)
        let glyphs = mixed.runs.flatMap { run in run.glyphs.map { (run.face, $0) } }
        // Latin first on the left, then the Hebrew word, reversed.
        #expect(glyphs.last.map { $0.1.id } == tav && glyphs[glyphs.count - 2].1.id == lamed)
        #expect(zip(glyphs, glyphs.dropFirst()).allSatisfy { $0.1.x <= $1.1.x }, "pen moves left to right")

        // Digits inside right-to-left text keep their own order: "12" reads 1 then 2.
        let number = shaper.shape("תל 12", size: 20)
        let latin = try #require(TestFonts.catalog.faces["NotoSans-Regular"])
        let one = try glyph(latin, "1"), two = try glyph(latin, "2")
        let order = number.runs.flatMap(\.glyphs).map(\.id)
        let i1 = try #require(order.firstIndex(of: one)), i2 = try #require(order.firstIndex(of: two))
        #expect(i1 < i2)
        // …and the number, last in logical order, is on the left of the Hebrew.
        #expect(i1 < order.firstIndex(of: tav)!)
    }

    @Test func arabicIsJoinedAndNotLetterSpaced() throws {
        let plain = shaper.shape("القاهرة", size: 20)
        let spaced = shaper.shape("القاهرة", size: 20, letterSpacing: 5)
        // Joined: the contextual forms differ from the isolated letters'.
        let face = try #require(plain.runs.first?.face)
        let isolated = try "القاهرة".unicodeScalars.map { try glyph(face, String($0)) }
        #expect(Set(plain.runs.flatMap(\.glyphs).map(\.id)) != Set(isolated))
        // Letter spacing would break the joins: the advance is unchanged.
        #expect(abs(spaced.advance - plain.advance) < 1e-9)
        // Nor inside Devanagari, whose letters hang from one headline.
        #expect(abs(shaper.shape("नई दिल्ली", size: 20, letterSpacing: 5).advance - shaper.shape("नई दिल्ली", size: 20).advance) < 1e-9)
        // Nor inside Thai, which writes no spaces between words: spaced letters would read as words.
        #expect(abs(shaper.shape("กรุงเทพ", size: 20, letterSpacing: 5).advance - shaper.shape("กรุงเทพ", size: 20).advance) < 1e-9)
        // Latin beside it still takes it.
        #expect(shaper.shape("Cairo", size: 20, letterSpacing: 5).advance > shaper.shape("Cairo", size: 20).advance + 19)
    }

    /// Runs are split by script as well as by face: Noto Sans has Latin and Cyrillic, and each is shaped
    /// with its own script; spaces and digits go with the text before them.
    @Test func runsAreItemisedByScript() throws {
        let scalars = Array("Moscow 1 Москва".unicodeScalars)
        let scripts = TextShaper.scripts(of: scalars)
        #expect(scripts[..<9].allSatisfy { $0 == HB_SCRIPT_LATIN } && scripts[9...].allSatisfy { $0 == HB_SCRIPT_CYRILLIC }, "\(scripts)")
        let latin = try #require(TestFonts.catalog.faces["NotoSans-Regular"])
        let chosen = TextShaper(fonts: [latin]).faces(for: scalars)
        #expect(TextShaper.segments(chosen, scripts, 0..<scalars.count) == [0..<9, 9..<15])
        // A mark at the start takes the script of what follows.
        #expect(TextShaper.scripts(of: Array("\u{0301}ab".unicodeScalars)).allSatisfy { $0 == HB_SCRIPT_LATIN })
    }

    @Test func aCharacterNoFaceHasIsReported() {
        // A supplementary private-use character: no font has it.
        let shaped = shaper.shape("Kamppi \u{F0000}", size: 20)
        #expect(shaped.missing == ["\u{F0000}"])
        // Controls and format characters are not drawn and need no face.
        #expect(shaper.shape("Kamppi\u{200E}", size: 20).missing.isEmpty)
    }

    /// The glyph `face` maps `character` to (alone, no shaping).
    func glyph(_ face: FontFace, _ character: String) throws -> UInt32 {
        let shaped = TextShaper(fonts: [face]).shape(character, size: 20)
        return try #require(shaped.runs.first?.glyphs.first?.id)
    }

    @Test func spacesMarksAndJoinersStayWithTheCharacterBeforeThem() {
        let attached: [UInt32] = [0x20, 0x09, 0x0A, 0x85, 0xA0, 0x0301, 0x0903, 0x20DD, 0x200C, 0x200D, 0xFE0F, 0x3000, 0x2003]
        let own: [UInt32] = [0x41, 0x7A, 0x30, 0x2D, 0x00, 0x7F, 0xAD, 0xE9, 0x02FF, 0x0410, 0x4EAC]
        for value in attached { #expect(TextShaper.staysWithPrevious(Unicode.Scalar(value)!), "U+\(String(value, radix: 16))") }
        for value in own { #expect(!TextShaper.staysWithPrevious(Unicode.Scalar(value)!), "U+\(String(value, radix: 16))") }
        // Below U+0300 the answer is Unicode's own, without its tables.
        for value in UInt32(0)..<0x300 {
            let scalar = Unicode.Scalar(value)!
            let properties = scalar.properties
            let expected = properties.isWhitespace || properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark
                || properties.generalCategory == .spacingMark || properties.isVariationSelector
            #expect(TextShaper.staysWithPrevious(scalar) == expected, "U+\(String(value, radix: 16))")
        }
    }
}
