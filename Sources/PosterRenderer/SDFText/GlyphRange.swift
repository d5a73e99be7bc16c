/// One of MapLibre's glyph ranges: 256 code points from a multiple of 256, named `START-END` in glyph URLs.
public struct GlyphRange: Sendable, Hashable, CustomStringConvertible {
    /// The first code point, a multiple of 256.
    public let start: UInt32
    /// The last code point.
    public var end: UInt32 { start + 255 }

    /// The range that begins at `start`.
    public init(start: UInt32) throws(SDFGlyphError) {
        guard start % 256 == 0, start <= 0x10FF00 else { throw .badRange("\(start)-\(start &+ 255)") }
        self.start = start
    }

    /// The range that holds `scalar`.
    public init(containing scalar: Unicode.Scalar) {
        start = scalar.value / 256 * 256
    }

    /// A range as a glyph URL names it, `0-255` (a trailing `.pbf` is not part of it).
    public init(parsing text: String) throws(SDFGlyphError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = UInt32(parts[0]), let last = UInt32(parts[1]), last == first &+ 255 else {
            throw .badRange(text)
        }
        try self.init(start: first)
    }

    /// `START-END`, as glyph URLs and PBFs name the range.
    public var description: String { "\(start)-\(end)" }

    /// The range's code points.
    public var codePoints: ClosedRange<UInt32> { start...end }
}
