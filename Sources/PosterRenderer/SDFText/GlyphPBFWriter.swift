/// Writes MapLibre's glyph protobuf, the format ``GlyphPBF`` reads: `glyphs { fontstack stacks = 1 }`,
/// `fontstack { name = 1, range = 2, repeated glyph glyphs = 3 }`, `glyph { id = 1, bitmap = 2, width = 3,
/// height = 4, left = 5 (sint32), top = 6 (sint32), advance = 7 }`. Pure: glyphs in, bytes out.
public enum GlyphPBFWriter {
    /// One fontstack's range of glyphs as a glyph PBF.
    ///
    /// - Parameters:
    ///   - fontStack: the stack's name as MapLibre asked for it (fonts joined by commas).
    ///   - range: the range as MapLibre names it, e.g. `0-255`.
    ///   - glyphs: the glyphs, written in code point order; each bitmap should be `(width + 6) × (height + 6)`
    ///     bytes, or empty for a glyph without ink (``GlyphPBF`` drops a glyph whose bitmap does not fit).
    public static func encode(fontStack: String, range: String, glyphs: [SDFGlyph]) -> [UInt8] {
        var stack: [UInt8] = []
        stack.reserveCapacity(glyphs.reduce(64) { $0 + $1.bitmap.count + 24 })
        appendBytes(1, Array(fontStack.utf8), to: &stack)
        appendBytes(2, Array(range.utf8), to: &stack)
        for glyph in glyphs.sorted(by: { $0.id < $1.id }) {
            appendBytes(3, message(glyph), to: &stack)
        }
        var file: [UInt8] = []
        file.reserveCapacity(stack.count + 8)
        appendBytes(1, stack, to: &file)
        return file
    }

    /// Every field is written, zeros included, in field order, as MapLibre's servers write them.
    static func message(_ glyph: SDFGlyph) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(glyph.bitmap.count + 24)
        appendVarint(1, UInt64(glyph.id), to: &out)
        if !glyph.bitmap.isEmpty { appendBytes(2, glyph.bitmap, to: &out) }
        appendVarint(3, UInt64(clamping: glyph.width), to: &out)
        appendVarint(4, UInt64(clamping: glyph.height), to: &out)
        appendVarint(5, zigzag(glyph.left), to: &out)
        appendVarint(6, zigzag(glyph.top), to: &out)
        appendVarint(7, UInt64(clamping: glyph.advance), to: &out)
        return out
    }

    /// A sint32 as protobuf stores it: small magnitudes of either sign in few bytes.
    static func zigzag(_ value: Int) -> UInt64 {
        let clamped = Int32(clamping: value)
        return UInt64(UInt32(bitPattern: (clamped << 1) ^ (clamped >> 31)))
    }

    private static func appendVarint(_ field: UInt64, _ value: UInt64, to out: inout [UInt8]) {
        varint(field << 3, to: &out)
        varint(value, to: &out)
    }

    private static func appendBytes(_ field: UInt64, _ bytes: [UInt8], to out: inout [UInt8]) {
        varint(field << 3 | 2, to: &out)
        varint(UInt64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    private static func varint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}
