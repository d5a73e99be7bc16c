import Foundation

/// What a poster shows: a centre, a MapLibre zoom level (512 px tiles), a bearing, a pitch, and an output
/// size in device pixels with the pixel ratio that maps style pixels (CSS px) to device pixels.
public struct Camera: Hashable, Sendable {
    public var center: LngLat
    /// MapLibre zoom: the world is `512 * 2^zoom` CSS pixels wide.
    public var zoom: Double
    /// Degrees clockwise from north of the direction that points up on the output, as in MapLibre: with
    /// bearing 90 east is up and the map appears turned a quarter turn anticlockwise.
    public var bearing: Double
    /// Degrees the camera tilts away from looking straight down, as MapLibre's `pitch` (0 = straight down).
    /// Map views draw 0 ... ``maximumPitch`` (see ``effectivePitch``) in MapLibre's perspective; posters
    /// are drawn flat and never set it.
    public var pitch: Double
    /// Output width in device pixels.
    public var width: Int
    /// Output height in device pixels.
    public var height: Int
    /// Device pixels per CSS pixel: style widths are multiplied by it.
    public var pixelRatio: Double

    public init(center: LngLat, zoom: Double, bearing: Double = 0, pitch: Double = 0, width: Int, height: Int, pixelRatio: Double = 1) {
        self.center = center
        self.zoom = zoom
        self.bearing = bearing
        self.pitch = pitch
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
    }

    /// Device pixels per normalised world unit.
    public var worldScale: Double { WebMercator.worldSize(zoom: zoom) * pixelRatio }

    /// The camera centre in world coordinates.
    public var centerWorld: WorldPoint { WebMercator.project(center) }

    /// The same view without rotation: the frame the map's geometry is projected into before it is turned.
    public var unrotated: Camera {
        var camera = self
        camera.bearing = 0
        return camera
    }

    /// The view looking straight down with neither bearing nor pitch, grown to `width` × `height` device
    /// pixels about the same centre: the flat layout a pitched view's ground is prepared in.
    public func flat(width: Int, height: Int) -> Camera {
        Camera(center: center, zoom: zoom, width: width, height: height, pixelRatio: pixelRatio)
    }

    /// Cosine and sine of the screen rotation (minus the bearing, in radians).
    private var rotation: (cos: Double, sin: Double) {
        let angle = -bearing * .pi / 180
        return (cos(angle), sin(angle))
    }

    /// The device-pixel position of a world point, with (0, 0) the top-left of the output. With a pitch,
    /// through MapLibre's perspective (meaningful for points in front of the eye).
    public func pixel(of point: WorldPoint) -> (x: Double, y: Double) {
        if isPitched { return perspectivePixel(of: point) }
        let c = centerWorld
        let s = worldScale
        let dx = (point.x - c.x) * s, dy = (point.y - c.y) * s
        let r = rotation
        return (dx * r.cos - dy * r.sin + Double(width) / 2, dx * r.sin + dy * r.cos + Double(height) / 2)
    }

    /// The world point under a device pixel. With a pitch, the ground the pixel's ray meets; rows above the
    /// far plane or the horizon give the far plane's ground (see ``groundPoint(atPixelX:y:)`` for nil there).
    public func worldPoint(atPixelX x: Double, y: Double) -> WorldPoint {
        if isPitched { return perspectiveWorldPoint(atPixelX: x, y: y) }
        let c = centerWorld
        let s = worldScale
        let dx = x - Double(width) / 2, dy = y - Double(height) / 2
        let r = rotation
        // The inverse rotation is the transpose.
        return WorldPoint(x: c.x + (dx * r.cos + dy * r.sin) / s, y: c.y + (-dx * r.sin + dy * r.cos) / s)
    }

    /// The world rectangle the output covers: with a bearing, the bounding box of the turned frame; with a
    /// pitch, of the visible ground up to the far plane.
    public var visibleWorldRect: WorldRect {
        if isPitched {
            let ground = visibleGroundPolygon()
            return WorldRect(minX: ground.map(\.x).min()!, minY: ground.map(\.y).min()!,
                             maxX: ground.map(\.x).max()!, maxY: ground.map(\.y).max()!)
        }
        let corners = [(0.0, 0.0), (Double(width), 0), (0, Double(height)), (Double(width), Double(height))]
            .map { worldPoint(atPixelX: $0.0, y: $0.1) }
        return WorldRect(minX: corners.map(\.x).min()!, minY: corners.map(\.y).min()!,
                         maxX: corners.map(\.x).max()!, maxY: corners.map(\.y).max()!)
    }

    /// The geographic bounds the output covers (west, south, east, north).
    public var visibleBounds: GeoBounds {
        let r = visibleWorldRect
        let nw = WebMercator.unproject(WorldPoint(x: r.minX, y: r.minY))
        let se = WebMercator.unproject(WorldPoint(x: r.maxX, y: r.maxY))
        return GeoBounds(west: nw.lng, south: se.lat, east: se.lng, north: nw.lat)
    }

