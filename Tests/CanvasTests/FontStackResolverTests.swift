import Testing
@testable import Canvas

@Suite struct FontStackResolverTests {
    let resolver = FontStackResolver(catalog: TestFonts.catalog)

    @Test(arguments: [
        (["Noto Sans Regular"], "NotoSans-Regular"),
        (["Noto Sans Bold"], "Inter-SemiBold"),
        (["Metropolis Medium Italic", "Noto Sans Italic"], "Inter-Medium"),
        // Like a glyph server, the first font of the stack that exists wins.
        (["Metropolis Light", "Noto Sans Regular"], "NotoSans-Regular"),
        (["Metropolis Light"], "Inter-Light"),
        (["Roboto Regular"], "Inter-Regular"),
        (["Roboto Condensed Italic"], "Inter-Regular"),
    ])
    func publicStyleFontStacksMapToBundledFaces(_ stack: [String], _ expected: String) {
        #expect(resolver.face(for: stack).name == expected)
    }

    @Test func shaperFallsBackForMissingCharacters() {
        let text = resolver.shaper(for: ["Roboto Medium"]).shape("ﬁ", size: 20)
        #expect(text.faceNames == ["NotoSans-Regular"])
    }
}
