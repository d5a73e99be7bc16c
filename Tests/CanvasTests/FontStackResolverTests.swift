import Testing
@testable import Canvas

@Suite struct FontStackResolverTests {
    let resolver = FontStackResolver(catalog: TestFonts.catalog)

    @Test(arguments: [
        (["Noto Sans Regular"], "NotoSans-Regular"),
        (["Noto Sans Bold"], "NotoSans-Bold"),
        (["Metropolis Medium Italic", "Noto Sans Italic"], "NotoSans-Italic"),
        // Like a glyph server, the first font of the stack that exists wins.
        (["Metropolis Light", "Noto Sans Regular"], "NotoSans-Regular"),
        (["Metropolis Light"], "Inter-Light"),
        (["Roboto Regular"], "Roboto-Regular"),
        (["Roboto Condensed Italic"], "RobotoCondensed-Italic"),
    ])
    func publicStyleFontStacksMapToBundledFaces(_ stack: [String], _ expected: String) {
        #expect(resolver.face(for: stack).name == expected)
    }

    @Test func shaperFallsBackForMissingCharacters() {
        // U+20BF BITCOIN SIGN is not in Roboto.
        let text = resolver.shaper(for: ["Roboto Medium"]).shape("₿", size: 20)
        #expect(text.faceNames == ["NotoSans-Regular"])
    }
}
