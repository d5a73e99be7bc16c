/// The order MapLibre's RTL text plugin (ICU's bidi algorithm) lays a line's characters out in, reduced
/// to what labels need: right-to-left scripts (Hebrew, Arabic) run from right to left, left-to-right
/// letters and digits from left to right, neutral characters (spaces, punctuation) take the direction
/// of the strong characters about them or else the paragraph's, and a paragraph goes the way of its
/// first strong character.
enum BidiOrder {
    /// Hebrew, Arabic and their presentation forms.
    static func isRightToLeft(_ c: UInt32) -> Bool {
        guard !isArabicDigit(c) else { return false }
        return (0x0590...0x08FF).contains(c) || (0xFB1D...0xFDFF).contains(c) || (0xFE70...0xFEFF).contains(c)
    }

    /// Arabic-Indic digits: numbers, which run left to right inside right-to-left text.
    static func isArabicDigit(_ c: UInt32) -> Bool { (0x0660...0x0669).contains(c) || (0x06F0...0x06F9).contains(c) }

    /// Letters and digits of left-to-right scripts.
    static func isLeftToRight(_ c: UInt32) -> Bool {
        guard !isRightToLeft(c), let scalar = Unicode.Scalar(c) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether the text needs reordering (it has a right-to-left character).
    static func applies(to text: [UInt32]) -> Bool { text.contains(where: isRightToLeft) }

    /// Ends paragraphs: line feed, the information separators MapLibre's tests use, paragraph separator.
    private static func endsParagraph(_ c: UInt32) -> Bool { c == 0x0A || c == 0x0D || (0x1C...0x1E).contains(c) || c == 0x2029 }

    /// Bidi controls (marks, embeddings, isolates), which the plugin leaves out of its lines.
    static func isControl(_ c: UInt32) -> Bool { c == 0x200E || c == 0x200F || (0x202A...0x202E).contains(c) || (0x2066...0x2069).contains(c) }

    /// Where paragraphs end inside the text (the index after each separator): the plugin breaks lines there.
    static func paragraphBreaks(_ text: [UInt32]) -> [Int] {
        text.indices.filter { endsParagraph(text[$0]) && $0 + 1 < text.count }.map { $0 + 1 }
    }

    /// The indices of `line` (a range of `text`) in visual order, left to right, bidi controls left out.
    static func visualOrder(_ text: [UInt32], _ line: Range<Int>) -> [Int] {
        // The paragraph about the line, and its direction: its first strong character's.
        var start = line.lowerBound
        while start > 0, !endsParagraph(text[start - 1]) { start -= 1 }
        var end = line.upperBound
        while end < text.count, end == 0 || !endsParagraph(text[end - 1]) { end += 1 }
        let paragraph = start..<end
        let strong: [Bool?] = paragraph.map { isRightToLeft(text[$0]) ? true : isLeftToRight(text[$0]) ? false : nil }
        let rightToLeftParagraph = strong.first { $0 != nil }.flatMap { $0 } ?? false
        // Neutrals between strong characters of one direction (anywhere in the paragraph) take it; others
        // the paragraph's.
        func resolved(_ index: Int) -> Bool {
            let k = index - paragraph.lowerBound
            if let own = strong[k] { return own }
            let before = strong[..<k].last { $0 != nil } ?? nil
            let after = strong[(k + 1)...].first { $0 != nil } ?? nil
            return before != nil && before == after ? before! : rightToLeftParagraph
        }
        var order = line.filter { !isControl(text[$0]) }
        var levels = order.map { i -> Int in
            let rtl = resolved(i)
            return rightToLeftParagraph ? (rtl ? 1 : 2) : (rtl ? 1 : 0)
        }
        // White space ending the line takes the paragraph's level (rule L1).
        var k = order.count - 1
        while k >= 0, [0x09, 0x20].contains(text[order[k]]) || endsParagraph(text[order[k]]) {
            levels[k] = rightToLeftParagraph ? 1 : 0
            k -= 1
        }
        // Every run at or above each level from the highest down to 1 is reversed (rule L2).
        var level = levels.max() ?? 0
        while level >= 1 {
            var k = 0
            while k < order.count {
                guard levels[k] >= level else { k += 1; continue }
                var runEnd = k
                while runEnd < order.count, levels[runEnd] >= level { runEnd += 1 }
                order[k..<runEnd].reverse()
                levels[k..<runEnd].reverse()
                k = runEnd
            }
            level -= 1
        }
        return order
    }
}
