import Canvas

/// Arabic letters in their contextual forms, as MapLibre's RTL text plugin gives them before glyphs are
/// looked up: ICU's `u_shapeArabic` (``BidiText/shapingArabic(_:)``) turns each letter into its isolated,
/// final, initial or medial presentation form by whether its neighbours join it, lam-alef into one ligature.
enum ArabicShaping {
    /// Whether letters may be spaced apart: not when the text has a cursive script (Arabic, Syriac,
    /// Mongolian), whose letters join (MapLibre's `allowsLetterSpacing`).
    static func allowsLetterSpacing(_ text: [UInt32]) -> Bool {
        !text.contains { c in
            (0x0600...0x074F).contains(c) || (0x0750...0x077F).contains(c) || (0x08A0...0x08FF).contains(c) || (0x1800...0x18AF).contains(c)
                || (0xFB50...0xFDFF).contains(c) || (0xFE70...0xFEFF).contains(c)
        }
    }

    /// Whether the text has a letter ICU may shape (the Arabic blocks).
    static func applies(to text: [UInt32]) -> Bool {
        text.contains { (0x0600...0x06FF).contains($0) || (0x0750...0x077F).contains($0) || (0x08A0...0x08FF).contains($0) }
    }

    /// The text with its Arabic letters in their contextual forms.
    static func shaped(_ text: [UInt32]) -> [UInt32] {
        guard applies(to: text) else { return text }
        let string = String(String.UnicodeScalarView(text.compactMap(Unicode.Scalar.init)))
        return BidiText.shapingArabic(string).unicodeScalars.map(\.value)
    }
}
