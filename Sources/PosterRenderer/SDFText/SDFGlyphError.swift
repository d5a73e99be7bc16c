/// Why a range of SDF glyphs cannot be made.
public enum SDFGlyphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The range is not one MapLibre asks for.
    case badRange(String)
    /// The fontstack names no font.
    case emptyFontStack
    /// A face the fontstack resolves to could not be opened for drawing glyphs.
    case fontUnreadable(face: String, reason: String)

    public var description: String {
        switch self {
        case .badRange(let text):
            "\"\(text)\" is not a glyph range: ask for START-END with START a multiple of 256 and END = START + 255 (as MapLibre does), up to 1113856-1114111"
        case .emptyFontStack:
            "the fontstack names no font: ask for one or more font names joined by commas, e.g. \"Noto Sans Regular\""
        case .fontUnreadable(let face, let reason):
            "the font \(face) cannot be drawn from (\(reason)): check that its file in Fonts/ (or the installed font) is intact"
        }
    }
}
