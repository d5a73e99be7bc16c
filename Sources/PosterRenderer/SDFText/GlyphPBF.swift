/// One glyph of a MapLibre glyph PBF: a signed distance field drawn at 24 px with a 3 px border, and the
/// metrics MapLibre shapes with (all in 24 px units).
public struct SDFGlyph: Sendable, Equatable {
    /// The Unicode code point.
    public var id: UInt32
    /// One byte per pixel, `(width + 6) × (height + 6)` rows; empty for a glyph with no ink (a space).
    public var bitmap: [UInt8]
    public var width: Int
    public var height: Int
    /// From the pen position to the ink's left edge.
    public var left: Int
    /// From the baseline up to the ink's top edge.
    public var top: Int
    public var advance: Int

    /// The border of distance field around the ink on every side.
    public static let border = 3
    /// The bitmap's size with its border.
    public var bitmapWidth: Int { width > 0 ? width + 2 * Self.border : 0 }
    public var bitmapHeight: Int { height > 0 ? height + 2 * Self.border : 0 }
}

/// What is wrong with a glyph PBF.
public struct GlyphPBFError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Reads MapLibre's glyph protobuf (`glyphs { repeated fontstack stacks = 1 }`, `fontstack { name = 1,
/// range = 2, repeated glyph glyphs = 3 }`, `glyph { id = 1, bitmap = 2, width = 3, height = 4, left = 5
/// (sint32), top = 6 (sint32), advance = 7 }`). Pure: bytes in, glyphs out.
public enum GlyphPBF {
    /// Glyphs larger than this (24 px glyphs are some 30 px) are refused rather than trusted.
    static let maximumSide = 256

    /// The glyphs of every fontstack in `bytes`, by code point (a later stack's glyph wins a tie, which
    /// MapLibre's files never have). A glyph whose bitmap does not match its size is left out.
    public static func decode(_ bytes: [UInt8]) throws(GlyphPBFError) -> [UInt32: SDFGlyph] {
        var glyphs: [UInt32: SDFGlyph] = [:]
        var reader = ProtobufReader(bytes[...])
        while let (field, wire) = try reader.nextKey() {
            if field == 1 && wire == 2 {
                var stack = ProtobufReader(try reader.lengthDelimited())
                while let (field, wire) = try stack.nextKey() {
                    if field == 3 && wire == 2 {
                        if let glyph = try glyph(try stack.lengthDelimited()) { glyphs[glyph.id] = glyph }
                    } else {
                        try stack.skip(wire)
                    }
                }
            } else {
                try reader.skip(wire)
            }
        }
        return glyphs
    }

    private static func glyph(_ bytes: ArraySlice<UInt8>) throws(GlyphPBFError) -> SDFGlyph? {
        var reader = ProtobufReader(bytes)
        var glyph = SDFGlyph(id: 0, bitmap: [], width: 0, height: 0, left: 0, top: 0, advance: 0)
        var hasID = false
        while let (field, wire) = try reader.nextKey() {
            switch (field, wire) {
            case (1, 0): glyph.id = UInt32(truncatingIfNeeded: try reader.varint()); hasID = true
            case (2, 2): glyph.bitmap = Array(try reader.lengthDelimited())
            case (3, 0): glyph.width = Int(min(try reader.varint(), 1 << 20))
            case (4, 0): glyph.height = Int(min(try reader.varint(), 1 << 20))
            case (5, 0): glyph.left = Int(ProtobufReader.zigzag(try reader.varint()))
            case (6, 0): glyph.top = Int(ProtobufReader.zigzag(try reader.varint()))
            case (7, 0): glyph.advance = Int(min(try reader.varint(), 1 << 20))
            default: try reader.skip(wire)
            }
        }
        guard hasID, glyph.width <= maximumSide, glyph.height <= maximumSide else { return nil }
        if glyph.width == 0 || glyph.height == 0 {
            glyph.width = 0
            glyph.height = 0
            glyph.bitmap = []
        } else if glyph.bitmap.count != glyph.bitmapWidth * glyph.bitmapHeight {
            return nil
        }
        return glyph
    }
}

/// The few protobuf wire reads a glyph PBF needs, bounds-checked: truncated or malformed input is an
/// error, never a crash.
struct ProtobufReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// The next field number and wire type, or nil at the end.
    mutating func nextKey() throws(GlyphPBFError) -> (field: UInt64, wire: UInt64)? {
        guard !bytes.isEmpty else { return nil }
        let key = try varint()
        return (key >> 3, key & 7)
    }

    mutating func varint() throws(GlyphPBFError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift >= 64 { throw GlyphPBFError("a varint runs past 64 bits") }
        }
        throw GlyphPBFError("the data ends inside a varint")
    }

    mutating func lengthDelimited() throws(GlyphPBFError) -> ArraySlice<UInt8> {
        let length = try varint()
        guard length <= UInt64(bytes.count) else { throw GlyphPBFError("a field of \(length) bytes runs past the end of the data") }
        let field = bytes.prefix(Int(length))
        bytes = bytes.dropFirst(Int(length))
        return field
    }

    /// Skips a field of wire type `wire` that is not read.
    mutating func skip(_ wire: UInt64) throws(GlyphPBFError) {
        switch wire {
        case 0: _ = try varint()
        case 1, 5:
            let count = wire == 1 ? 8 : 4
            guard bytes.count >= count else { throw GlyphPBFError("the data ends inside a fixed-size field") }
            bytes = bytes.dropFirst(count)
        case 2: _ = try lengthDelimited()
        default: throw GlyphPBFError("unknown wire type \(wire)")
        }
    }

    static func zigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }
}
