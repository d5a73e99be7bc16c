import CBidi

/// Right-to-left text made ready for glyph-by-glyph layout, as MapLibre's RTL text plugin makes it (ICU):
/// Arabic letters shaped into their contextual presentation forms in logical order, then each line
/// reordered for display once the lines are broken.
public enum BidiText {
    /// Whether `text` holds a character of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko,
    /// Samaritan, Mandaic and their presentation forms), which MapLibre hands to the RTL plugin.
    public static func containsRightToLeft(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
            default: false
            }
        }
    }

    /// `text` with its Arabic letters in their contextual forms (initial, medial, final, isolated, lam-alef
    /// ligatures), still in logical order. Text ICU cannot shape is returned as it is.
    public static func shapingArabic(_ text: String) -> String {
        let units = Array(text.utf16)
        guard !units.isEmpty else { return text }
        // Shaping never lengthens the text (ligatures shorten it).
        var out = [UInt16](repeating: 0, count: units.count)
        let length = units.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                cp_shape_arabic(source.baseAddress, Int32(source.count), target.baseAddress, Int32(target.count))
            }
        }
        guard length >= 0 else { return text }
        return String(decoding: out[..<Int(length)], as: UTF16.self)
    }

    /// The lines of `text` (logical order) in display order: broken before each UTF-16 offset in `breaks`
    /// and after every paragraph (a newline ends one), each reordered by the Unicode bidi algorithm with a
    /// left-to-right default, brackets mirrored and bidi controls removed. Nil if ICU fails.
    public static func reorderedLines(_ text: String, breaks: [Int]) -> [String]? {
        let units = Array(text.utf16)
        guard !units.isEmpty else { return [] }
        let ends = (breaks.filter { $0 > 0 && $0 < units.count } + [units.count]).map { Int32($0) }
        // Reordering removes controls and mirrors in place: it never lengthens a line.
        var out = [UInt16](repeating: 0, count: units.count)
        var lineEnds = [Int32](repeating: 0, count: units.count + 1)
        let count = units.withUnsafeBufferPointer { source in
            ends.withUnsafeBufferPointer { breaks in
                out.withUnsafeMutableBufferPointer { target in
                    lineEnds.withUnsafeMutableBufferPointer { lineEnds in
                        cp_bidi_reorder(source.baseAddress, Int32(source.count), breaks.baseAddress, Int32(breaks.count),
                                        target.baseAddress, Int32(target.count), lineEnds.baseAddress, Int32(lineEnds.count))
                    }
                }
            }
        }
        guard count >= 0 else { return nil }
        var lines: [String] = []
        var start = 0
        for end in lineEnds[..<Int(count)].map(Int.init) {
            lines.append(String(decoding: out[start..<end], as: UTF16.self))
            start = end
        }
        return lines
    }
}
