/// Arabic letters in their contextual forms, as MapLibre's RTL text plugin (ICU's `u_shapeArabic`) gives
/// them before glyphs are looked up: each letter of the basic Arabic block as its isolated, final, initial
/// or medial presentation form (U+FE70–U+FEFF, and U+FB50– for the common Persian letters) by whether its
/// neighbours join it, lam-alef as one ligature. Other letters are left as they are.
enum ArabicShaping {
    /// How a letter joins: right-joining letters join only the letter before them, dual-joining ones both.
    private enum Joining { case right, dual }

    /// The isolated presentation form of each basic letter and how it joins; the final, initial and medial
    /// forms follow the isolated one.
    private static let forms: [UInt32: (isolated: UInt32, joining: Joining)] = {
        var table: [UInt32: (UInt32, Joining)] = [:]
        let right: Set<UInt32> = [0x0622, 0x0623, 0x0624, 0x0625, 0x0627, 0x0629, 0x062F, 0x0630, 0x0631, 0x0632, 0x0648, 0x0649]
        var form: UInt32 = 0xFE81
        for letter in UInt32(0x0622)...0x064A where !(0x063B...0x0640).contains(letter) {
            let joining: Joining = right.contains(letter) ? .right : .dual
            table[letter] = (form, joining)
            form += joining == .right ? 2 : 4
        }
        // Persian and Urdu letters, in Presentation Forms-A.
        let extended: [(UInt32, UInt32, Joining)] = [(0x067E, 0xFB56, .dual), (0x0686, 0xFB7A, .dual), (0x0698, 0xFB8A, .right),
                                                     (0x06A9, 0xFB8E, .dual), (0x06AF, 0xFB92, .dual), (0x06CC, 0xFBFC, .dual)]
        for (letter, isolated, joining) in extended { table[letter] = (isolated, joining) }
        return table
    }()

    /// Lam followed by these alefs is one ligature: its isolated form (the final one follows it).
    private static let lamAlef: [UInt32: UInt32] = [0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB]

    /// Whether a code point is an Arabic mark, which letters join across.
    private static func isTransparent(_ c: UInt32) -> Bool { (0x064B...0x065F).contains(c) || c == 0x0670 }

    /// Whether letters may be spaced apart: not when the text has a cursive script (Arabic, Syriac,
    /// Mongolian), whose letters join (MapLibre's `allowsLetterSpacing`).
    static func allowsLetterSpacing(_ text: [UInt32]) -> Bool {
        !text.contains { c in
            (0x0600...0x074F).contains(c) || (0x0750...0x077F).contains(c) || (0x08A0...0x08FF).contains(c) || (0x1800...0x18AF).contains(c)
                || (0xFB50...0xFDFF).contains(c) || (0xFE70...0xFEFF).contains(c)
        }
    }

    /// Whether the text has a letter to shape.
    static func applies(to text: [UInt32]) -> Bool { text.contains { forms[$0] != nil } }

    /// The text with its basic Arabic letters in their contextual forms.
    static func shaped(_ text: [UInt32]) -> [UInt32] {
        guard applies(to: text) else { return text }
        // Whether the letter at `i` joins towards the next letter (ignoring marks), and the previous.
        func joinsForward(_ c: UInt32) -> Bool { c == 0x0640 || forms[c]?.joining == .dual }
        func joinsBackward(_ c: UInt32) -> Bool { c == 0x0640 || forms[c] != nil }
        func neighbour(_ i: Int, _ step: Int) -> UInt32? {
            var j = i + step
            while j >= 0, j < text.count, isTransparent(text[j]) { j += step }
            return j >= 0 && j < text.count ? text[j] : nil
        }
        var output: [UInt32] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            guard let (isolated, _) = forms[c] else {
                output.append(c)
                i += 1
                continue
            }
            let fromBefore = neighbour(i, -1).map(joinsForward) ?? false
            if c == 0x0644, let next = neighbour(i, 1), let ligature = lamAlef[next], next == text[i + 1] {
                output.append(ligature + (fromBefore ? 1 : 0))
                i += 2
                continue
            }
            let toAfter = forms[c]?.joining == .dual && (neighbour(i, 1).map(joinsBackward) ?? false)
            let offset: UInt32 = forms[c]?.joining == .right ? (fromBefore ? 1 : 0)
                : (fromBefore ? (toAfter ? 3 : 1) : (toAfter ? 2 : 0))
            output.append(isolated + offset)
            i += 1
        }
        return output
    }
}
