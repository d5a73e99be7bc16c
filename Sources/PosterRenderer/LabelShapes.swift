import Canvas

/// Label text set with fonts, shaped once per font, size, letter spacing and text: the same street name
/// recurs along a map, and a wrapped label shapes each attempt at a line.
///
/// Shaping does not depend on where a label goes, so label candidates are shaped while they are gathered
/// (in parallel, a cache per symbol layer) and placement, which is sequential, only positions them.
struct LabelShapes {
    private var shapes: [Key: ShapedText] = [:]
    /// Characters no font had, over every text shaped here: the layer names them in a warning.
    private(set) var missing: Set<Unicode.Scalar> = []

    private struct Key: Hashable {
        var font: String
        var size: Double
        var spacing: Double
        var text: String
    }

    /// `text` on one line in `style`.
    mutating func shape(_ text: String, _ style: LabelStyle) -> ShapedText {
        let key = Key(font: style.shaper.fonts[0].name, size: style.size, spacing: style.letterSpacing, text: text)
        if let cached = shapes[key] { return cached }
        let shaped = style.shaper.shape(text, size: style.size, letterSpacing: style.letterSpacing)
        shapes[key] = shaped
        missing.formUnion(shaped.missing)
        return shaped
    }

    /// The lines a label's text is set in about a point: broken into lines no wider than `maxWidth` at spaces
    /// for point placement (a word longer than that gets a line of its own), explicit newlines always breaking.
    mutating func pointLines(_ text: String, _ style: LabelStyle) -> [ShapedText] {
        wrap(text, style).map { shape($0, style) }
    }

    /// The text of a label along a line: one line, its newlines as spaces.
    mutating func lineText(_ text: String, _ style: LabelStyle) -> ShapedText {
        shape(text.utf8.contains(UInt8(ascii: "\n")) ? text.replacingOccurrences(of: "\n", with: " ") : text, style)
    }

    /// The text's lines: each paragraph broken greedily at its line break opportunities (UAX #14: after
    /// spaces and hyphens, between CJK ideographs, between Thai words) so that no line is wider than
    /// `maxWidth`, except a piece that cannot be broken, which gets a line of its own.
    mutating func wrap(_ text: String, _ style: LabelStyle) -> [String] {
        var lines: [String] = []
        // Most labels are one paragraph: splitting by characters (grapheme breaking) is skipped for them.
        let paragraphs = text.utf8.contains(UInt8(ascii: "\n")) ? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) : [text]
        for paragraph in paragraphs {
            // A paragraph that fits needs no break opportunities (most labels: no line-break iterator for them).
            guard style.maxWidth > 0, style.placement == .point, shape(paragraph, style).advance > style.maxWidth else {
                lines.append(paragraph)
                continue
            }
            var current = ""
            for piece in Self.pieces(paragraph) {
                let attempt = current + piece
                if !current.isEmpty && shape(Self.trailingSpacesRemoved(attempt), style).advance > style.maxWidth {
                    lines.append(Self.trailingSpacesRemoved(current))
                    current = String(piece.drop { $0 == " " })
                } else {
                    current = attempt
                }
            }
            lines.append(Self.trailingSpacesRemoved(current))
        }
        return lines.filter { !$0.isEmpty }
    }

    /// `paragraph` cut at its line break opportunities (each piece keeps the spaces that follow it); at spaces
    /// alone if ICU cannot say.
    static func pieces(_ paragraph: String) -> [Substring] {
        guard let breaks = BidiText.lineBreaks(paragraph) else {
            return paragraph.split(separator: " ").map { $0 + " " }.map { Substring($0) }
        }
        var pieces: [Substring] = []
        var start = paragraph.startIndex
        for index in breaks where index > start {
            pieces.append(paragraph[start..<index])
            start = index
        }
        if start < paragraph.endIndex { pieces.append(paragraph[start...]) }
        return pieces
    }

    static func trailingSpacesRemoved(_ text: String) -> String {
        var text = Substring(text)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
