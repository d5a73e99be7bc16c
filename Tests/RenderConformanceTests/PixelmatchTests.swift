import Testing
@testable import RenderConformance

/// pixelmatch's semantics: the colour threshold, blending over white, and anti-aliased pixels not counted.
@Suite struct PixelmatchTests {
    static func image(_ width: Int, _ height: Int, _ color: (Int, Int) -> [UInt8]) -> Pixelmatch.Image {
        var rgba: [UInt8] = []
        for y in 0..<height { for x in 0..<width { rgba += color(x, y) } }
        return Pixelmatch.Image(width: width, height: height, rgba: rgba)
    }

    @Test func identicalImagesDoNotDiffer() {
        let a = Self.image(8, 8) { x, y in [UInt8(x * 30), UInt8(y * 30), 100, 255] }
        #expect(Pixelmatch.compare(a, a).mismatched == 0)
    }

    @Test func aDifferentPixelInAFlatAreaCounts() {
        let a = Self.image(8, 8) { _, _ in [255, 255, 255, 255] }
        let b = Self.image(8, 8) { x, y in x == 4 && y == 4 ? [0, 0, 0, 255] : [255, 255, 255, 255] }
        let (mismatched, diff) = Pixelmatch.compare(a, b)
        #expect(mismatched == 1)
        #expect(Array(diff.rgba[(4 * 8 + 4) * 4..<(4 * 8 + 4) * 4 + 4]) == [255, 0, 0, 255])
    }

    @Test func smallColourChangesAreWithinTheThreshold() {
        let a = Self.image(4, 4) { _, _ in [200, 100, 50, 255] }
        let b = Self.image(4, 4) { _, _ in [203, 101, 50, 255] }
        #expect(Pixelmatch.compare(a, b, threshold: 0.1).mismatched == 0)
        #expect(Pixelmatch.compare(a, b, threshold: 0).mismatched == 16)
    }

    @Test func transparencyIsBlendedOverWhite() {
        // Fully transparent black and opaque white look the same once blended over white.
        let clear = Self.image(4, 4) { _, _ in [0, 0, 0, 0] }
        let white = Self.image(4, 4) { _, _ in [255, 255, 255, 255] }
        #expect(Pixelmatch.compare(clear, white).mismatched == 0)
    }

    @Test func antiAliasedEdgePixelsAreNotCounted() {
        // A vertical edge from black to white; the second image has a grey pixel on the edge, as anti-aliasing makes.
        let a = Self.image(9, 9) { x, _ in x < 4 ? [0, 0, 0, 255] : [255, 255, 255, 255] }
        let b = Self.image(9, 9) { x, y in x < 4 ? [0, 0, 0, 255] : (x == 4 && y == 4 ? [128, 128, 128, 255] : [255, 255, 255, 255]) }
        #expect(Pixelmatch.compare(a, b).mismatched == 0)
        #expect(Pixelmatch.compare(a, b, includeAA: true).mismatched == 1)
    }
}
