import Foundation

/// A heatmap layer made ready to paint: its weighted points, and the ramp and opacity the painter colours
/// the density with.
struct PreparedHeatmap: Sendable {
    /// One point's kernel, in poster pixels before turning.
    struct Kernel: Sendable {
        var x: Double
        var y: Double
        /// `heatmap-radius` in device pixels.
        var radius: Double
        /// `heatmap-weight` × `heatmap-intensity`.
        var strength: Double
        /// Half the side of the square MapLibre draws the kernel in (device pixels): where it has fallen to
        /// the density it counts as zero.
        var reach: Double
    }

    var kernels: [Kernel]
    /// `heatmap-color` over densities 0 ... 1, as MapLibre's 256-texel ramp.
    var ramp: ColorRamp
    var opacity: Double

    /// The density MapLibre treats as none: kernels are cut off where they fall below it.
    static let zero = 1.0 / 255.0 / 16.0
    /// 1 / √(2π), the Gaussian's coefficient.
    static let gaussCoefficient = 0.3989422804014327

    /// The kernel's reach in radii, nil when the kernel is nowhere above ``zero`` (weight × intensity too
    /// small, zero, negative or not a number): MapLibre then draws nothing for the point.
    static func reach(strength: Double) -> Double? {
        // Solves strength · coefficient · exp(-4.5 s²) = zero for s.
        let ratio = zero / strength / gaussCoefficient
        guard strength > 0, ratio < 1, ratio > 0 else { return nil }
        let s = (-2 * log(ratio)).squareRoot() / 3
        return s.isFinite ? s : nil
    }

    /// A kernel's density at `dx`, `dy` device pixels from its point (no cut-off).
    static func density(strength: Double, radius: Double, dx: Double, dy: Double) -> Double {
        strength * gaussCoefficient * exp(-4.5 * (dx * dx + dy * dy) / (radius * radius))
    }
}
