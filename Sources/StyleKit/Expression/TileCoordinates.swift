public import Geo
import Foundation

/// A point in a tile's coordinates, as MapLibre's tile geometry holds it: ``TileCoordinates/extent``
/// units across the tile, y down, the origin at the tile's north-west corner.
public struct TilePoint: Sendable, Hashable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// MapLibre's conversions between longitude/latitude and tile coordinates, which `within` and `distance`
/// measure in. Unlike ``WebMercator/project(_:)`` the latitude is not clamped, as MapLibre's are not, so a
/// pole or a latitude out of range gives an infinite or NaN coordinate (never a trap: all arithmetic
/// stays in `Double`).
public enum TileCoordinates {
    /// Units across a tile in MapLibre's tile geometry.
    public static let extent = 8192.0

    /// JavaScript's `Math.round`: halves round up (towards +∞).
    static func jsRound(_ x: Double) -> Double {
        let floor = x.rounded(.down)
        return x - floor >= 0.5 ? floor + 1 : floor
    }

    /// The position in the coordinates of the whole world at the tile's zoom (`extent` units a tile,
    /// rounded to whole units), as MapLibre's `getTileCoordinates`.
    public static func world(_ position: LngLat, zoom: Int) -> TilePoint {
        let x = (180 + position.lng) / 360
        let y = (180 - (180 / .pi) * log(tan(.pi / 4 + position.lat * .pi / 360))) / 360
        let scale = pow(2, Double(zoom)) * extent
        return TilePoint(x: jsRound(x * scale), y: jsRound(y * scale))
    }

    /// The position in the coordinates of `tile` (what a feature's geometry holds).
    public static func local(_ position: LngLat, in tile: TileID) -> TilePoint {
        let point = world(position, zoom: tile.z)
        return TilePoint(x: point.x - Double(tile.x) * extent, y: point.y - Double(tile.y) * extent)
    }

    /// The longitude and latitude of a point in the coordinates of `tile`.
    public static func lngLat(_ point: TilePoint, in tile: TileID) -> LngLat {
        let tiles = pow(2, Double(tile.z))
        let x = (point.x / extent + Double(tile.x)) / tiles
        let y = (point.y / extent + Double(tile.y)) / tiles
        return LngLat(lng: x * 360 - 180, lat: (360 / .pi) * atan(exp((180 - y * 360) * .pi / 180)) - 90)
    }
}
