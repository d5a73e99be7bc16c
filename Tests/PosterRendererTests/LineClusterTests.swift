import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// Text along lines is laid out cluster by cluster: an Indic syllable's glyphs (a vowel sign drawn before
/// its consonant, a conjunct) turn together with the line, never apart.
@Suite struct LineClusterTests {
    let shaper = FontStackResolver(catalog: RendererTests.fonts).shaper(for: ["Noto Sans Regular"])

    @Test func aSyllableIsOneClusterAndTurnsWhole() throws {
        // कि: the vowel sign ि is drawn before क, in the same cluster.
        let text = shaper.shape("कि", size: 40)
        #expect(text.glyphCount == 2)
        let clusters = LineCluster.clusters(of: text)
        #expect(clusters.count == 1)
        let cluster = try #require(clusters.first)
        let flat = cluster.placed(at: (x: 100, y: 100, angle: 0), scale: 1, capHeight: 0)
        let turned = cluster.placed(at: (x: 100, y: 100, angle: .pi / 3), scale: 1, capHeight: 0)
        // The two glyphs keep their distance and turn by the line's angle together.
        func gap(_ glyphs: [PlacedGlyph]) -> (length: Double, angle: Double) {
            (hypot(glyphs[1].x - glyphs[0].x, glyphs[1].y - glyphs[0].y), atan2(glyphs[1].y - glyphs[0].y, glyphs[1].x - glyphs[0].x))
        }
        #expect(abs(gap(flat).length - gap(turned).length) < 1e-9)
        #expect(abs(gap(turned).angle - gap(flat).angle - .pi / 3) < 1e-9)
        #expect(turned.allSatisfy { abs($0.angle - .pi / 3) < 1e-12 })
    }

    @Test func latinLettersAreClustersOfTheirOwn() {
        let text = shaper.shape("Oodi", size: 20)
        let clusters = LineCluster.clusters(of: text)
        #expect(clusters.count == 4 && clusters.allSatisfy { $0.glyphs.count == 1 })
        // Centres follow one another, each half its advance past its start.
        #expect(zip(clusters, clusters.dropFirst()).allSatisfy { $0.center < $1.center })
        #expect(abs(clusters.last!.center + clusters.last!.advance / 2 - text.advance) < 1e-9)
    }
}
