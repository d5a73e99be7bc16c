import CHarfBuzz

/// Shapes text with HarfBuzz over a fallback chain of fonts. The text is split into directional runs by the
/// Unicode bidi algorithm (ICU) and laid out in visual order, so that Arabic and Hebrew read right to left and
/// numbers inside them left to right; within a run each character is set in the first font that has it — the
/// chain's, then an installed face (``SystemFonts``) — and each stretch of one font is shaped on its own with
/// its direction (so kerning, ligatures and Arabic joining work inside it).
public struct TextShaper: Sendable {
    /// Fonts in order of preference; the first is the primary face.
    public let fonts: [FontFace]
    /// Installed faces for characters no font of the chain has; nil to use the chain alone.
    public let systemFonts: SystemFonts?
    /// The text's language (BCP 47), where known: it picks among installed faces (Japanese or Chinese Han)
    /// and is passed to HarfBuzz.
    public let language: String?

    public init(fonts: [FontFace], systemFonts: SystemFonts? = nil, language: String? = nil) {
        precondition(!fonts.isEmpty, "a text shaper needs at least one font")
        self.fonts = fonts
        self.systemFonts = systemFonts
        self.language = language
    }

    /// Shapes `text` at `size` pixels. `letterSpacing` (pixels) is added after every cluster except the
    /// last, but not inside joined scripts (Arabic and its kin, and the headline scripts such as Devanagari);
    /// like CSS, it turns off
    /// optional ligatures, which would otherwise be spaced as one letter.
    public func shape(_ text: String, size: Double, letterSpacing: Double = 0) -> ShapedText {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return ShapedText(size: size, runs: [], advance: 0) }
        let scalars = Array(text.unicodeScalars)
        // Where each scalar starts in UTF-8 and UTF-16, and one past the end.
        var utf8Starts: [Int] = [], utf16Starts: [Int] = []
        utf8Starts.reserveCapacity(scalars.count + 1)
        utf16Starts.reserveCapacity(scalars.count + 1)
        var byte = 0, unit = 0
        for scalar in scalars {
            utf8Starts.append(byte)
            utf16Starts.append(unit)
            byte += UTF8.width(scalar)
            unit += UTF16.width(scalar)
        }
        utf8Starts.append(byte)
        utf16Starts.append(unit)
        let chosen = faces(for: scalars)
        let scripts = Self.scripts(of: scalars)
        let units = Array(text.utf16)
        let directional = BidiText.visualRuns(units) ?? [(0..<units.count, false)]

