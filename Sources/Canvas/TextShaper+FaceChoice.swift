extension TextShaper {
    /// The face this shaper sets `scalar` in when the character stands alone: the first of its fonts that
    /// has it, else the installed face its system fonts find (in the shaper's language, or the one the
    /// character suggests). Nil when no face has a glyph for it. Glyph servers ask this so that a preview's
    /// glyphs come from the faces the renderer draws with.
    public func face(for scalar: Unicode.Scalar) -> FontFace? {
        guard let choice = faces(for: [scalar]).first, choice.covered, choice.face.covers(scalar) else { return nil }
        // Controls count as covered by the first font without being in it: checked above.
        return choice.face
    }
}
