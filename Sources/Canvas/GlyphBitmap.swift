/// One glyph as FreeType draws it, unhinted: its advance and exact ink bounds at the rasterizer's pixel size,
/// and its anti-aliased coverage drawn `scale` times larger (supersampled, for distance fields).
public struct GlyphBitmap: Sendable, Equatable {
    /// The exact bounds of the outline (not its control points), in pixels at the rasterizer's size, y up
    /// from the baseline, x right from the pen.
    public struct Bounds: Sendable, Equatable {
        public var minX: Double
        public var minY: Double
        public var maxX: Double
        public var maxY: Double
    }

    /// The pen's advance in pixels at the rasterizer's size, unrounded.
    public var advance: Double
    /// Where the ink is; nil for a glyph with none (a space).
    public var ink: Bounds?
    /// How many coverage pixels make one pixel of the rasterizer's size, along each axis.
    public var scale: Int
    /// The coverage's size in supersampled pixels.
    public var width: Int
    public var rows: Int
    /// The coverage's left edge, in supersampled pixels right of the pen.
    public var left: Int
    /// The coverage's top edge, in supersampled pixels above the baseline.
    public var top: Int
    /// `width × rows` bytes, top row first: 0 where the glyph does not cover a pixel, 255 where it covers all of it.
    public var coverage: [UInt8]
}