        var runs: [GlyphRun] = []
        var penX = 0.0
        var isFirstGlyph = true
        for run in directional {
            // The run's scalars (a run never splits a surrogate pair).
            let first = Self.index(of: run.range.lowerBound, in: utf16Starts), end = Self.index(of: run.range.upperBound, in: utf16Starts)
            var pieces = Self.segments(chosen, scripts, first..<end)
            // A right-to-left run's pieces go right to left; HarfBuzz sets each piece's glyphs left to right.
            if run.rightToLeft { pieces.reverse() }
            for piece in pieces {
                let face = chosen[piece.lowerBound].face
                let scale = size / face.unitsPerEm
                var glyphs: [PositionedGlyph] = []
                let bytes = utf8Starts[piece.lowerBound]..<utf8Starts[piece.upperBound]
                shapeSegment(utf8, bytes, face: face, script: scripts[piece.lowerBound], rightToLeft: run.rightToLeft,
                             letterSpacing: letterSpacing) { glyph, startsCluster, cursive in
                    if startsCluster && !isFirstGlyph && !cursive {
                        penX += letterSpacing
                    }
                    isFirstGlyph = false
                    glyphs.append(PositionedGlyph(id: glyph.id, x: penX + Double(glyph.xOffset) * scale, y: -Double(glyph.yOffset) * scale,
                                                  cluster: glyph.cluster))
                    penX += Double(glyph.xAdvance) * scale
                }
                runs.append(GlyphRun(face: face, glyphs: glyphs))
            }
        }
        let missing = zip(scalars, chosen).compactMap { $1.covered ? nil : $0 }
        return ShapedText(size: size, runs: runs, advance: penX, missing: missing)
    }

    /// The face each scalar is set in, and whether that face has it. Spaces, marks and joiners stay with
    /// the character before them, so that runs are not broken needlessly and marks sit on their letters.
    func faces(for scalars: [Unicode.Scalar]) -> [(face: FontFace, covered: Bool)] {
        var result: [(face: FontFace, covered: Bool)] = []
        result.reserveCapacity(scalars.count)
        var found: [FontFace] = []
        // Guessed once, on the first character the chain lacks.
        var guessedLanguage: String??
        for scalar in scalars {
            if let last = result.last, Self.staysWithPrevious(scalar) {
                result.append(last)
                continue
            }
            if let face = fonts.first(where: { $0.covers(scalar) }) ?? found.first(where: { $0.covers(scalar) }) {
                result.append((face, true))
            } else if Self.isInvisible(scalar) {
                // Controls and format characters are not drawn: no face need have them.
                result.append((result.last?.face ?? fonts[0], true))
            } else if let systemFonts, let face = systemFonts.face(covering: scalar, language: language ?? {
                if guessedLanguage == nil { guessedLanguage = Self.language(guessedFrom: scalars) }
                return guessedLanguage!
            }()) {
                found.append(face)
                result.append((face, true))
            } else {
                result.append((fonts[0], false))
            }
        }
        return result
    }

    /// Whether `scalar` is set in the face of the character before it: spaces, combining marks, joiners and
    /// variation selectors.
    static func staysWithPrevious(_ scalar: Unicode.Scalar) -> Bool {
        // Below U+0300 (where combining marks begin) only spaces qualify: a label's Latin letters are
        // answered without looking up Unicode's property tables, a measurable part of preparing a map's labels.
        if scalar.value < 0x300 {
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
            default: return false
            }
        }
        let properties = scalar.properties
        return properties.isWhitespace || properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark
            || properties.generalCategory == .spacingMark || scalar.value == 0x200C || scalar.value == 0x200D
            || properties.isVariationSelector
    }

    /// Characters never drawn: controls, bidi and other format characters.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format: true
        default: false
        }
    }

    /// A language for installed faces when the caller gives none: Japanese where kana appear, Korean where
    /// Hangul does, otherwise Japanese for Han too (fontconfig's default would be Chinese).
    static func language(guessedFrom scalars: [Unicode.Scalar]) -> String? {
        var han = false
        for scalar in scalars {
            switch scalar.value {
            case 0x3040...0x30FF, 0x31F0...0x31FF: return "ja"
            case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: return "ko"
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x2FFFF: han = true
            default: break
            }
        }
        return han ? "ja" : nil
    }

    /// The scalar index at UTF-16 offset `offset` (a scalar boundary).
    private static func index(of offset: Int, in starts: [Int]) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `range` of scalars split where the face or the script changes.
    static func segments(_ chosen: [(face: FontFace, covered: Bool)], _ scripts: [hb_script_t], _ range: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for i in range where i > range.lowerBound && (chosen[i].face !== chosen[i - 1].face || scripts[i] != scripts[i - 1]) {
            pieces.append(start..<i)
            start = i
        }
        if start < range.upperBound { pieces.append(start..<range.upperBound) }
        return pieces
    }

    /// Each scalar's script (Unicode's Script property, from HarfBuzz), with characters common to several
    /// scripts (spaces, digits, punctuation) and combining marks taking the script of the text around them:
    /// the one before, or at the start the first one after.
    static func scripts(of scalars: [Unicode.Scalar]) -> [hb_script_t] {
        let functions = hb_unicode_funcs_get_default()
        var scripts = scalars.map { hb_unicode_script(functions, $0.value) }
        func isShared(_ script: hb_script_t) -> Bool {
            script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN
        }
        var last: hb_script_t? = nil
        for i in scripts.indices {
            if isShared(scripts[i]) {
                if let last { scripts[i] = last }
            } else {
                last = scripts[i]
            }
        }
        // Leading shared characters take the first real script.
        if let first = scripts.first(where: { !isShared($0) }) {
            for i in scripts.indices {
                guard isShared(scripts[i]) else { break }
                scripts[i] = first
            }
        }
        return scripts
    }

    /// One glyph as HarfBuzz places it, in font units.
    struct ShapedGlyph {
        var id: UInt32
        var cluster: Int
        var xAdvance: Int32
        var xOffset: Int32
        var yOffset: Int32
    }

    /// Scripts whose letters join — cursive ones, and those whose letters hang from one headline (Devanagari,
    /// Bengali, Gurmukhi) — and those written without spaces between words (Thai, Lao, Khmer, Myanmar,
    /// Tibetan): letter spacing would break the first apart and make the second read as words.
    private static let cursiveScripts: Set<UInt32> = [HB_SCRIPT_ARABIC, HB_SCRIPT_SYRIAC, HB_SCRIPT_MONGOLIAN, HB_SCRIPT_NKO,
                                                      HB_SCRIPT_MANDAIC, HB_SCRIPT_ADLAM, HB_SCRIPT_HANIFI_ROHINGYA, HB_SCRIPT_DEVANAGARI,
                                                      HB_SCRIPT_BENGALI, HB_SCRIPT_GURMUKHI, HB_SCRIPT_THAI, HB_SCRIPT_LAO, HB_SCRIPT_KHMER,
                                                      HB_SCRIPT_MYANMAR, HB_SCRIPT_TIBETAN].reduce(into: []) { $0.insert($1.rawValue) }

    private func shapeSegment(_ utf8: [UInt8], _ range: Range<Int>, face: FontFace, script: hb_script_t, rightToLeft: Bool, letterSpacing: Double,
                              _ emit: (ShapedGlyph, _ startsCluster: Bool, _ cursive: Bool) -> Void) {
        guard let buffer = hb_buffer_create() else { return }
        defer { hb_buffer_destroy(buffer) }
        utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // The whole text is passed as context so that shaping at run edges sees its neighbours.
                hb_buffer_add_utf8(buffer, chars.baseAddress, Int32(chars.count), UInt32(range.lowerBound), Int32(range.count))
            }
        }
        hb_buffer_set_direction(buffer, rightToLeft ? HB_DIRECTION_RTL : HB_DIRECTION_LTR)
        if let language {
            hb_buffer_set_language(buffer, language.withCString { hb_language_from_string($0, -1) })
        }
        // The run's own script; without a language given, HarfBuzz takes the process's.
        if script != HB_SCRIPT_COMMON && script != HB_SCRIPT_INHERITED && script != HB_SCRIPT_UNKNOWN { hb_buffer_set_script(buffer, script) }
        hb_buffer_guess_segment_properties(buffer)
        let cursive = Self.cursiveScripts.contains(hb_buffer_get_script(buffer).rawValue)
        var features: [hb_feature_t] = []
        if letterSpacing != 0 && !cursive {
            for tag in ["liga", "clig", "dlig"] {
                var feature = hb_feature_t()
                _ = tag.withCString { hb_feature_from_string($0, -1, &feature) }
                feature.value = 0
                features.append(feature)
            }
        }
        features.withUnsafeBufferPointer { hb_shape(face.hbFont, buffer, $0.baseAddress, UInt32($0.count)) }
        var count: UInt32 = 0
        guard let infos = hb_buffer_get_glyph_infos(buffer, &count),
              let positions = hb_buffer_get_glyph_positions(buffer, &count) else { return }
        var previousCluster: UInt32? = nil
        for i in 0..<Int(count) {
            let cluster = infos[i].cluster
            emit(ShapedGlyph(id: infos[i].codepoint, cluster: Int(cluster), xAdvance: positions[i].x_advance, xOffset: positions[i].x_offset, yOffset: positions[i].y_offset),
                 cluster != previousCluster, cursive)
            previousCluster = cluster
        }
    }
}