    /// The integer tile zoom MapLibre would draw a vector source at for this camera: the floor of the camera
    /// zoom, clamped to the source's range, so that tiles past `maxZoom` are overzoomed.
    public func tileZoom(minZoom: Int = 0, maxZoom: Int = 14) -> Int {
        min(max(Int(zoom.rounded(.down)), minZoom), maxZoom)
    }

    /// The tiles at `tileZoom` that cover the output, ordered row by row from the north-west.
    /// `bufferPixels` widens the area so that features just outside the frame (wide lines) are included.
    /// With `wrappingWorld`, a view past the antimeridian gets tiles of the world's copies beside it, with
    /// columns outside 0 ..< 2^z (see ``TileID/wrapped``).
    /// With a pitch, the tiles whose squares meet the visible ground (``PitchedTileCover``).
    public func coveringTiles(minZoom: Int = 0, maxZoom: Int = 14, bufferPixels: Double = 0, wrappingWorld: Bool = false) -> [TileID] {
        let z = tileZoom(minZoom: minZoom, maxZoom: maxZoom)
        if isPitched {
            return PitchedTileCover(camera: self, bufferPixels: bufferPixels).tiles(zoom: z, minZoom: minZoom, wrappingWorld: wrappingWorld)
        }
        let pad = bufferPixels / worldScale
        let r = visibleWorldRect
        let n = 1 << z
        let columns = wrappingWorld ? (-n)...(2 * n - 1) : 0...(n - 1)
        let minX = max(Int(((r.minX - pad) * Double(n)).rounded(.down)), columns.lowerBound)
        let maxX = min(Int(((r.maxX + pad) * Double(n)).rounded(.down)), columns.upperBound)
        let minY = max(Int(((r.minY - pad) * Double(n)).rounded(.down)), 0)
        let maxY = min(Int(((r.maxY + pad) * Double(n)).rounded(.down)), n - 1)
        guard minX <= maxX, minY <= maxY else { return [] }
        var tiles: [TileID] = []
        tiles.reserveCapacity((maxX - minX + 1) * (maxY - minY + 1))
        for y in minY...maxY {
            for x in minX...maxX { tiles.append(TileID(z: z, x: x, y: y)) }
        }
        return tiles
    }

    /// The zoom at which `bounds` just fits inside the output (after `paddingPixels` on every side),
    /// centred on the bounds' middle.
    public static func fitting(_ bounds: GeoBounds, width: Int, height: Int, pixelRatio: Double = 1,
                               paddingPixels: Double = 0) -> Camera {
        let nw = WebMercator.project(LngLat(lng: bounds.west, lat: bounds.north))
        let se = WebMercator.project(LngLat(lng: bounds.east, lat: bounds.south))
        let worldWidth = max(se.x - nw.x, 1e-12)
        let worldHeight = max(se.y - nw.y, 1e-12)
        let availableWidth = max(Double(width) - 2 * paddingPixels, 1)
        let availableHeight = max(Double(height) - 2 * paddingPixels, 1)
        let scale = min(availableWidth / worldWidth, availableHeight / worldHeight) / pixelRatio
        let zoom = log2(scale / WebMercator.tileSize)
        let center = WebMercator.unproject(WorldPoint(x: (nw.x + se.x) / 2, y: (nw.y + se.y) / 2))
        return Camera(center: center, zoom: zoom, width: width, height: height, pixelRatio: pixelRatio)
    }
}

/// A geographic bounding box in degrees.
public struct GeoBounds: Hashable, Sendable, Codable {
    public var west: Double
    public var south: Double
    public var east: Double
    public var north: Double
    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }

    public var center: LngLat { LngLat(lng: (west + east) / 2, lat: (south + north) / 2) }

    /// Whether the two boxes share any area (edges touching count).
    public func intersects(_ other: GeoBounds) -> Bool {
        west <= other.east && other.west <= east && south <= other.north && other.south <= north
    }

    /// The smallest box holding every point, or nil for none.
    public init?(covering points: some Sequence<LngLat>) {
        var iterator = points.makeIterator()
        guard let first = iterator.next() else { return nil }
        self.init(west: first.lng, south: first.lat, east: first.lng, north: first.lat)
        while let p = iterator.next() {
            west = min(west, p.lng)
            east = max(east, p.lng)
            south = min(south, p.lat)
            north = max(north, p.lat)
        }
    }

    /// The box grown by `fraction` of its size on every side (of at least `minimumSpan` degrees each way,
    /// so a single point still gets a view), kept within the Web Mercator world.
    public func padded(by fraction: Double, minimumSpan: (lng: Double, lat: Double) = (0.002, 0.001)) -> GeoBounds {
        let dx = max(east - west, minimumSpan.lng) * fraction, dy = max(north - south, minimumSpan.lat) * fraction
        return GeoBounds(west: max(-180, west - dx), south: max(-WebMercator.maxLatitude, south - dy),
                         east: min(180, east + dx), north: min(WebMercator.maxLatitude, north + dy))
    }
}
