import Foundation
import Testing
@testable import Canvas

@Suite struct TextShaperTests {
    let catalog = TestFonts.catalog

    @Test func catalogLoadsTheBundledFonts() throws {
        #expect(Set(catalog.faces.keys) == Self.bundled)
        #expect(catalog.fallbackNames == ["NotoSans-Regular"])
    }

    static let bundled: Set<String> = [
        "EBGaramond12-Italic", "EBGaramond12-Regular", "Inter-Italic", "Inter-Light", "Inter-Medium", "Inter-Regular", "Inter-SemiBold",
        "Lato-Bold", "Lato-Italic", "Lato-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-Regular", "NotoSerif-Bold",
        "NotoSerif-Italic", "NotoSerif-Regular", "OpenSans-Bold", "OpenSans-Italic", "OpenSans-Regular", "OpenSans-Semibold",
        "Roboto-Bold", "Roboto-Italic", "Roboto-Medium", "Roboto-Regular", "RobotoCondensed-Italic", "RobotoCondensed-Regular",
        // carto-art's families, 400 and 700.
        "Inter-Bold", "EBGaramond12-Bold", "Montserrat-Regular", "Montserrat-Bold", "Poppins-Regular", "Poppins-Bold", "BebasNeue-Regular",
        "Oswald-Regular", "Oswald-Bold", "Outfit-Regular", "Outfit-Bold", "DMSans-Regular", "DMSans-Bold", "JetBrainsMono-Regular",
        "JetBrainsMono-Bold", "IBMPlexMono-Regular", "IBMPlexMono-Bold", "SpaceMono-Regular", "SpaceMono-Bold", "PlayfairDisplay-Regular",
        "PlayfairDisplay-Bold", "CrimsonText-Regular", "CrimsonText-Bold", "CormorantGaramond-Regular", "CormorantGaramond-Bold",
        "Quicksand-Regular", "Quicksand-Bold", "Spectral-Regular", "Spectral-Bold",
    ]

    /// Every title family the API offers resolves to a face of that family in the weight asked for (the
    /// nearest one it has), never to the Inter fallback.
    @Test func everyTitleFamilyResolvesToItsOwnFaces() {
        let resolver = FontStackResolver(catalog: catalog)
        let families = ["Montserrat", "Poppins", "Bebas Neue", "Oswald", "Outfit", "DM Sans", "JetBrains Mono", "IBM Plex Mono", "Space Mono",
                        "Playfair Display", "Crimson Text", "Cormorant Garamond", "Quicksand", "Spectral", "EB Garamond", "Inter"]
        for family in families {
            let key = family.replacingOccurrences(of: " ", with: "")
            let bold = resolver.face(for: ["\(family) Bold"]).name
            let regular = resolver.face(for: ["\(family) Regular"]).name
            #expect(regular.replacingOccurrences(of: "12", with: "") == "\(key)-Regular", "\(family): \(regular)")
            #expect(bold.replacingOccurrences(of: "12", with: "") == (family == "Bebas Neue" ? "BebasNeue-Regular" : "\(key)-Bold"), "\(family): \(bold)")
        }
        // A weight the family lacks takes its nearest: Montserrat Medium (500) sets in Regular (400).
        #expect(resolver.face(for: ["Montserrat Medium"]).name == "Montserrat-Regular")
    }

