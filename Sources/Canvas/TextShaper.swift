import CHarfBuzz

/// Shapes text with HarfBuzz over a fallback chain of fonts: each character is set in the first font that
/// has it, and each stretch of one font is shaped as a run (so kerning and ligatures work inside it).
public struct TextShaper: Sendable {
    /// Fonts in order of preference; the first is the primary face.
    public let fonts: [FontFace]

    public init(fonts: [FontFace]) {
        precondition(!fonts.isEmpty, "a text shaper needs at least one font")
        self.fonts = fonts
    }

    /// Shapes `text` at `size` pixels. `letterSpacing` (pixels) is added after every cluster except the
    /// last; like CSS, it turns off optional ligatures, which would otherwise be spaced as one letter.
    public func shape(_ text: String, size: Double, letterSpacing: Double = 0) -> ShapedText {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return ShapedText(size: size, runs: [], advance: 0) }
        var runs: [GlyphRun] = []
        var penX = 0.0
        var isFirstGlyph = true
        for segment in segments(of: text) {
            let face = fonts[segment.fontIndex]
            let scale = size / face.unitsPerEm
            var glyphs: [PositionedGlyph] = []
            shapeSegment(utf8, segment.byteRange, face: face, letterSpacing: letterSpacing) { glyphID, _, xAdvance, xOffset, yOffset, startsCluster in
                if startsCluster && !isFirstGlyph {
                    penX += letterSpacing
                }
                isFirstGlyph = false
                glyphs.append(PositionedGlyph(id: glyphID, x: penX + Double(xOffset) * scale, y: -Double(yOffset) * scale))
                penX += Double(xAdvance) * scale
            }
            runs.append(GlyphRun(face: face, glyphs: glyphs))
        }
        return ShapedText(size: size, runs: runs, advance: penX)
    }

    /// A stretch of the text's UTF-8 bytes set in one font.
    struct Segment {
        var fontIndex: Int
        var byteRange: Range<Int>
    }

    /// Splits the text by font coverage. Spaces and combining marks stay with the preceding font so that
    /// runs are not broken needlessly.
    func segments(of text: String) -> [Segment] {
        var result: [Segment] = []
        var offset = 0
        for scalar in text.unicodeScalars {
            let length = String(scalar).utf8.count
            let inherits = scalar.properties.isWhitespace || scalar.properties.generalCategory == .nonspacingMark
            let index: Int
            if inherits, let last = result.last {
                index = last.fontIndex
            } else {
                index = fonts.firstIndex { $0.covers(scalar) } ?? 0
            }
            if let last = result.last, last.fontIndex == index {
                result[result.count - 1].byteRange = last.byteRange.lowerBound..<(offset + length)
            } else {
                result.append(Segment(fontIndex: index, byteRange: offset..<(offset + length)))
            }
            offset += length
        }
        return result
    }

    private func shapeSegment(_ utf8: [UInt8], _ range: Range<Int>, face: FontFace, letterSpacing: Double,
                              _ emit: (UInt32, UInt32, Int32, Int32, Int32, Bool) -> Void) {
        guard let buffer = hb_buffer_create() else { return }
        defer { hb_buffer_destroy(buffer) }
        utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // The whole text is passed as context so that shaping at run edges sees its neighbours.
                hb_buffer_add_utf8(buffer, chars.baseAddress, Int32(chars.count), UInt32(range.lowerBound), Int32(range.count))
            }
        }
        hb_buffer_guess_segment_properties(buffer)
        var features: [hb_feature_t] = []
        if letterSpacing != 0 {
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
            emit(infos[i].codepoint, cluster, positions[i].x_advance, positions[i].x_offset, positions[i].y_offset,
                 cluster != previousCluster)
            previousCluster = cluster
        }
    }
}
