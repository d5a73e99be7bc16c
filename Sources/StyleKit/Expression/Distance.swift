import Geo

/// `["distance", geojson]`: the shortest distance in metres from the feature to the GeoJSON's geometries,
/// as MapLibre measures it: the feature's tile geometry back in longitude and latitude, cheap-ruler
/// distances at the feature's first latitude, 0 inside a polygon. NaN without a tile and geometry, or for
/// a feature of another type.
struct Distance: Expression {
    typealias Point = PlanarGeometry.Point

    /// The GeoJSON's geometries, multi-geometries split into their parts.
    enum Shape: Sendable {
        case point(Point)
        case line([Point])
        case polygon(PlanarGeometry.Polygon)
    }

    let shapes: [Shape]

    var type: ExpressionType { .number }
    var ownDependencies: ExpressionDependencies { .feature }
    var allDependencies: ExpressionDependencies { .feature }
    var children: [any Expression] { [] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        guard let (tile, geometry) = context.measuredGeometry else { return .number(.nan) }
        func lngLat(_ p: TilePoint) -> Point {
            let position = TileCoordinates.lngLat(p, in: tile)
            return Point(position.lng, position.lat)
        }
        switch context.geometry {
        case "Point", "LineString":
            let isLine = context.geometry == "LineString"
            let positions = geometry.joined().map(lngLat)
            guard let first = positions.first else { return .number(.nan) }
            let measure = GeometryDistance(ruler: CheapRuler(latitude: first.y))
            var result = Double.infinity
            for shape in shapes {
                let d: Double
                switch shape {
                case .point(let p): d = measure.pointSetToPointSet(positions, isLine: isLine, [p], isLine: false, current: result)
                case .line(let line): d = measure.pointSetToPointSet(positions, isLine: isLine, line, isLine: true, current: result)
                case .polygon(let polygon): d = measure.pointsToPolygon(positions, isLine: isLine, polygon, current: result)
                }
                result = Self.min(result, d)
                if result == 0 { return .number(0) }
            }
            return .number(result)
        case "Polygon":
            let polygons = Self.classifyRings(geometry).map { $0.map { $0.map(lngLat) } }
            guard let first = polygons.first?.first?.first else { return .number(.nan) }
            let measure = GeometryDistance(ruler: CheapRuler(latitude: first.y))
            var result = Double.infinity
            for shape in shapes {
                for polygon in polygons {
                    let d: Double
                    switch shape {
                    case .point(let p): d = measure.pointsToPolygon([p], isLine: false, polygon, current: result)
                    case .line(let line): d = measure.pointsToPolygon(line, isLine: true, polygon, current: result)
                    case .polygon(let other): d = measure.polygonToPolygon(polygon, other, current: result)
                    }
                    result = Self.min(result, d)
                    if result == 0 { return .number(0) }
                }
            }
            return .number(result)
        default:
            return .number(.nan)
        }
    }

    /// JavaScript's `Math.min`: NaN wins.
    private static func min(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }

    /// Groups a polygon feature's rings into polygons: a ring wound as the first one starts a polygon, a
    /// ring wound the other way is a hole of the polygon before it; rings without area are dropped.
    static func classifyRings(_ rings: [[TilePoint]]) -> [[[TilePoint]]] {
        guard rings.count > 1 else { return [rings] }
        var polygons: [[[TilePoint]]] = []
        var polygon: [[TilePoint]]?
        var clockwise: Bool?
        for ring in rings {
            let area = signedArea(ring)
            if area == 0 { continue }
            if clockwise == nil { clockwise = area < 0 }
            if clockwise == (area < 0) {
                if let polygon { polygons.append(polygon) }
                polygon = [ring]
            } else {
                polygon?.append(ring)
            }
        }
        if let polygon { polygons.append(polygon) }
        return polygons
    }

    private static func signedArea(_ ring: [TilePoint]) -> Double {
        var sum = 0.0
        for i in ring.indices {
            let p1 = ring[i], p2 = ring[i == 0 ? ring.count - 1 : i - 1]
            sum += (p2.x - p1.x) * (p1.y + p2.y)
        }
        return sum
    }

    static let geojsonMessage = "'distance' expression requires valid geojson object that contains polygon geometry type."

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else {
            return parser.error("'distance' expression requires exactly one argument, but found \(args.count - 1) instead.")
        }
        guard case .object = args[1], let geojson = try? GeoJSON.parse(args[1]) else { return parser.error(geojsonMessage) }
        func point(_ p: LngLat) -> Point { Point(p.lng, p.lat) }
        func shapes(_ geometry: GeoJSON.Geometry) -> [Shape] {
            switch geometry {
            case .point(let p): [.point(point(p))]
            case .multiPoint(let points): points.map { .point(point($0)) }
            case .lineString(let line): [.line(line.map(point))]
            case .multiLineString(let lines): lines.map { .line($0.map(point)) }
            case .polygon(let rings): [.polygon(rings.map { $0.map(point) })]
            case .multiPolygon(let polygons): polygons.map { .polygon($0.map { $0.map(point) }) }
            // MapLibre measures to no geometry of a collection.
            case .collection: []
            }
        }
        return Distance(shapes: geojson.features.flatMap { $0.geometry.map(shapes) ?? [] })
    }
}
