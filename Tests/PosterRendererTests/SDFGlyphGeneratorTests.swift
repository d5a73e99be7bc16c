import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// MapLibre glyph ranges made from the bundled fonts: the PBF round trip, FreeType's metrics, the distance
/// field's inside and outside, fallbacks, and agreement with a glyph server's file for the same face.
struct SDFGlyphGeneratorTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog: FontCatalog = {
        do { return try FontCatalog(directory: repo.appendingPathComponent("Fonts").path) } catch { fatalError("bundled fonts must load: \(error)") }
    }()
    static let generator = SDFGlyphGenerator(catalog: catalog)
    static let latin = GlyphRange(containing: "A")

    static func glyphs(_ fontStack: String, _ range: GlyphRange = latin) throws -> [UInt32: SDFGlyph] {
        Dictionary(uniqueKeysWithValues: try generator.glyphs(fontStack: SDFGlyphGenerator.fontNames(fontStack), range: range).map { ($0.id, $0) })
    }

    /// The field's byte at column `x`, row `y` (border included).
    static func value(_ glyph: SDFGlyph, _ x: Int, _ y: Int) -> UInt8 { glyph.bitmap[y * glyph.bitmapWidth + x] }

    @Test func aLatinRangeRoundTripsThroughTheReader() throws {
        let bytes = try Self.generator.pbf(fontStack: "Noto Sans Regular", range: try GlyphRange(parsing: "0-255"))
        let decoded = try GlyphPBF.decode(bytes)
        let generated = try Self.glyphs("Noto Sans Regular")
        #expect(decoded.count == generated.count)
        #expect(decoded == generated)
        // Printable ASCII and Latin-1 are all there.
        for codePoint in UInt32(0x21)...0x7E { #expect(decoded[codePoint] != nil) }
        for codePoint in UInt32(0xA1)...0xFF where codePoint != 0xAD { #expect(decoded[codePoint] != nil) }
        // The stack's name and range are written as MapLibre asked.
        var file = ProtobufReader(bytes[...])
        #expect(try file.nextKey()! == (1, 2))
        var stack = ProtobufReader(try file.lengthDelimited())
        #expect(try stack.nextKey()! == (1, 2))
        #expect(String(decoding: try stack.lengthDelimited(), as: UTF8.self) == "Noto Sans Regular")
        #expect(try stack.nextKey()! == (2, 2))
        #expect(String(decoding: try stack.lengthDelimited(), as: UTF8.self) == "0-255")
    }

    @Test func everyBitmapHasTheBorderOnEverySide() throws {
        for glyph in try Self.glyphs("Noto Sans Regular").values where glyph.width > 0 {
            #expect(glyph.bitmap.count == (glyph.width + 6) * (glyph.height + 6))
        }
    }

    @Test func advancesAreFreeTypesAt24Pixels() throws {
        let glyphs = try Self.glyphs("Noto Sans Regular")
        let face = try Self.catalog.face(named: "NotoSans-Regular")
        let rasterizer = try GlyphRasterizer(face, pixelSize: 24)
        for character in "AWgil" {
            let scalar = character.unicodeScalars.first!
            let freeType = try #require(rasterizer.glyph(scalar)).advance
            #expect(glyphs[scalar.value]?.advance == Int(freeType.rounded()))
            // HarfBuzz, which the renderer shapes with, agrees (both scale the font's advance unhinted).
            let shaped = TextShaper(fonts: [face]).shape(String(character), size: 24).advance
            #expect(abs(shaped - freeType) < 0.01)
        }
        // Noto Sans' A is 639 units of 1000: 15.3 px.
        #expect(glyphs[65]?.advance == 15)
    }

    @Test func theFieldIsHighInsideTheInkAndLowOutside() throws {
        let glyphs = try Self.glyphs("Noto Sans Regular")
        for character: Unicode.Scalar in ["l", "I"] {
            let glyph = try #require(glyphs[character.value])
            // A vertical stem filling the ink box's width: its middle is well inside.
            let middle = Self.value(glyph, 3 + glyph.width / 2, 3 + glyph.height / 2)
            #expect(middle >= 192, "\(character) stem middle \(middle)")
            // The corners are the border's, 3 px and more from the ink.
            for (x, y) in [(0, 0), (glyph.bitmapWidth - 1, 0), (0, glyph.bitmapHeight - 1), (glyph.bitmapWidth - 1, glyph.bitmapHeight - 1)] {
                #expect(Self.value(glyph, x, y) < 192)
                #expect(Self.value(glyph, x, y) <= 100)
            }
        }
        // O's counter is outside the ink, its ring inside.
        let o = try #require(glyphs[UInt32(("O" as Unicode.Scalar).value)])
        #expect(Self.value(o, o.bitmapWidth / 2, o.bitmapHeight / 2) < 192)
        #expect(Self.value(o, 3, o.bitmapHeight / 2) >= 192 || Self.value(o, 4, o.bitmapHeight / 2) >= 192)
    }

    @Test func aSpaceHasAnAdvanceAndNoBitmap() throws {
        let space = try #require(try Self.glyphs("Noto Sans Regular")[0x20])
        #expect(space.advance == 6 && space.bitmap.isEmpty && space.width == 0 && space.height == 0)
        // Its top is the ascender's, as glyph servers write it: Noto Sans ascends 1069/1000 em, 25.6 px.
        #expect(space.top == -25 || space.top == -26)
    }

    /// The test suite's Open Sans Semibold glyphs came from a glyph server (node-fontnik); the bundled face
    /// should give the same boxes within a pixel, and fields that differ by a fraction of a pixel. The server
    /// truncates advances where the prototype and this generator round them: one more at most.
    @Test func openSansAgreesWithAGlyphServersFile() throws {
        let fixture = Self.repo.appendingPathComponent("Tests/Fixtures/maplibre-render/assets/glyphs/Open Sans Semibold,Arial Unicode MS Bold/0-255.pbf")
        let server = try GlyphPBF.decode([UInt8](try Data(contentsOf: fixture)))
        let ours = try Self.glyphs("Open Sans Semibold")
        var compared = 0, advancesOff = 0, metricsOff = 0
        var differences = 0, pixels = 0
        for (codePoint, theirs) in server {
            guard let mine = ours[codePoint] else { continue }
            compared += 1
            if !(0...1).contains(mine.advance - theirs.advance) { advancesOff += 1 }
            if abs(mine.left - theirs.left) > 1 || abs(mine.top - theirs.top) > 1 || abs(mine.width - theirs.width) > 1
                || abs(mine.height - theirs.height) > 1 { metricsOff += 1 }
            guard mine.width == theirs.width, mine.height == theirs.height, mine.left == theirs.left, mine.top == theirs.top else { continue }
            for (a, b) in zip(mine.bitmap, theirs.bitmap) {
                differences += abs(Int(a) - Int(b))
                pixels += 1
            }
        }
        #expect(compared >= 180)
        #expect(advancesOff == 0)
        #expect(metricsOff == 0)
        // One unit is 1/32 px of distance: the mean disagreement is a fraction of a pixel.
        let mean = Double(differences) / Double(max(pixels, 1))
        #expect(pixels > 50_000 && mean < 8, "mean difference \(mean) over \(pixels) pixels")
    }

    @Test func kanaComeFromTheInstalledFaceTheRendererUsesOrNotAtAll() throws {
        let range = GlyphRange(containing: "あ")
        let shaper = Self.generator.resolver.shaper(for: ["Noto Sans Regular"])
        let glyphs = try Self.glyphs("Noto Sans Regular", range)
        if let face = shaper.face(for: "あ") {
            // fontconfig found a CJK face (scripts/setup.sh installs Noto Sans CJK): its full-width glyph.
            let a = try #require(glyphs[0x3042])
            let advance = try #require(try GlyphRasterizer(face, pixelSize: 24).glyph("あ")).advance
            #expect(a.advance == Int(advance.rounded()) && a.advance >= 20)
            #expect(a.width > 10 && a.bitmap.count == (a.width + 6) * (a.height + 6))
        } else {
            #expect(glyphs[0x3042] == nil)
        }
        // Without installed faces the bundled ones have no kana: the range is empty, and the reader takes it.
        let bundledOnly = try FontCatalog(directory: Self.repo.appendingPathComponent("Fonts").path, systemFonts: false)
        let bare = try SDFGlyphGenerator(catalog: bundledOnly).pbf(fontStack: "Noto Sans Regular", range: range)
        #expect(try GlyphPBF.decode(bare).isEmpty)
    }

    @Test func aColourEmojiFallbackLeavesItsCharactersOutNotTheRange() throws {
        // The renderer may set emoji in an installed colour font of bitmaps only, which has no outline to
        // make a field from: those characters are missing, the rest of the range is made.
        let range = GlyphRange(containing: "\u{2600}")
        let glyphs = try Self.glyphs("Noto Sans Regular", range)
        let shaper = Self.generator.resolver.shaper(for: ["Noto Sans Regular"])
        for glyph in glyphs.values {
            #expect(shaper.face(for: Unicode.Scalar(glyph.id)!) != nil)
            #expect(glyph.width == 0 || glyph.bitmap.count == (glyph.width + 6) * (glyph.height + 6))
        }
        _ = try Self.generator.glyphs(fontStack: ["Noto Sans Regular"], range: GlyphRange(containing: "\u{1F600}"))
    }

    @Test func badRangesAndStacksAreTypedErrors() throws {
        #expect(throws: SDFGlyphError.badRange("1-256")) { try GlyphRange(parsing: "1-256") }
        #expect(throws: SDFGlyphError.badRange("0-511")) { try GlyphRange(parsing: "0-511") }
        #expect(throws: SDFGlyphError.badRange("abc")) { try GlyphRange(parsing: "abc") }
        #expect(try GlyphRange(parsing: "65280-65535").start == 65280)
        #expect(throws: SDFGlyphError.emptyFontStack) { try Self.generator.pbf(fontStack: " , ", range: Self.latin) }
    }

    @Test func theWriterWritesWhatTheReaderReads() throws {
        let glyph = SDFGlyph(id: 0x1F600 & 0xFFFF, bitmap: (0..<(7 * 8)).map { UInt8($0) }, width: 1, height: 2, left: -3, top: -70, advance: 300)
        let space = SDFGlyph(id: 32, bitmap: [], width: 0, height: 0, left: 0, top: -26, advance: 6)
        let bytes = GlyphPBFWriter.encode(fontStack: "A,B", range: "0-255", glyphs: [glyph, space])
        #expect(try GlyphPBF.decode(bytes) == [glyph.id: glyph, 32: space])
        #expect(GlyphPBFWriter.zigzag(-1) == 1 && GlyphPBFWriter.zigzag(1) == 2 && GlyphPBFWriter.zigzag(-70) == 139)
    }

    @Test func requestsAtOnceGiveTheSameBytes() async throws {
        let expected = try Self.generator.pbf(fontStack: "Roboto Regular", range: Self.latin)
        let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<6 {
                group.addTask { try Self.generator.pbf(fontStack: "Roboto Regular", range: Self.latin) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 6 && results.allSatisfy { $0 == expected })
    }
}
