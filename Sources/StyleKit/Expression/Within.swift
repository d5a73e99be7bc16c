import Geo
import Foundation

/// `["within", geojson]`: whether the feature (points or lines) lies inside the GeoJSON's polygons, as
/// MapLibre decides it: both are compared in the tile coordinates of the feature's tile, every point
/// strictly inside (a point on an edge is outside), no line crossing an edge. Features of other types,
/// and features evaluated without a tile and geometry, are not within.
struct Within: Expression {
    typealias Point = PlanarGeometry.Point
    /// The GeoJSON's polygons (a polygon is a one-polygon multipolygon), in longitude and latitude.
    let polygons: [[[LngLat]]]

    var type: ExpressionType { .boolean }
    var ownDependencies: ExpressionDependencies { .feature }
    var allDependencies: ExpressionDependencies { .feature }
    var children: [any Expression] { [] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        guard let (tile, geometry) = context.measuredGeometry else { return .bool(false) }
        switch context.geometry {
        case "Point": return .bool(pointsWithin(geometry, tile))
        case "LineString": return .bool(linesWithin(geometry, tile))
        default: return .bool(false)
        }
    }

    /// The polygons in world tile coordinates at the tile's zoom, and their bounding box.
    private func tilePolygons(_ tile: TileID) -> ([PlanarGeometry.Polygon], PlanarGeometry.Box) {
        var box = PlanarGeometry.Box()
        let polygons = polygons.map { polygon in
            polygon.map { ring in
                ring.map { position -> Point in
                    let p = TileCoordinates.world(position, zoom: tile.z)
                    box.extend(Point(p.x, p.y))
                    return Point(p.x, p.y)
                }
            }
        }
        return (polygons, box)
    }

    private static func worldSize(_ tile: TileID) -> Double { pow(2, Double(tile.z)) * TileCoordinates.extent }

    /// A feature point in world tile coordinates.
    private static func world(_ p: TilePoint, _ tile: TileID) -> Point {
        Point(p.x + Double(tile.x) * TileCoordinates.extent, p.y + Double(tile.y) * TileCoordinates.extent)
    }

    /// Moves a point by a world's width towards the polygons when it lies more than half a world from
    /// their box, so that a feature across the antimeridian meets polygons drawn on the other side.
    private static func wrap(_ p: inout Point, into box: inout PlanarGeometry.Box, near polygons: PlanarGeometry.Box, worldSize: Double) {
        if p.x < polygons.minX || p.x > polygons.maxX {
            let half = worldSize / 2
            var shift = p.x - polygons.minX > half ? -worldSize : (polygons.minX - p.x > half ? worldSize : 0)
            if shift == 0 {
                shift = p.x - polygons.maxX > half ? -worldSize : (polygons.maxX - p.x > half ? worldSize : 0)
            }
            p.x += shift
        }
        box.extend(p)
    }

    private func pointsWithin(_ geometry: [[TilePoint]], _ tile: TileID) -> Bool {
        let (polygons, polygonBox) = tilePolygons(tile)
        let worldSize = Self.worldSize(tile)
        var pointBox = PlanarGeometry.Box()
        var points: [Point] = []
        for ring in geometry {
            for point in ring {
                var p = Self.world(point, tile)
                Self.wrap(&p, into: &pointBox, near: polygonBox, worldSize: worldSize)
                points.append(p)
            }
        }
        guard pointBox.isWithin(polygonBox) else { return false }
        return points.allSatisfy { PlanarGeometry.pointWithinPolygons($0, polygons) }
    }

    private func linesWithin(_ geometry: [[TilePoint]], _ tile: TileID) -> Bool {
        let (polygons, polygonBox) = tilePolygons(tile)
        let worldSize = Self.worldSize(tile)
        var lineBox = PlanarGeometry.Box()
        var lines = geometry.map { line in
            line.map { point -> Point in
                let p = Self.world(point, tile)
                lineBox.extend(p)
                return p
            }
        }
        // A line spanning more than half the world is left where it is; a shorter one is wrapped towards
        // the polygons point by point.
        if lineBox.maxX - lineBox.minX <= worldSize / 2 {
            lineBox = PlanarGeometry.Box()
            for i in lines.indices {
                for j in lines[i].indices {
                    Self.wrap(&lines[i][j], into: &lineBox, near: polygonBox, worldSize: worldSize)
                }
            }
        }
        guard lineBox.isWithin(polygonBox) else { return false }
        return lines.allSatisfy { PlanarGeometry.lineWithinPolygons($0, polygons) }
    }

    static let geojsonMessage = "'within' expression requires valid geojson object that contains polygon geometry type."

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else {
            return parser.error("'within' expression requires exactly one argument, but found \(args.count - 1) instead.")
        }
        guard case .object(let object) = args[1], let geojson = try? GeoJSON.parse(args[1]) else { return parser.error(geojsonMessage) }
        var polygons: [[[LngLat]]] = []
        for feature in geojson.features {
            switch feature.geometry {
            case .polygon(let rings)?: polygons.append(rings)
            case .multiPolygon(let list)?: polygons += list
            default:
                // A collection skips what is not a polygon; a lone feature or geometry must be one.
                if object["type"] != .string("FeatureCollection") { return parser.error(geojsonMessage) }
            }
        }
        if object["type"] == .string("FeatureCollection") && polygons.isEmpty { return parser.error(geojsonMessage) }
        return Within(polygons: polygons)
    }
}
