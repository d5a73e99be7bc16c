/// A glyph placed relative to the text's origin (on the baseline at its left end), in pixels.
public struct PositionedGlyph: Sendable, Equatable {
    public var id: UInt32
    public var x: Double
    public var y: Double
    /// The cluster the glyph belongs to (HarfBuzz's: the UTF-8 offset of its first character in the text).
    /// Glyphs of one cluster — a letter and its marks, an Indic syllable, a ligature — are laid out as one.
    public var cluster: Int

    public init(id: UInt32, x: Double, y: Double, cluster: Int = 0) {
        self.id = id
        self.x = x
        self.y = y
        self.cluster = cluster
    }
}

/// Consecutive glyphs drawn from one font face.
public struct GlyphRun: Sendable {
    public var face: FontFace
    public var glyphs: [PositionedGlyph]
}

/// Text shaped at one size: runs of positioned glyphs and the total advance.
public struct ShapedText: Sendable {
    /// Font size in pixels.
    public var size: Double
    public var runs: [GlyphRun]
    /// Distance from the origin to the pen position after the last glyph, letter spacing included.
    public var advance: Double
    /// Characters no font had (drawn as the primary font's empty box), in text order: for warnings.
    public var missing: [Unicode.Scalar]

    public init(size: Double, runs: [GlyphRun], advance: Double, missing: [Unicode.Scalar] = []) {
        self.size = size
        self.runs = runs
        self.advance = advance
        self.missing = missing
    }

    /// Names of the faces used, in order, for tests and diagnostics.
    public var faceNames: [String] { runs.map(\.face.name) }
    public var glyphCount: Int { runs.reduce(0) { $0 + $1.glyphs.count } }
}
