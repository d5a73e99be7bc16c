import Canvas
import Foundation

/// One cluster of text laid along a line: a letter with its marks, a ligature, an Indic syllable. Its glyphs
/// keep their places relative to one another (an Indic syllable's headline stays whole, a mark stays on its
/// letter) and the cluster turns as one with the line at its centre; Arabic, shaped before it is cut into
/// clusters, keeps its joining forms.
struct LineCluster {
    let face: FontFace
    /// The cluster's glyphs relative to its start on the baseline (device px at the text's size).
    let glyphs: [(id: UInt32, dx: Double, dy: Double)]
    /// The cluster's centre along the text, from the text's start.
    let center: Double
    let advance: Double

    /// The clusters of `text` in visual order: runs of glyphs of one face and one HarfBuzz cluster.
    static func clusters(of text: ShapedText) -> [LineCluster] {
        let flat = text.runs.flatMap { run in run.glyphs.map { (face: run.face, glyph: $0) } }
        var clusters: [LineCluster] = []
        var i = 0
        while i < flat.count {
            var j = i + 1
            while j < flat.count && flat[j].face === flat[i].face && flat[j].glyph.cluster == flat[i].glyph.cluster { j += 1 }
            // The cluster starts at the leftmost of its glyphs and ends where the next one starts.
            let start = flat[i..<j].map(\.glyph.x).min()!
            let next = j < flat.count ? flat[j].glyph.x : text.advance
            let advance = max(next - start, 0)
            clusters.append(LineCluster(face: flat[i].face, glyphs: flat[i..<j].map { ($0.glyph.id, $0.glyph.x - start, $0.glyph.y) },
                                        center: start + advance / 2, advance: advance))
            i = j
        }
        return clusters
    }

    /// The cluster's glyphs with their centre at `at` on a line running at `at.angle`, `scale` times the size
    /// it was shaped at; the line runs through the middle of the capitals (`capHeight`, unscaled).
    func placed(at: (x: Double, y: Double, angle: Double), scale: Double, capHeight: Double) -> [PlacedGlyph] {
        let (c, s) = (cos(at.angle), sin(at.angle))
        // The cluster's start on the baseline: half its advance back along the line, half the capitals below it.
        let ox = at.x - c * advance * scale / 2 - s * capHeight * scale / 2
        let oy = at.y - s * advance * scale / 2 + c * capHeight * scale / 2
        return glyphs.map { glyph in
            let dx = glyph.dx * scale, dy = glyph.dy * scale
            return PlacedGlyph(face: face, id: glyph.id, x: ox + c * dx - s * dy, y: oy + s * dx + c * dy, angle: at.angle)
        }
    }
}
