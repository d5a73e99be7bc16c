import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// MapLibre's text from a style's SDF glyphs: the glyph PBF, shaping and the drawn label.
struct SDFTextTests {
    static let glyphDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/maplibre-render/assets/glyphs/Open Sans Semibold,Arial Unicode MS Bold")

    static func latin() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: glyphDirectory.appendingPathComponent("0-255.pbf")))
    }

    /// A glyph set reading the fixture's fontstack folder by the style's URL.
    static func glyphSet() -> GlyphSet {
        let directory = glyphDirectory.deletingLastPathComponent()
        return GlyphSet(template: "local://glyphs/{fontstack}/{range}.pbf") { url in
            let path = url.replacingOccurrences(of: "local://glyphs/", with: "")
            return FileManager.default.contents(atPath: directory.appendingPathComponent(path).path).map { [UInt8]($0) }
        }
    }

    @Test func theOpenSansRangeDecodesWithMapLibresMetrics() throws {
        let glyphs = try GlyphPBF.decode(Self.latin())
        #expect(glyphs.count == 191)
        let a = try #require(glyphs[65])
        #expect(a.width == 16 && a.height == 18 && a.left == 0 && a.top == -8 && a.advance == 15)
        // The bitmap has the 3 px border on every side: 22 × 24 bytes.
        #expect(a.bitmap.count == 22 * 24 && a.bitmapWidth == 22 && a.bitmapHeight == 24)
        #expect(Array(a.bitmap.prefix(8)) == [0, 0, 0, 0, 0, 21, 44, 65])
        #expect(a.bitmap.reduce(0) { $0 + Int($1) } == 62954)
        let space = try #require(glyphs[32])
        #expect(space.advance == 6 && space.bitmap.isEmpty && space.bitmapWidth == 0)
    }

    @Test func badGlyphDataIsAnErrorNeverACrash() throws {
        let latin = try Self.latin()
        // Cut anywhere inside: an error or fewer glyphs, never a trap.
        for cut in stride(from: 1, to: latin.count, by: 997) {
            if let glyphs = try? GlyphPBF.decode(Array(latin.prefix(cut))) { #expect(glyphs.count < 191) }
        }
        #expect(throws: GlyphPBFError.self) { try GlyphPBF.decode([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) }
        #expect(throws: GlyphPBFError.self) { try GlyphPBF.decode([0x0F]) }
        // A glyph whose bitmap does not match its size is left out: id 65, width 2, height 2, a 3-byte bitmap.
        let glyph: [UInt8] = [0x08, 65, 0x12, 3, 1, 2, 3, 0x18, 2, 0x20, 2, 0x38, 5]
        let stack: [UInt8] = [0x1A, UInt8(glyph.count)] + glyph
        #expect(try GlyphPBF.decode([0x0A, UInt8(stack.count)] + stack).isEmpty)
    }

    @Test func textBreaksIntoBalancedLinesAsMapLibreBreaksIt() throws {
        let glyphs = try GlyphPBF.decode(Self.latin())
        let shaper = MapLibreShaper { c, _ in glyphs[c] }
        // "Test" is 46 units wide (T 13, e 13, s 11, t 9), a space 6: 150 in all, so two lines near 75 each;
        // breaking after the second word is least bad (the short last line is favoured).
        var layout = MapLibreShaper.Layout(maxWidth: 5 * 24, lineHeight: 30, spacing: 0, anchor: "center", justify: "center",
                                           offset: (0, 0), breaksLines: true)
        #expect(shaper.lineBreaks(TaggedText("Test Test Test", fontStack: ""), layout) == [10, 14])
        let centred = try #require(shaper.shape("Test Test Test", fontStack: "", layout))
        #expect(centred.lineCount == 2)
        #expect(centred.glyphs.count == 13)
        #expect(centred.glyphs.map(\.x).prefix(5) == [-49, -36, -23, -12, -3])
        #expect(centred.glyphs[9].x == -23 && centred.glyphs[9].y == -2 && centred.glyphs[0].y == -32)
        #expect(centred.left == -49 && centred.right == 49 && centred.top == -30 && centred.bottom == 30)

        // Anchored on the left (and justified there, as `auto` does), moved by an offset of one em.
        layout.anchor = "left"
        layout.justify = MapLibreShaper.justification(auto: "left")
        layout.offset = (24, 0)
        let left = try #require(shaper.shape("Test Test Test", fontStack: "", layout))
        #expect(left.glyphs[0].x == 0 && left.glyphs[9].x == 0)
        #expect(left.left == 24 && left.right == 122 && left.top == -30)
    }

    @Test func sectionsOfOtherScalesSitOnTheLargestSectionsBaseline() throws {
        let glyphs = try GlyphPBF.decode(Self.latin())
        var fontsAsked: Set<String> = []
        let shaper = MapLibreShaper { c, stack in
            fontsAsked.insert(stack)
            return glyphs[c]
        }
        // "T" (13 units) at twice the size, then "T" at its own size in other fonts: the line is 48 high,
        // the small T drops 24 units to the big one's baseline, and lines of unequal height are aligned by
        // the block's height.
        let text = TaggedText(codePoints: [84, 84], sectionIndex: [0, 1],
                              sections: [ShapingSection(scale: 2, fontStack: "a"), ShapingSection(scale: 1, fontStack: "b")])
        let layout = MapLibreShaper.Layout(maxWidth: 0, lineHeight: 24, spacing: 0, anchor: "center", justify: "center", offset: (0, 0), breaksLines: true)
        let shaping = try #require(shaper.shape(text, layout))
        #expect(shaping.glyphs.map(\.x) == [-19.5, 6.5])
        #expect(shaping.glyphs.map(\.y) == [-24, 0])
        #expect(shaping.glyphs.map(\.scale) == [2, 1] && shaping.glyphs.map(\.section) == [0, 1])
        #expect(shaping.left == -19.5 && shaping.right == 19.5 && shaping.top == -24 && shaping.bottom == 24)
        #expect(fontsAsked == ["a", "b"])
    }

    @Test func anImageInTextIsSizedByTheTextAndSetOnTheBaseline() throws {
        let glyphs = try GlyphPBF.decode(Self.latin())
        let shaper = MapLibreShaper { c, _ in glyphs[c] }
        // A 20 × 10 image after "T" in 16 px text: scaled by 24 / 16 to 30 × 15 units, its bottom on the
        // baseline (9 units below the line's top), the whole line 43 units long and centred.
        let image = TextImage(name: "dlr", width: 20, height: 10)
        let text = TaggedText(codePoints: [84, 0xE000], sectionIndex: [0, 1],
                              sections: [ShapingSection(scale: 1, fontStack: ""), ShapingSection(scale: 1, fontStack: "", image: image)])
        let layout = MapLibreShaper.Layout(maxWidth: 10 * 24, lineHeight: 24, spacing: 0, anchor: "center", justify: "center", offset: (0, 0),
                                           breaksLines: true, layoutTextSize: 16, textSizeThisZoom: 16)
        let shaping = try #require(shaper.shape(text, layout))
        #expect(shaping.glyphs.map(\.x) == [-21.5, -8.5])
        #expect(shaping.glyphs.map(\.y) == [-17, -8])
        #expect(shaping.glyphs[1].scale == 1.5 && shaping.glyphs[1].image?.name == "dlr" && shaping.glyphs[1].advance == 20)
        #expect(shaping.left == -21.5 && shaping.right == 21.5 && shaping.top == -12 && shaping.bottom == 12)
    }

    @Test func verticalTextStandsItsGlyphsOneEmApart() throws {
        let glyphs = try GlyphPBF.decode(Self.latin())
        let shaper = MapLibreShaper { c, _ in glyphs[c] }
        var layout = MapLibreShaper.Layout(maxWidth: 10 * 24, lineHeight: 24, spacing: 0, anchor: "center", justify: "left", offset: (0, 0),
                                           breaksLines: true)
        layout.vertical = true
        layout.allowVerticalPlacement = true
        // With vertical placement every glyph but white space stands upright, one em (not its advance) apart.
        let shaping = try #require(shaper.shape("TT", fontStack: "", layout))
        #expect(shaping.isVertical && shaping.verticalizable)
        #expect(shaping.glyphs.map(\.vertical) == [true, true])
        #expect(shaping.glyphs.map(\.x) == [-24, 0] && shaping.glyphs.map(\.y) == [-17, -17])
        #expect(shaping.left == -24 && shaping.right == 24 && shaping.top == -12 && shaping.bottom == 12)
        // Along lines only the scripts that stand upright do.
        layout.allowVerticalPlacement = false
        let mixed = try #require(shaper.shape("T\u{4E2D}", fontStack: "", layout))
        #expect(mixed.glyphs.map(\.vertical) == [false])
    }

    @Test func punctuationTakesItsVerticalFormsBesideUprightText() {
        // 中。 → 中︒; a Latin letter beside the full stop keeps it (it turns with the line).
        #expect(VerticalOrientation.verticalizingPunctuation([0x4E2D, 0x3002]) == [0x4E2D, 0xFE12])
        #expect(VerticalOrientation.verticalizingPunctuation([0x61, 0x2E]) == [0x61, 0x2E])
        #expect(VerticalOrientation.verticalizingPunctuation([0x4E2D, 0x28, 0x4E2D, 0x29]) == [0x4E2D, 0xFE35, 0x4E2D, 0xFE36])
        #expect(VerticalOrientation.isUpright(0x4E2D) && VerticalOrientation.isUpright(0x30DE) && VerticalOrientation.isUpright(0xAC00))
        #expect(!VerticalOrientation.isUpright(0x41) && !VerticalOrientation.isUpright(0x30FC) && !VerticalOrientation.isUpright(0x3008))
        #expect(VerticalOrientation.allowsVerticalWritingMode([0x61, 0x30DE]) && !VerticalOrientation.allowsVerticalWritingMode([0x61, 0x62]))
    }

    @Test func aSectionsTextColourFillsItsGlyphs() throws {
        let point = #"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": \#(MapRender.position(32, 32))}}"#
        let layer = #"{"id": "l", "type": "symbol", "source": "g", "layout": {"text-field": ["format", "I", {"text-color": "red"}, "I", {}], "text-font": ["Open Sans Semibold", "Arial Unicode MS Bold"], "text-size": 48}}"#
        let (image, _) = try MapRender.render(layers: layer, data: MapRender.collection(point), glyphs: Self.glyphSet())
        // Two strokes of 96 opaque pixels each: the first section's in its own red, the second's in the
        // layer's text-color (black).
        var opaque: [String: Int] = [:]
        for y in 0..<64 {
            for x in 0..<64 {
                let pixel = MapRender.bytes(image, x, y)
                if pixel[3] == 255 { opaque["\(x < 32 ? "left" : "right") \(pixel)", default: 0] += 1 }
            }
        }
        #expect(opaque == ["left [255, 0, 0, 255]": 96, "right [0, 0, 0, 255]": 96])
    }

    @Test func textAlongAGeoJSONLineStopsAtTheTileEdgesMapLibreLaysItOutAt() throws {
        // A 600 px view on the middle of tile 10/512/512, which spans pixels 44 to 556; the line runs from
        // pixel -100 to 500. Clipped to the tile as MapLibre clips it, it comes in over the tile's edge, so
        // the first label is half a spacing (125 px) in from the edge, at 169, the next at 419, each "Test
        // Test" some 65 px long.
        func at(_ x: Double) -> String { MapRender.position(x - 268, 32) }
        let line = #"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [\#(at(-100)), \#(at(500))]}}"#
        let layer = #"{"id": "l", "type": "symbol", "source": "g", "layout": {"symbol-placement": "line", "text-field": "Test Test", "text-font": ["Open Sans Semibold", "Arial Unicode MS Bold"], "text-allow-overlap": true}}"#
        let (image, _) = try MapRender.render(layers: layer, data: MapRender.collection(line), glyphs: Self.glyphSet(), width: 600)
        let inked = (0..<600).filter { x in (0..<64).contains { MapRender.bytes(image, x, $0)[3] > 0 } }
        #expect(inked.first == 136 && inked.last == 451)
        #expect(!inked.contains { (202...385).contains($0) })
    }

    @Test func arabicLettersTakeTheirJoinedForms() {
        // بغداد: beh initial, ghain medial, dal final, then alef and dal alone (neither joins what follows).
        #expect(ArabicShaping.shaped([0x0628, 0x063A, 0x062F, 0x0627, 0x062F]) == [0xFE91, 0xFED0, 0xFEAA, 0xFE8D, 0xFEA9])
        // Lam-alef is one ligature, final after a seen that joins it; Persian peh has its own forms.
        #expect(ArabicShaping.shaped([0x0633, 0x0644, 0x0627]) == [0xFEB3, 0xFEFC])
        #expect(ArabicShaping.shaped([0x067E, 0x0627]) == [0xFB58, 0xFE8E])
        #expect(ArabicShaping.shaped([0x41, 0x42]) == [0x41, 0x42])
        // Cursive scripts are not letter-spaced.
        #expect(ArabicShaping.allowsLetterSpacing([0x41, 0x20]) && !ArabicShaping.allowsLetterSpacing([0x41, 0xFE91]))
    }

    @Test func rightToLeftLinesAreLaidOutInVisualOrder() {
        // "اب AB" in a right-to-left paragraph: the Latin run keeps its order and goes left, the space
        // between the runs takes the paragraph's direction.
        let text: [UInt32] = [0x0627, 0x0628, 0x20, 0x41, 0x42]
        #expect(BidiOrder.visualOrder(text, 0..<5) == [3, 4, 2, 1, 0])
        // A left-to-right paragraph keeps its Latin order and turns the Arabic run; a trailing space stays
        // at the end; bidi marks are left out.
        #expect(BidiOrder.visualOrder([0x41, 0x20, 0x0627, 0x0628, 0x20], 0..<5) == [0, 1, 3, 2, 4])
        #expect(BidiOrder.visualOrder([0x41, 0x200E, 0x42], 0..<3) == [0, 2])
        // A hyphen ending a line between Latin words of the paragraph stays with them.
        #expect(BidiOrder.visualOrder([0x0627, 0x20, 0x61, 0x6C, 0x2D, 0x49], 0..<5) == [2, 3, 4, 1, 0])
        #expect(BidiOrder.paragraphBreaks([0x41, 0x1C, 0x42, 0x0A]) == [2])
        // Arabic-Indic digits run left to right after the word they follow.
        #expect(BidiOrder.visualOrder([0x0633, 0x0644, 0x06F3, 0x06F9], 0..<4) == [2, 3, 1, 0])
    }

    @Test func aLabelIsDrawnWithTheGlyphsAndAMissingGlyphIsNamed() throws {
        let glyphs = Self.glyphSet()
        let point = #"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": \#(MapRender.position(32, 32))}}"#
        let layer = #"{"id": "l", "type": "symbol", "source": "g", "layout": {"text-field": "A\u263a", "text-font": ["Open Sans Semibold", "Arial Unicode MS Bold"], "text-size": 24}}"#
        let (image, warnings) = try MapRender.render(layers: layer, data: MapRender.collection(point), glyphs: glyphs)
        // "A" (15 units wide) is centred on the point (32, 32): its apex at y 23 to 25, its bar at y 34 and 35, the
        // legs' inner edges symmetric about x 32 at y 38; the counter above the bar is open.
        #expect(MapRender.bytes(image, 32, 22) == [0, 0, 0, 0])
        #expect(MapRender.bytes(image, 32, 25) == [0, 0, 0, 255])
        #expect(MapRender.bytes(image, 32, 29) == [0, 0, 0, 28])
        #expect(MapRender.bytes(image, 32, 35) == [0, 0, 0, 253])
        #expect(MapRender.bytes(image, 27, 38) == [0, 0, 0, 255] && MapRender.bytes(image, 37, 38) == [0, 0, 0, 255])
        #expect(MapRender.bytes(image, 32, 38) == [0, 0, 0, 0])
        #expect(MapRender.bytes(image, 5, 5) == [0, 0, 0, 0])
        #expect(warnings.contains { $0.contains("U+263A") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("9728-9983.pbf cannot be read") }, "\(warnings)")
    }
}
