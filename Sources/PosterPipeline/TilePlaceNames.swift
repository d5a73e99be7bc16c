import Geo
import TileFetch
import VectorTile

/// The named places of a vector tile archive (OpenMapTiles' `place` layer: cities, towns, suburbs,
/// neighbourhoods), so that place search finds what the configured tiles name even where GeoNames' list of
/// cities has nothing (Helsinki's Kallio, Kouvola's villages).
enum TilePlaceNames {
    /// Most tiles read: a local extract is read at its deepest zoom that fits; a planet is not read at all.
    static let maxTiles = 4096
    /// Place classes worth finding; continents, countries and states would only shadow real matches.
    static let kinds: Set<String> = ["city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood", "isolated_dwelling", "island"]

    /// The places of `source`; none when it says nothing of where it has tiles (an XYZ template) or would take
    /// more than ``maxTiles`` reads.
    static func read(_ source: any SyncTileSource) -> [GazetteerPlace] {
        guard source.tileType.isVector || source.tileType == .unknown, let bounds = source.coverage else { return [] }
        var chosen: [TileID] = []
        for z in stride(from: min(source.maxZoom, 14), through: source.minZoom, by: -1) {
            if let tiles = Self.tiles(covering: bounds, zoom: z) { chosen = tiles; break }
        }
        var places: [GazetteerPlace] = []
        var seen = Set<String>()
        for tile in chosen {
            guard let bytes = try? source.tileNow(tile), !bytes.isEmpty, let decoded = try? VectorTile(bytes: bytes),
                  let layer = decoded.layer(named: "place") else { continue }
            for decoded in layer.decodedFeatures {
                guard case .success(let feature) = decoded, feature.type == .point,
                      case .string(let name)? = feature.property("name"), !name.isEmpty,
                      case .string(let kind)? = feature.property("class"), kinds.contains(kind) else { continue }
                var first = FirstPoint()
                guard (try? feature.decodeGeometry(into: &first)) != nil, let point = first.point else { continue }
                // Points in a tile's buffer lie outside it; each place is taken from the tile that holds it.
                guard (0..<Int32(layer.extent)).contains(point.x), (0..<Int32(layer.extent)).contains(point.y) else { continue }
                let world = WebMercator.bounds(of: tile)
                let position = WebMercator.unproject(WorldPoint(x: world.minX + (world.maxX - world.minX) * Double(point.x) / Double(layer.extent),
                                                                y: world.minY + (world.maxY - world.minY) * Double(point.y) / Double(layer.extent)))
                guard seen.insert("\(name)\u{0}\(kind)\u{0}\(Int(position.lat * 100))\u{0}\(Int(position.lng * 100))").inserted else { continue }
                places.append(GazetteerPlace(id: -(places.count + 1), name: name, latitude: position.lat, longitude: position.lng,
                                             population: 0, kind: kind))
            }
        }
        return places
    }

    /// The tiles of zoom `z` over `bounds`; nil when there are more than ``maxTiles``.
    static func tiles(covering bounds: GeoBounds, zoom z: Int) -> [TileID]? {
        let northWest = WebMercator.tile(containing: WebMercator.project(LngLat(lng: bounds.west, lat: bounds.north)), zoom: z)
        let southEast = WebMercator.tile(containing: WebMercator.project(LngLat(lng: bounds.east, lat: bounds.south)), zoom: z)
        let count = (southEast.x - northWest.x + 1) * (southEast.y - northWest.y + 1)
        guard count <= maxTiles else { return nil }
        guard count > 0 else { return [] }
        var tiles: [TileID] = []
        for y in northWest.y...southEast.y {
            for x in northWest.x...southEast.x { tiles.append(TileID(z: z, x: x, y: y)) }
        }
        return tiles
    }

    /// The first point of a point feature's geometry.
    struct FirstPoint: GeometryVisitor {
        var point: (x: Int32, y: Int32)?
        mutating func moveTo(x: Int32, y: Int32) { if point == nil { point = (x, y) } }
        mutating func lineTo(x: Int32, y: Int32) {}
        mutating func closePath() {}
    }
}