    @Test func aMissingFontDirectorySaysWhatToSet() {
        #expect(throws: CanvasError(.fontLoad, "cannot list the font directory /nonexistent/Fonts: set CARTOPRESS_HOME to a CartoPress checkout or installation (the directory that holds Fonts/ and Styles/)")) {
            try FontCatalog(directory: "/nonexistent/Fonts")
        }
    }

    @Test func facesLoadOnFirstUseAndABrokenFileFailsByItsName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-fonts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: TestFonts.directory + "/Inter-Regular.otf", toPath: directory.path + "/Inter-Regular.otf")
        try Data("not a font".utf8).write(to: directory.appendingPathComponent("Broken-Regular.ttf"))
        // The broken file is listed, not loaded: the catalogue opens.
        let catalog = try FontCatalog(directory: directory.path, systemFonts: false)
        #expect(catalog.names == ["Broken-Regular", "Inter-Regular"])
        let broken = CanvasError(.fontLoad, "FreeType could not read \(directory.path)/Broken-Regular.ttf (error 2); is it a TrueType/OpenType font?")
        #expect(throws: broken) { try catalog.face(named: "Broken-Regular") }
        #expect(throws: broken) { try catalog.loadAll() }
        #expect(catalog.existingFace("Broken-Regular") == nil)
        // A face is loaded once and shared.
        #expect(try catalog.face(named: "Inter-Regular") === catalog.face(named: "Inter-Regular"))
        // A stack naming the broken face sets in the fallback.
        #expect(FontStackResolver(catalog: catalog).face(for: ["Broken Regular"]).name == "Inter-Regular")
        #expect(Set(catalog.faces.keys) == ["Inter-Regular"])
    }

    @Test func unknownFontNamesWhatExists() {
        #expect(throws: CanvasError(.fontLoad, "no font named Comic; available: \(Self.bundled.sorted().joined(separator: ", "))")) {
            try catalog.face(named: "Comic")
        }
    }

    @Test(arguments: [
        (["Roboto Regular"], "Roboto-Regular"), (["Roboto Condensed Italic"], "RobotoCondensed-Italic"),
        (["Open Sans Semibold"], "OpenSans-Semibold"), (["Open Sans Bold Italic"], "OpenSans-Italic"),
        (["Noto Serif Regular"], "NotoSerif-Regular"), (["EB Garamond Italic"], "EBGaramond12-Italic"),
        (["Lato Black"], "Lato-Bold"), (["Metropolis Medium", "Noto Sans Regular"], "NotoSans-Regular"),
        (["Metropolis Medium"], "Inter-Medium"), (["Klokantech Noto Sans Bold"], "Inter-SemiBold"),
    ])
    func fontStacksResolveToTheNearestBundledFace(_ stack: [String], _ expected: String) {
        #expect(FontStackResolver(catalog: catalog).face(for: stack).name == expected, "\(stack)")
    }

    @Test func advancesScaleLinearlyWithSize() throws {
        // Guards against HarfBuzz and cairo sharing one FT_Face, which squeezes text after drawing.
        let shaper = try catalog.shaper(primary: "Inter-Regular")
        let small = shaper.shape("HELSINKI", size: 50)
        let surface = try ImageSurface(width: 400, height: 100)
        let context = try DrawingContext(surface: surface)
        context.draw(shaper.shape("HELSINKI", size: 80), x: 0, y: 80, color: .black)
        let large = shaper.shape("HELSINKI", size: 100)
        #expect(abs(large.advance - 2 * small.advance) < 1e-9)
        #expect(large.advance > 400 && large.advance < 700)
    }

    @Test func letterSpacingIsAddedBetweenClusters() throws {
        let shaper = try catalog.shaper(primary: "Inter-Regular")
        let plain = shaper.shape("ABCD", size: 40)
        let spaced = shaper.shape("ABCD", size: 40, letterSpacing: 10)
        #expect(abs(spaced.advance - plain.advance - 30) < 1e-9)
        #expect(spaced.glyphCount == 4)
    }

    @Test func kerningTightensAV() throws {
        let shaper = try catalog.shaper(primary: "Inter-Regular")
        let pair = shaper.shape("AV", size: 100).advance
        let apart = shaper.shape("A", size: 100).advance + shaper.shape("V", size: 100).advance
        #expect(pair < apart)
    }

    @Test func missingCharactersFallBackToNotoSans() throws {
        let shaper = try catalog.shaper(primary: "Inter-Regular")
        let text = shaper.shape("Kaﬁ", size: 30)  // U+FB01 is not in Inter
        #expect(text.faceNames == ["Inter-Regular", "NotoSans-Regular"])
        #expect(text.runs.allSatisfy { run in run.glyphs.allSatisfy { $0.id != 0 } })
    }

    @Test func metricsComeFromTheFont() throws {
        let metrics = try catalog.face(named: "Inter-Regular").metrics(size: 100)
        #expect(metrics.capHeight > 70 && metrics.capHeight < 75)
        #expect(metrics.ascender > metrics.capHeight)
        #expect(metrics.descender < 0)
    }
}
