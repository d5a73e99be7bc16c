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
        let shaper = MapLibreShaper { glyphs[$0] }
        // "Test" is 46 units wide (T 13, e 13, s 11, t 9), a space 6: 150 in all, so two lines near 75 each;
        // breaking after the second word is least bad (the short last line is favoured).
        var layout = MapLibreShaper.Layout(maxWidth: 5 * 24, lineHeight: 30, spacing: 0, anchor: "center", justify: "center",
                                           offset: (0, 0), breaksLines: true)
        #expect(shaper.lineBreaks(Array("Test Test Test".unicodeScalars.map(\.value)), layout) == [10, 14])
        let centred = try #require(shaper.shape("Test Test Test", layout))
        #expect(centred.lineCount == 2)
        #expect(centred.glyphs.count == 13)
        #expect(centred.glyphs.map(\.x).prefix(5) == [-49, -36, -23, -12, -3])
        #expect(centred.glyphs[9].x == -23 && centred.glyphs[9].y == -2 && centred.glyphs[0].y == -32)
        #expect(centred.left == -49 && centred.right == 49 && centred.top == -30 && centred.bottom == 30)

        // Anchored on the left (and justified there, as `auto` does), moved by an offset of one em.
        layout.anchor = "left"
        layout.justify = MapLibreShaper.justification(auto: "left")
        layout.offset = (24, 0)
        let left = try #require(shaper.shape("Test Test Test", layout))
        #expect(left.glyphs[0].x == 0 && left.glyphs[9].x == 0)
        #expect(left.left == 24 && left.right == 122 && left.top == -30)
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
