import CBidi

/// Right-to-left text made ready for glyph-by-glyph layout, as MapLibre's RTL text plugin makes it (ICU):
/// Arabic letters shaped into their contextual presentation forms in logical order, then each line put in
/// visual order once the lines are broken.
public enum BidiText {
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

    /// The UTF-16 offsets (into `units`) of the line `line` of `units` in visual order, left to right, by
    /// the Unicode bidi algorithm over the whole text (left-to-right default), bidi controls left out. The line
    /// must lie within one paragraph. Nil if ICU fails.
    public static func visualOrder(_ units: [UInt16], line: Range<Int>) -> [Int]? {
        guard line.lowerBound >= 0, line.upperBound <= units.count, !line.isEmpty else { return [] }
        var order = [Int32](repeating: 0, count: line.count)
        let count = units.withUnsafeBufferPointer { text in
            order.withUnsafeMutableBufferPointer { order in
                cp_bidi_visual_order(text.baseAddress, Int32(text.count), Int32(line.lowerBound), Int32(line.upperBound),
                                     order.baseAddress, Int32(order.count))
            }
        }
        guard count >= 0 else { return nil }
        return order[..<Int(count)].map(Int.init)
    }
}
