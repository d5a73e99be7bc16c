import Foundation
import Canvas

/// A layer's `*-translate` in device pixels, and whether it stays fixed to the screen when the map turns.
struct Translation: Hashable, Sendable {
    var x: Double
    var y: Double
    var viewport: Bool

    static let none = Translation(x: 0, y: 0, viewport: false)
    var isNone: Bool { x == 0 && y == 0 }

    init(x: Double, y: Double, viewport: Bool) {
        self.x = x
        self.y = y
        self.viewport = viewport
    }

    /// The offset in the unturned map's pixels when the map is turned by `bearing`: a viewport-anchored
    /// translation is the screen offset turned back; a map-anchored one turns with the map.
    func mapOffset(bearing: Double) -> (x: Double, y: Double) {
        guard viewport && bearing.truncatingRemainder(dividingBy: 360) != 0 else { return (x, y) }
        let angle = bearing * .pi / 180
        return (x * cos(angle) - y * sin(angle), x * sin(angle) + y * cos(angle))
    }

    init(_ values: [Double], anchor: String, pixelRatio: Double) {
        self.init(x: (values.first ?? 0) * pixelRatio, y: (values.count > 1 ? values[1] : 0) * pixelRatio, viewport: anchor == "viewport")
    }
}
