import Foundation

/// Spherical Web Mercator (EPSG:3857) in normalised world coordinates: x and y in 0...1 with (0, 0) at the
/// north-west corner, so a zoom level only multiplies them.
public enum WebMercator {
    /// Latitudes beyond this are outside the square Web Mercator world.
    public static let maxLatitude = 85.051128779806604
    /// Earth radius used by Web Mercator, in metres.
    public static let earthRadius = 6_378_137.0
    /// The size of a tile in CSS pixels at which MapLibre defines zoom levels.
    public static let tileSize = 512.0

    /// The normalised world position of a geographic point.
    public static func project(_ point: LngLat) -> WorldPoint {
        let lat = min(max(point.lat, -maxLatitude), maxLatitude)
        let x = (point.lng + 180) / 360
        let sinLat = sin(lat * .pi / 180)
        let y = 0.5 - log((1 + sinLat) / (1 - sinLat)) / (4 * .pi)
        return WorldPoint(x: x, y: y)
    }

    /// The geographic point at a normalised world position.
    public static func unproject(_ point: WorldPoint) -> LngLat {
        let lng = point.x * 360 - 180
        let n = .pi - 2 * .pi * point.y
        let lat = 180 / .pi * atan(0.5 * (exp(n) - exp(-n)))
        return LngLat(lng: lng, lat: lat)
    }

    /// The world's width in CSS pixels at a (fractional) zoom level.
    public static func worldSize(zoom: Double) -> Double {
        tileSize * pow(2, zoom)
    }

    /// Ground metres covered by one CSS pixel at a latitude and zoom level.
    public static func metersPerPixel(latitude: Double, zoom: Double) -> Double {
        2 * .pi * earthRadius * cos(latitude * .pi / 180) / worldSize(zoom: zoom)
    }

    /// The normalised world rectangle of a tile.
    public static func bounds(of tile: TileID) -> WorldRect {
        let scale = 1 / Double(1 << tile.z)
        return WorldRect(minX: Double(tile.x) * scale, minY: Double(tile.y) * scale,
                         maxX: Double(tile.x + 1) * scale, maxY: Double(tile.y + 1) * scale)
    }

    /// The tile at zoom `z` that contains a world point (clamped to the grid).
    public static func tile(containing point: WorldPoint, zoom z: Int) -> TileID {
        let n = Double(1 << z)
        let x = min(max(Int((point.x * n).rounded(.down)), 0), (1 << z) - 1)
        let y = min(max(Int((point.y * n).rounded(.down)), 0), (1 << z) - 1)
        return TileID(z: z, x: x, y: y)
    }
}

/// A point in normalised Web Mercator world coordinates (0...1, y down).
public struct WorldPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle in normalised world coordinates.
public struct WorldRect: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    public func intersects(_ other: WorldRect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
}
