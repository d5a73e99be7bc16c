/// Maps a style's `text-font` stack (names of fonts a style server would provide, such as
/// `["Metropolis Medium Italic", "Noto Sans Regular"]`) to bundled faces, so public styles never need to
/// download glyphs: an exact name wins, otherwise the weight named in the stack picks an Inter face.
public struct FontStackResolver: Sendable {
    public let catalog: FontCatalog

    public init(catalog: FontCatalog) {
        self.catalog = catalog
    }

    /// Weight words in font names, heaviest first, and the bundled face each maps to.
    static let weights: [(word: String, face: String)] = [
        ("black", "Inter-SemiBold"), ("extrabold", "Inter-SemiBold"), ("bold", "Inter-SemiBold"), ("semibold", "Inter-SemiBold"),
        ("medium", "Inter-Medium"), ("light", "Inter-Light"), ("thin", "Inter-Light"),
    ]

    /// The bundled face for a font stack; the catalogue's fallbacks follow it in a shaper.
    public func face(for stack: [String]) -> FontFace {
        func key(_ name: String) -> String { name.lowercased().filter { $0.isLetter || $0.isNumber } }
        for name in stack {
            if let exact = catalog.faces.values.first(where: { key($0.name) == key(name) }) { return exact }
        }
        let words = stack.first.map { $0.lowercased().split(separator: " ").map(String.init) } ?? []
        for (word, face) in Self.weights where words.contains(word) {
            if let found = catalog.faces[face] { return found }
        }
        return catalog.faces["Inter-Regular"] ?? catalog.faces.values.sorted { $0.name < $1.name }[0]
    }

    /// A shaper for a font stack.
    public func shaper(for stack: [String]) -> TextShaper {
        let primary = face(for: stack)
        return TextShaper(fonts: [primary] + catalog.fallbackNames.filter { $0 != primary.name }.compactMap { catalog.faces[$0] })
    }
}
