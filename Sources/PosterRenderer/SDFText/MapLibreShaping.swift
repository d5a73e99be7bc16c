/// A label's text set as MapLibre's `shapeText` sets it: glyph pen positions and the block's box, in
/// 24 px units (MapLibre's ONE_EM) about the anchor; text-size scales them by `size / 24`.
struct MapLibreShaping: Sendable {
    /// One glyph on its line: the pen position (x) and the line's y, as `PositionedGlyph`.
    struct Glyph: Sendable {
        var glyph: SDFGlyph
        var x: Double
        var y: Double
    }

    var glyphs: [Glyph]
    var top: Double
    var bottom: Double
    var left: Double
    var right: Double
    var lineCount: Int
}

/// MapLibre's text layout (`src/symbol/shaping.ts`) for one font section of horizontal text: balanced line
/// breaking under `text-max-width`, each line justified, the block aligned on its anchor and moved by
/// `text-offset`. Bidirectional and vertical text, images in text and sections of other scales are not
/// laid out here.
struct MapLibreShaper {
    /// MapLibre's glyphs are drawn at 24 px: the unit of every length here.
    static let oneEm = 24.0
    /// Where the first line's glyphs sit below the block's top before alignment (`SHAPING_DEFAULT_OFFSET`).
    static let defaultOffset = -17.0

    /// The glyph of a code point, nil when the fonts have none (it is then left out, taking no room).
    let glyph: (UInt32) -> SDFGlyph?

    struct Layout {
        /// Lines wrap near this width (24 px units); infinite for text along lines.
        var maxWidth: Double
        var lineHeight: Double
        /// `text-letter-spacing` in 24 px units.
        var spacing: Double
        var anchor: String
        /// `left`, `center` or `right` (`auto` resolved from the anchor beforehand).
        var justify: String
        /// `text-offset` in 24 px units.
        var offset: (x: Double, y: Double)
        /// Point placement breaks lines; line placement never does.
        var breaksLines: Bool
    }

    /// The shaping, nil when no glyph of the text could be set (MapLibre then places no text).
    func shape(_ text: String, _ layout: Layout) -> MapLibreShaping? {
        let codePoints = text.unicodeScalars.map(\.value)
        let breaks = layout.breaksLines ? lineBreaks(codePoints, layout) : []
        var lines: [ArraySlice<UInt32>] = []
        var start = 0
        for index in breaks {
            lines.append(codePoints[start..<index])
            start = index
        }
        if start < codePoints.count { lines.append(codePoints[start...]) }

        let justify = layout.justify == "right" ? 1.0 : layout.justify == "left" ? 0 : 0.5
        var glyphs: [MapLibreShaping.Glyph] = []
        var y = Self.defaultOffset
        var maxLineLength = 0.0
        for line in lines {
            let trimmed = Self.trimmed(line)
            if trimmed.isEmpty {
                // An empty line still takes a line's height.
                y += layout.lineHeight
                continue
            }
            var x = 0.0
            let first = glyphs.count
            for codePoint in trimmed {
                guard let glyph = glyph(codePoint) else { continue }
                glyphs.append(.init(glyph: glyph, x: x, y: y))
                x += Double(glyph.advance) + layout.spacing
            }
            if glyphs.count > first {
                maxLineLength = max(x - layout.spacing, maxLineLength)
                // justifyLine: the line moved left by its justified share of its own length.
                let last = glyphs[glyphs.count - 1]
                let indent = (last.x + Double(last.glyph.advance)) * justify
                for i in first..<glyphs.count { glyphs[i].x -= indent }
            }
            y += layout.lineHeight
        }
        guard !glyphs.isEmpty else { return nil }

        let height = y - Self.defaultOffset
        let (horizontal, vertical) = Self.alignment(layout.anchor)
        // align(): sections of one scale make every line `lineHeight` high.
        let shiftX = (justify - horizontal) * maxLineLength
        let shiftY = (-vertical * Double(lines.count) + 0.5) * layout.lineHeight
        for i in glyphs.indices {
            glyphs[i].x += shiftX
            glyphs[i].y += shiftY
        }
        let top = layout.offset.y - vertical * height, left = layout.offset.x - horizontal * maxLineLength
        return MapLibreShaping(glyphs: glyphs, top: top, bottom: top + height, left: left, right: left + maxLineLength, lineCount: lines.count)
    }

    /// The anchor's place on the block: 0 left or top, 0.5 centre, 1 right or bottom.
    static func alignment(_ anchor: String) -> (horizontal: Double, vertical: Double) {
        let horizontal = anchor.hasSuffix("left") ? 0.0 : anchor.hasSuffix("right") ? 1 : 0.5
        let vertical = anchor.hasPrefix("top") ? 0.0 : anchor.hasPrefix("bottom") ? 1 : 0.5
        return (horizontal, vertical)
    }

