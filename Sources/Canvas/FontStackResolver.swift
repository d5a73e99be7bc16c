/// Maps a style's `text-font` stack (names of fonts a style server would provide, such as
/// `["Metropolis Medium Italic", "Noto Sans Regular"]`) to bundled faces, so public styles never need to
/// download glyphs: an exact name wins, otherwise the weight named in the stack picks an Inter face.
public struct FontStackResolver: Sendable {
    public let catalog: FontCatalog
    /// The text's language (BCP 47), if known: shapers pass it on (``TextShaper/language``).
    public let language: String?

    public init(catalog: FontCatalog, language: String? = nil) {
        self.catalog = catalog
        self.language = language
    }

    /// Weight words in font names, heaviest first, and the bundled face each maps to.
    static let weights: [(word: String, face: String)] = [
        ("black", "Inter-SemiBold"), ("extrabold", "Inter-SemiBold"), ("bold", "Inter-SemiBold"), ("semibold", "Inter-SemiBold"),
        ("medium", "Inter-Medium"), ("light", "Inter-Light"), ("thin", "Inter-Light"),
    ]

    /// The CSS weight a weight word stands for (`extrabold` → 800; case and separators ignored), or nil.
    public static func weight(named name: String) -> Int? {
        weightWords[name.lowercased().filter(\.isLetter)]
    }

    /// Style words in font names and the weight each stands for.
    static let weightWords: [String: Int] = [
        "thin": 100, "hairline": 100, "extralight": 200, "ultralight": 200, "light": 300, "regular": 400, "book": 400,
        "normal": 400, "roman": 400, "medium": 500, "semibold": 600, "demibold": 600, "bold": 700, "extrabold": 800,
        "ultrabold": 800, "black": 900, "heavy": 900,
    ]

    /// A font name split into its family (letters only, lower case), weight and slant:
    /// "Open Sans Bold Italic" and "OpenSans-BoldItalic" both give ("opensans", 700, true).
    static func parse(_ name: String) -> (family: String, weight: Int, italic: Bool) {
        // Split camel case and separators into words: "RobotoCondensed-Italic" → roboto condensed italic.
        var words: [String] = []
        var current = ""
        for ch in name {
            if ch == " " || ch == "-" || ch == "_" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if ch.isUppercase, let last = current.last, last.isLowercase {
                words.append(current)
                current = String(ch)
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        var weight = 400, italic = false, family = ""
        var i = 0
        let lower = words.map { $0.lowercased() }
        while i < lower.count {
            let word = lower[i], pair = i + 1 < lower.count ? word + lower[i + 1] : ""
            if let w = weightWords[pair] { weight = w; i += 2; continue }
            // Digits are dropped from the family: "EBGaramond12" (its optical size) is "EB Garamond".
            if let w = weightWords[word] { weight = w } else if word == "italic" || word == "oblique" { italic = true } else { family += word.filter(\.isLetter) }
            i += 1
        }
        return (family, weight, italic)
    }

    /// The bundled face for a font stack; the catalogue's fallbacks follow it in a shaper. An exact name
    /// wins, then the nearest face of a bundled family (slant first, then weight), then Inter in the
    /// weight the first name asks for.
    public func face(for stack: [String]) -> FontFace {
        func key(_ name: String) -> String { name.lowercased().filter { $0.isLetter || $0.isNumber } }
        // Names are matched first and only the chosen face is loaded (the catalogue loads on first use).
        for name in stack {
            if let exact = catalog.names.first(where: { key($0) == key(name) }), let face = catalog.existingFace(exact) { return face }
        }
        for name in stack {
            let wanted = Self.parse(name)
            let family = catalog.names.filter { Self.parse($0).family == wanted.family }
            let best = family.min { a, b in
                let pa = Self.parse(a), pb = Self.parse(b)
                let da = (pa.italic == wanted.italic ? 0 : 1000) + abs(pa.weight - wanted.weight)
                let db = (pb.italic == wanted.italic ? 0 : 1000) + abs(pb.weight - wanted.weight)
                return da != db ? da < db : a < b
            }
            if let best, let face = catalog.existingFace(best) { return face }
        }
        let words = stack.first.map { $0.lowercased().split(separator: " ").map(String.init) } ?? []
        for (word, face) in Self.weights where words.contains(word) {
            if let found = catalog.existingFace(face) { return found }
        }
        return catalog.fallbackFace
    }

    /// A shaper for a font stack.
    public func shaper(for stack: [String]) -> TextShaper {
        let primary = face(for: stack)
        return TextShaper(fonts: [primary] + catalog.fallbackNames.filter { $0 != primary.name }.compactMap { catalog.existingFace($0) },
                          systemFonts: catalog.systemFonts, language: language)
    }
}
