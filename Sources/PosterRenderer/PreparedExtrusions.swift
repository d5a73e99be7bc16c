import Canvas

/// A fill-extrusion layer made ready to paint as seen from straight above: the top of every extrusion,
/// lit, in the order that leaves the nearest top of each pixel drawn last.
struct PreparedExtrusions: Sendable {
    /// One feature's top in one tile, in poster pixels before turning and translating.
    struct Roof: Sendable {
        var piece: PathPiece
        /// Metres above the ground (at least 0): the higher top hides the lower where they overlap.
        var height: Double
        /// Lit and opaque, as MapLibre's shader makes it.
        var color: RGBAColor
        /// `fill-extrusion-pattern`'s image, already tinted by the light; replaces the colour.
        var pattern: PatternPaint?
    }

    var roofs: [Roof]
    /// `fill-extrusion-opacity`, applied to the layer as a whole.
    var opacity: Double
    var translate: Translation

    /// Orders roofs from `features` (in the tiles' order) as MapLibre's depth test settles their overlaps:
    /// the higher is seen. Between tops at the same height, the single opaque pass keeps the last drawn;
    /// the two passes for a translucent or patterned layer keep the first.
    static func depthOrdered(_ roofs: [Roof], firstWins: Bool) -> [Roof] {
        roofs.enumerated().sorted { a, b in
            if a.element.height != b.element.height { return a.element.height < b.element.height }
            return firstWins ? a.offset > b.offset : a.offset < b.offset
        }.map(\.element)
    }
}
