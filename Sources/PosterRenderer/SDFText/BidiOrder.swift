import Canvas

/// The order MapLibre's RTL text plugin lays a line's characters out in: ICU's bidi algorithm
/// (``BidiText/visualOrder(_:line:)``), a paragraph going the way of its first strong character, bidi
/// controls left out.
enum BidiOrder {
    /// Hebrew, Arabic and their presentation forms (Arabic-Indic digits, which run left to right, aside).
    static func isRightToLeft(_ c: UInt32) -> Bool {
        guard !isArabicDigit(c) else { return false }
        return (0x0590...0x08FF).contains(c) || (0xFB1D...0xFDFF).contains(c) || (0xFE70...0xFEFF).contains(c)
    }

    /// Arabic-Indic digits: numbers, which run left to right inside right-to-left text.
    static func isArabicDigit(_ c: UInt32) -> Bool { (0x0660...0x0669).contains(c) || (0x06F0...0x06F9).contains(c) }

    /// Whether the text needs reordering (it has a right-to-left character).
    static func applies(to text: [UInt32]) -> Bool { text.contains(where: isRightToLeft) }

    /// Ends paragraphs: line feed, carriage return, the information separators, paragraph separator.
    private static func endsParagraph(_ c: UInt32) -> Bool { c == 0x0A || c == 0x0D || (0x1C...0x1E).contains(c) || c == 0x2029 }

    /// Bidi controls (marks, embeddings, isolates), which the plugin leaves out of its lines.
    static func isControl(_ c: UInt32) -> Bool { c == 0x200E || c == 0x200F || (0x202A...0x202E).contains(c) || (0x2066...0x2069).contains(c) }

    /// Where paragraphs end inside the text (the index after each separator): the plugin breaks lines there.
    static func paragraphBreaks(_ text: [UInt32]) -> [Int] {
        text.indices.filter { endsParagraph(text[$0]) && $0 + 1 < text.count }.map { $0 + 1 }
    }

    /// The indices of `line` (a range of `text`) in visual order, left to right, bidi controls left out.
    static func visualOrder(_ text: [UInt32], _ line: Range<Int>) -> [Int] {
        // ICU works on UTF-16: each unit remembers its code point.
        var units: [UInt16] = [], owner: [Int] = [], firstUnit: [Int] = []
        units.reserveCapacity(text.count)
        for (i, c) in text.enumerated() {
            firstUnit.append(units.count)
            for unit in String(Unicode.Scalar(c) ?? "\u{FFFD}").utf16 {
                units.append(unit)
                owner.append(i)
            }
        }
        firstUnit.append(units.count)
        // ICU reorders within a paragraph: a line running over a paragraph's end is ordered piece by piece.
        var pieces: [Range<Int>] = []
        var start = line.lowerBound
        for i in line where endsParagraph(text[i]) && i + 1 < line.upperBound {
            pieces.append(start..<(i + 1))
            start = i + 1
        }
        pieces.append(start..<line.upperBound)
        var order: [Int] = []
        for piece in pieces where !piece.isEmpty {
            guard let visual = BidiText.visualOrder(units, line: firstUnit[piece.lowerBound]..<firstUnit[piece.upperBound]) else {
                order += piece.filter { !isControl(text[$0]) }
                continue
            }
            // A character of two units (a surrogate pair) is placed once.
            var placed = Set<Int>()
            for unit in visual where placed.insert(owner[unit]).inserted {
                order.append(owner[unit])
            }
        }
        return order
    }
}
