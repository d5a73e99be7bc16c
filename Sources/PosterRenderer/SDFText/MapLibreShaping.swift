/// A label's text set as MapLibre's `shapeText` sets it: glyph pen positions and the block's box, in
/// 24 px units (MapLibre's ONE_EM) about the anchor; text-size scales them by `size / 24`.
struct MapLibreShaping: Sendable {
    /// One glyph (or image) on its line: the pen position (x) and its y, as `PositionedGlyph`.
    struct Glyph: Sendable {
        var glyph: SDFGlyph
        var x: Double
        var y: Double
        /// The section's `font-scale` (for an image, its size against the text's).
        var scale = 1.0
        /// The `format` section the glyph comes from.
        var section = 0
        /// The image an image section shows here, with its size (CSS pixels); nil for a glyph.
        var image: TextImage?
        /// Set upright in vertical text (turned against the label's quarter turn).
        var vertical = false
        /// The offset of its line's content beyond one em (`PositionedLine.lineOffset`).
        var lineOffset = 0.0

        /// The pen's advance past this glyph before scaling (24 px units, or CSS pixels for an image).
        var advance: Double { image.map { vertical ? $0.height : $0.width } ?? Double(glyph.advance) }
    }

    var glyphs: [Glyph]
    var top: Double
    var bottom: Double
    var left: Double
    var right: Double
    var lineCount: Int
    /// Shaped for vertical writing: set along x, drawn a quarter turn clockwise.
    var isVertical = false
    /// Some glyph stands upright (MapLibre then centres glyphs and images on their vertical line).
    var verticalizable = false
}

/// An image set inline in text (a `format` expression's `image` section): its name and display size.
struct TextImage: Sendable {
    var name: String
    /// CSS pixels (the sprite's pixels over its pixel ratio).
    var width: Double
    var height: Double
}

/// One `format` section as shaping sees it: the scale and fonts of text, or the image it shows.
struct ShapingSection: Sendable {
    var scale: Double
    var fontStack: String
    var image: TextImage?
    /// An image section whose image the sprite lacks: it takes no room and draws nothing.
    var imageMissing = false
}

/// Text tagged with its sections, as MapLibre's `TaggedString`: each code point with the index of its
/// section; an image is one code point of the private use area.
struct TaggedText: Sendable {
    var codePoints: [UInt32]
    var sectionIndex: [Int]
    var sections: [ShapingSection]

    /// Plain text in one section.
    init(_ text: String, fontStack: String) {
        codePoints = text.unicodeScalars.map(\.value)
        sectionIndex = Array(repeating: 0, count: codePoints.count)
        sections = [ShapingSection(scale: 1, fontStack: fontStack)]
    }

    init(codePoints: [UInt32], sectionIndex: [Int], sections: [ShapingSection]) {
        self.codePoints = codePoints
        self.sectionIndex = sectionIndex
        self.sections = sections
    }

    /// The text as a string (images as their private-use code points).
    var string: String {
        String(String.UnicodeScalarView(codePoints.compactMap(Unicode.Scalar.init)))
    }
}

/// MapLibre's text layout (`src/symbol/shaping.ts`) of horizontal text in `format` sections: balanced
/// line breaking under `text-max-width`, each section at its scale and in its fonts, images sized by
/// the text and set on the baseline, each line justified, the block aligned on its anchor and moved by
/// `text-offset`. Bidirectional and vertical text are not laid out here.
struct MapLibreShaper {
    /// MapLibre's glyphs are drawn at 24 px: the unit of every length here.
    static let oneEm = 24.0
    /// Where the first line's glyphs sit below the block's top before alignment (`SHAPING_DEFAULT_OFFSET`).
    static let defaultOffset = -17.0

    /// The glyph of a code point in a font stack, nil when the fonts have none (it is then left out,
    /// taking no room).
    private let lookUp: (UInt32, String) -> SDFGlyph?

    init(glyph: @escaping (UInt32, String) -> SDFGlyph?) { lookUp = glyph }