    /// `text-justify: auto`: the side the anchor is on.
    static func justification(auto anchor: String) -> String {
        anchor.hasSuffix("left") ? "left" : anchor.hasSuffix("right") ? "right" : "center"
    }

    // MARK: - Line breaking

    private static let whitespace: Set<UInt32> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20]
    private static let breakable: Set<UInt32> = [0x0A, 0x20, 0x26, 0x29, 0x2B, 0x2D, 0x2F, 0xAD, 0xB7, 0x200B, 0x2010, 0x2013, 0x2027]

    /// A line without the white space at either end (JavaScript's `\s`, for the characters labels hold).
    static func trimmed(_ line: ArraySlice<UInt32>) -> ArraySlice<UInt32> {
        func isSpace(_ c: UInt32) -> Bool { whitespace.contains(c) || c == 0xA0 || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0x3000 }
        var line = line
        while let first = line.first, isSpace(first) { line = line.dropFirst() }
        while let last = line.last, isSpace(last) { line = line.dropLast() }
        return line
    }

    /// Characters after which CJK text may break without a space (a subset of MapLibre's table: the
    /// ideographic blocks, kana, Hangul and full-width forms).
    static func allowsIdeographicBreaking(_ c: UInt32) -> Bool {
        (0x2E80...0x2FDF).contains(c) || (0x2FF0...0x303F).contains(c) || (0x3040...0x9FFF).contains(c)
            || (0xA000...0xA4CF).contains(c) || (0xAC00...0xD7AF).contains(c) || (0xF900...0xFAFF).contains(c)
            || (0xFE30...0xFE4F).contains(c) || (0xFF00...0xFFEF).contains(c) || (0x20000...0x2FFFF).contains(c)
    }

    private struct Break {
        var index: Int
        var x: Double
        var prior: Int?
        var badness: Double
    }

    private func advance(_ c: UInt32, _ layout: Layout) -> Double {
        guard let glyph = glyph(c) else { return 0 }
        return Double(glyph.advance) + layout.spacing
    }

    /// Where MapLibre breaks the lines (`determineLineBreaks`): the breaks whose lines come closest to
    /// the average width the text would have on as few lines as `text-max-width` allows.
    func lineBreaks(_ text: [UInt32], _ layout: Layout) -> [Int] {
        guard !text.isEmpty, layout.maxWidth > 0, layout.maxWidth.isFinite else { return [] }
        let total = text.reduce(0.0) { $0 + advance($1, layout) }
        let lineCount = max(1, (total / layout.maxWidth).rounded(.up))
        let target = total / lineCount
        let hasZeroWidthSpaces = text.contains(0x200B)
        var breaks: [Break] = []
        var x = 0.0
        for (i, c) in text.enumerated() {
            if !Self.whitespace.contains(c) { x += advance(c, layout) }
            guard i + 1 < text.count else { continue }
            let ideographic = Self.allowsIdeographicBreaking(c)
            let next = text[i + 1]
            if Self.breakable.contains(c) || ideographic || (i + 2 < text.count && next == 0x28) {
                breaks.append(evaluate(i + 1, x, target, breaks, penalty(c, next, ideographic && hasZeroWidthSpaces), last: false))
            }
        }
        var result: [Int] = []
        var current: Break? = evaluate(text.count, x, target, breaks, 0, last: true)
        while let step = current {
            result.append(step.index)
            current = step.prior.map { breaks[$0] }
        }
        return result.reversed()
    }

    private func penalty(_ c: UInt32, _ next: UInt32, _ ideographic: Bool) -> Double {
        var penalty = 0.0
        if c == 0x0A { penalty -= 10_000 }
        if ideographic { penalty += 150 }
        if c == 0x28 || c == 0xFF08 { penalty += 50 }
        if next == 0x29 || next == 0xFF09 { penalty += 50 }
        return penalty
    }

    private func badness(_ width: Double, _ target: Double, _ penalty: Double, last: Bool) -> Double {
        let raggedness = (width - target) * (width - target)
        if last { return width < target ? raggedness / 2 : raggedness * 2 }
        return raggedness + abs(penalty) * penalty
    }

    private func evaluate(_ index: Int, _ x: Double, _ target: Double, _ breaks: [Break], _ penalty: Double, last: Bool) -> Break {
        var best: Int?
        var bestBadness = badness(x, target, penalty, last: last)
        for (i, prior) in breaks.enumerated() {
            let value = badness(x - prior.x, target, penalty, last: last) + prior.badness
            if value <= bestBadness {
                best = i
                bestBadness = value
            }
        }
        return Break(index: index, x: x, prior: best, badness: bestBadness)
    }
}
