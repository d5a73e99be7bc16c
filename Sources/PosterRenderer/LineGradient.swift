import StyleKit

/// A layer's `line-gradient`, and the colour ramp MapLibre makes of it: the expression sampled at
/// `resolution` points of `line-progress` into an RGBA texture (premultiplied on upload), then read with
/// linear filtering, or nearest for a `step` ramp.
struct LineGradient: Hashable, Sendable {
    /// Compared and hashed by layer: one layer has one gradient at one zoom.
    let layerID: String
    let property: StyleProperty<StyleColor>
    let zoom: Double

    static func == (a: LineGradient, b: LineGradient) -> Bool { a.layerID == b.layerID && a.zoom == b.zoom }
    func hash(into hasher: inout Hasher) {
        hasher.combine(layerID)
        hasher.combine(zoom)
    }

    var isStep: Bool { property.isStep }

    /// The ramp for lines at most `longestLine` tiles long (at the tile zoom). A step ramp gets a texel per
    /// tile pixel of the longest line (at least 256, at most 8192), as MapLibre sizes it, so that its steps
    /// fall where the line reaches them.
    func ramp(longestLine: Double) -> Ramp {
        var resolution = 256
        if isStep {
            let coverage = longestLine * 1024
            var power = 1
            while Double(power) < coverage && power < 8192 { power <<= 1 }
            resolution = min(max(power, 256), 8192)
        }
        return ColorRamp(width: resolution, nearest: isStep) { property.evaluate(zoom: zoom, lineProgress: $0) }
    }

    typealias Ramp = ColorRamp
}
