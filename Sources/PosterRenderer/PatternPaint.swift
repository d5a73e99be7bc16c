import Foundation
import Canvas

/// A sprite image repeated over the map, anchored as MapLibre anchors patterns: to the world's pixel grid
/// at the tile zoom, one image (at its own pixel ratio) per repeat.
struct PatternPaint: Hashable, Sendable {
    /// Compared and hashed by name: one render has one image per name.
    let name: String
    let image: ImageSurface
    /// Image pixels per CSS pixel.
    let pixelRatio: Double
    /// Poster pixels (before turning) to the image's pixels.
    let transform: DeviceTransform

    static func == (a: PatternPaint, b: PatternPaint) -> Bool { a.name == b.name }
    func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
