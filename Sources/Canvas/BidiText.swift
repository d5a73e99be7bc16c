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

    /// The directional runs of `units` (one line) in visual order, left to right: each run's UTF-16 range and
    /// whether it reads right to left. Text with no right-to-left character is one left-to-right run without
    /// asking ICU; nil if ICU fails.
    public static func visualRuns(_ units: [UInt16]) -> [(range: Range<Int>, rightToLeft: Bool)]? {
        guard !units.isEmpty else { return [] }
        // Hebrew (U+0590) is the first right-to-left block; surrogates hold the rest beyond the BMP.
        guard units.contains(where: { $0 >= 0x0590 }) else { return [(0..<units.count, false)] }
        var starts = [Int32](repeating: 0, count: units.count), lengths = starts
        var rightToLeft = [UInt8](repeating: 0, count: units.count)
        let count = units.withUnsafeBufferPointer { text in
            starts.withUnsafeMutableBufferPointer { starts in
                lengths.withUnsafeMutableBufferPointer { lengths in
                    rightToLeft.withUnsafeMutableBufferPointer { rtl in
                        cp_bidi_runs(text.baseAddress, Int32(text.count), starts.baseAddress, lengths.baseAddress, rtl.baseAddress, Int32(text.count))
                    }
                }
            }
        }
        guard count >= 0 else { return nil }
        return (0..<Int(count)).map { (Int(starts[$0])..<Int(starts[$0] + lengths[$0]), rightToLeft[$0] != 0) }
    }

    /// Where `text` may be broken into lines, by UAX #14 as ICU applies it for `locale` (breaks between CJK
    /// ideographs, dictionary breaks for Thai; never inside a Latin word): the offsets, in `text`'s
    /// `String.Index`es, at which a new line may start (the end of the text is not included). Nil if ICU fails.
    public static func lineBreaks(_ text: String, locale: String? = nil) -> [String.Index]? {
        let units = Array(text.utf16)
        guard !units.isEmpty else { return [] }
        var breaks = [Int32](repeating: 0, count: units.count + 1)
        let count = units.withUnsafeBufferPointer { source in
            breaks.withUnsafeMutableBufferPointer { breaks in
                cp_line_breaks(source.baseAddress, Int32(source.count), locale, breaks.baseAddress, Int32(breaks.count))
            }
        }
        guard count >= 0 else { return nil }
        return breaks[..<Int(count)].filter { Int($0) < units.count }.map { String.Index(utf16Offset: Int($0), in: text) }
    }
}