    /// The glyph of a code point; control characters (line feeds) have none and are not asked for.
    func glyph(_ c: UInt32, _ fontStack: String) -> SDFGlyph? { c < 0x20 ? nil : lookUp(c, fontStack) }

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
        /// Shaped for vertical writing (punctuation in its vertical forms, upright glyphs one em apart).
        var vertical = false
        /// The layer may place point labels vertically (`text-writing-mode` has `vertical`): then every
        /// glyph but white space and Arabic stands upright in vertical text; otherwise only those whose
        /// script stands upright.
        var allowVerticalPlacement = false
        /// The text size at the tile's zoom + 1 and at its zoom: images in text are sized against them.
        var layoutTextSize = 16.0
        var textSizeThisZoom = 16.0
    }

    /// Plain text in one font stack.
    func shape(_ text: String, fontStack: String, _ layout: Layout) -> MapLibreShaping? {
        shape(TaggedText(text, fontStack: fontStack), layout)
    }

    /// The shaping, nil when no glyph of the text could be set (MapLibre then places no text).
    func shape(_ text: TaggedText, _ layout: Layout) -> MapLibreShaping? {
        var text = text
        if layout.vertical { text.codePoints = VerticalOrientation.verticalizingPunctuation(text.codePoints) }
        var verticalizable = false
        var breaks = layout.breaksLines ? lineBreaks(text, layout) : []
        // MapLibre's RTL plugin also breaks lines where paragraphs end (as after U+001C).
        if layout.breaksLines, BidiOrder.applies(to: text.codePoints) {
            breaks = Array(Set(breaks + BidiOrder.paragraphBreaks(text.codePoints))).sorted()
        }
        var lines: [Range<Int>] = []
        var start = 0
        for index in breaks {
            lines.append(start..<index)
            start = index
        }
        if start < text.codePoints.count { lines.append(start..<text.codePoints.count) }

        // Right-to-left text: each line's characters in the order they are laid out (MapLibre's RTL plugin).
        let bidi = BidiOrder.applies(to: text.codePoints)
        let orders: [[Int]] = lines.map { bidi ? BidiOrder.visualOrder(text.codePoints, $0) : Array($0) }
        let justify = layout.justify == "right" ? 1.0 : layout.justify == "left" ? 0 : 0.5
        let sizeFactor = Self.oneEm / layout.textSizeThisZoom
        var glyphs: [MapLibreShaping.Glyph] = []
        var y = 0.0
        var maxLineLength = 0.0, maxLineHeight = 0.0
        for line in orders {
            let trimmed = Self.trimmed(text, line)
            if trimmed.isEmpty {
                // An empty line still takes a line's height.
                y += layout.lineHeight
                continue
            }
            let lineMaxScale = trimmed.reduce(0.0) { max($0, text.sections[text.sectionIndex[$1]].scale) }
            // The line's content is as high as its largest section or image.
            var maxImageWidth = 0.0, maxImageHeight = 0.0
            for i in trimmed {
                if let image = text.sections[text.sectionIndex[i]].image {
                    maxImageWidth = max(maxImageWidth, image.width)
                    maxImageHeight = max(maxImageHeight, image.height)
                }
            }
            let contentHeight = max(lineMaxScale * Self.oneEm, maxImageHeight * sizeFactor)
            let contentWidth = max(lineMaxScale * Self.oneEm, maxImageWidth * sizeFactor)
            var imageOffset = 0.0
            var x = 0.0
            let first = glyphs.count
            for i in trimmed {
                let sectionIndex = text.sectionIndex[i]
                let section = text.sections[sectionIndex]
                if section.imageMissing { continue }
                let c = text.codePoints[i]
                let vertical = layout.vertical && (layout.allowVerticalPlacement
                    ? !(Self.whitespace.contains(c) || VerticalOrientation.isComplexShaping(c)) : VerticalOrientation.isUpright(c))
                if let image = section.image {
                    let scale = section.scale * sizeFactor
                    let blank = SDFGlyph(id: c, bitmap: [], width: 0, height: 0, left: 1, top: -SDFGlyph.border, advance: 0)
                    // Set on the baseline: its bottom where the line's glyphs sit.
                    let baselineOffset = vertical ? contentWidth - image.height * scale : contentHeight - image.height * scale
                    glyphs.append(.init(glyph: blank, x: x, y: y + baselineOffset + Self.defaultOffset, scale: scale, section: sectionIndex,
                                        image: image, vertical: vertical))
                    // An image higher than the line's largest text pushes the line down.
                    imageOffset = max(imageOffset, (vertical ? image.width : image.height) * scale - Self.oneEm * lineMaxScale)
                    x += (vertical ? image.height : image.width) * scale + layout.spacing
                } else {
                    guard let glyph = glyph(c, section.fontStack) else { continue }
                    let baselineOffset = vertical ? contentWidth - section.scale * Self.oneEm : contentHeight - section.scale * Self.oneEm
                    glyphs.append(.init(glyph: glyph, x: x, y: y + baselineOffset + Self.defaultOffset, scale: section.scale, section: sectionIndex,
                                        vertical: vertical))
                    // Upright glyphs in vertical text are one em apart, whatever their advance.
                    x += (vertical ? Self.oneEm : Double(glyph.advance)) * section.scale + layout.spacing
                }
                if vertical { verticalizable = true }
            }
            if glyphs.count > first {
                maxLineLength = max(x - layout.spacing, maxLineLength)
                // justifyLine: the line moved left by its justified share of its own length.
                let last = glyphs[glyphs.count - 1]
                let indent = (last.x + last.advance * last.scale) * justify
                for i in first..<glyphs.count { glyphs[i].x -= indent }
            }
            let lineOffset = max(imageOffset, (lineMaxScale - 1) * Self.oneEm)
            for i in first..<glyphs.count { glyphs[i].lineOffset = lineOffset }
            let lineHeight = layout.lineHeight * lineMaxScale + imageOffset
            y += lineHeight
            maxLineHeight = max(maxLineHeight, lineHeight)
        }
        guard !glyphs.isEmpty else { return nil }

        let height = y
        let (horizontal, vertical) = Self.alignment(layout.anchor)
        let shiftX = (justify - horizontal) * maxLineLength
        // align(): lines of one height are centred by line count, others by the block's height.
        let shiftY = maxLineHeight != layout.lineHeight ? -height * vertical - Self.defaultOffset
            : (-vertical * Double(lines.count) + 0.5) * layout.lineHeight
        for i in glyphs.indices {
            glyphs[i].x += shiftX
            glyphs[i].y += shiftY
        }
        let top = layout.offset.y - vertical * height, left = layout.offset.x - horizontal * maxLineLength
        return MapLibreShaping(glyphs: glyphs, top: top, bottom: top + height, left: left, right: left + maxLineLength, lineCount: lines.count,
                               isVertical: layout.vertical, verticalizable: verticalizable)
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

    /// The indices of a line (in visual order) without the white space at either end (JavaScript's `\s`, for the
    /// characters labels hold).
    static func trimmed(_ text: TaggedText, _ line: [Int]) -> ArraySlice<Int> {
        func isSpace(_ c: UInt32) -> Bool { whitespace.contains(c) || c == 0xA0 || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0x3000 }
        var trimmed = line[...]
        while let first = trimmed.first, isSpace(text.codePoints[first]) { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, isSpace(text.codePoints[last]) { trimmed = trimmed.dropLast() }
        return trimmed
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

    /// A code point's advance for line breaking (`getGlyphAdvance`): an image's width scaled to the
    /// layout text size.
    private func advance(_ text: TaggedText, _ i: Int, _ layout: Layout) -> Double {
        let section = text.sections[text.sectionIndex[i]]
        if section.imageMissing { return 0 }
        if let image = section.image { return image.width * section.scale * Self.oneEm / layout.layoutTextSize + layout.spacing }
        guard let glyph = glyph(text.codePoints[i], section.fontStack) else { return 0 }
        return Double(glyph.advance) * section.scale + layout.spacing
    }

    /// Where MapLibre breaks the lines (`determineLineBreaks`): the breaks whose lines come closest to
    /// the average width the text would have on as few lines as `text-max-width` allows.
    func lineBreaks(_ tagged: TaggedText, _ layout: Layout) -> [Int] {
        let text = tagged.codePoints
        guard !text.isEmpty, layout.maxWidth > 0, layout.maxWidth.isFinite else { return [] }
        let total = text.indices.reduce(0.0) { $0 + advance(tagged, $1, layout) }
        let lineCount = max(1, (total / layout.maxWidth).rounded(.up))
        let target = total / lineCount
        let hasZeroWidthSpaces = text.contains(0x200B)
        var breaks: [Break] = []
        var x = 0.0
        for (i, c) in text.enumerated() {
            if !Self.whitespace.contains(c) { x += advance(tagged, i, layout) }
            guard i + 1 < text.count else { continue }
            let ideographic = Self.allowsIdeographicBreaking(c)
            let next = text[i + 1]
            let section = tagged.sections[tagged.sectionIndex[i]]
            let isImage = section.image != nil || section.imageMissing
            if Self.breakable.contains(c) || ideographic || isImage || (i + 2 < text.count && next == 0x28) {
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
