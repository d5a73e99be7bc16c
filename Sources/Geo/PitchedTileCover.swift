/// The tiles a pitched camera draws, chosen as MapLibre's `Transform.coveringTiles` chooses them: a
/// quadtree walk from the world's root tile that keeps the tiles meeting the visible ground (MapLibre tests
/// them against the view frustum; on the ground plane that is the visible ground polygon) and splits them
/// down to the tile zoom. Past 60° of pitch, tiles far from the centre stop splitting early (coarser tiles
/// in the distance), with MapLibre's rule: at least 3 tiles of the full zoom around the centre, and a tile
/// at zoom k splits only within 3 + 2^(z − k) − 2 tiles (of zoom z) of it.
struct PitchedTileCover {
    /// The visible ground (world units), convex, clockwise on the screen.
    let polygon: [WorldPoint]
    let center: WorldPoint
    let pitch: Double

    init(camera: Camera, bufferPixels: Double) {
        polygon = camera.visibleGroundPolygon(paddingPixels: bufferPixels)
        center = camera.centerWorld
        pitch = camera.effectivePitch
    }

    /// Tiles of zoom `zoom` (and, past 60° of pitch, coarser ones down to `minZoom` far away), ordered by
    /// zoom, then row by row from the north-west. With `wrappingWorld`, tiles of the world's copies on either
    /// side too (columns outside 0 ..< 2^z, see ``TileID/wrapped``).
    func tiles(zoom z: Int, minZoom: Int, wrappingWorld: Bool) -> [TileID] {
        let coarsest = pitch <= 60 ? z : min(max(minZoom, 0), z)
        let radiusOfFullZoomInTiles = 3
        let scaleZ = Double(1 << z)
        var result: [TileID] = []
        var stack: [(zoom: Int, x: Int, y: Int, wrap: Int)] = []
        for wrap in (wrappingWorld ? [-1, 1, 0] : [0]) { stack.append((0, 0, 0, wrap)) }
        while let tile = stack.popLast() {
            let size = 1 / Double(1 << tile.zoom)
            let rect = WorldRect(minX: Double(tile.wrap) + Double(tile.x) * size, minY: Double(tile.y) * size,
                                 maxX: Double(tile.wrap) + Double(tile.x + 1) * size, maxY: Double(tile.y + 1) * size)
            guard Self.convexPolygon(polygon, meets: rect) else { continue }
            // Distance from the centre to the tile along each axis, in tiles of zoom z (0 inside it).
            let dx = (min(max(center.x, rect.minX), rect.maxX) - center.x) * scaleZ
            let dy = (min(max(center.y, rect.minY), rect.maxY) - center.y) * scaleZ
            let longest = max(abs(dx), abs(dy))
            let distanceToSplit = Double(radiusOfFullZoomInTiles + (1 << (z - tile.zoom)) - 2)
            if tile.zoom == z || (longest > distanceToSplit && tile.zoom >= coarsest) {
                result.append(TileID(z: tile.zoom, x: tile.x + tile.wrap * (1 << tile.zoom), y: tile.y))
                continue
            }
            for i in 0..<4 { stack.append((tile.zoom + 1, 2 * tile.x + i % 2, 2 * tile.y + i / 2, tile.wrap)) }
        }
        return result.sorted { ($0.z, $0.y, $0.x) < ($1.z, $1.y, $1.x) }
    }

    /// Whether a convex polygon and a rectangle share any area (touching counts), by separating axes: the
    /// rectangle's two axes and each polygon edge's normal.
    static func convexPolygon(_ polygon: [WorldPoint], meets rect: WorldRect) -> Bool {
        guard !polygon.isEmpty else { return false }
        if polygon.map(\.x).max()! < rect.minX || polygon.map(\.x).min()! > rect.maxX
            || polygon.map(\.y).max()! < rect.minY || polygon.map(\.y).min()! > rect.maxY { return false }
        let corners = [WorldPoint(x: rect.minX, y: rect.minY), WorldPoint(x: rect.maxX, y: rect.minY),
                       WorldPoint(x: rect.maxX, y: rect.maxY), WorldPoint(x: rect.minX, y: rect.maxY)]
        for i in polygon.indices {
            let a = polygon[i], b = polygon[(i + 1) % polygon.count]
            let nx = -(b.y - a.y), ny = b.x - a.x
            guard nx != 0 || ny != 0 else { continue }
            let project = { (p: WorldPoint) in nx * p.x + ny * p.y }
            let polygonValues = polygon.map(project), rectValues = corners.map(project)
            if polygonValues.max()! < rectValues.min()! || rectValues.max()! < polygonValues.min()! { return false }
        }
        return true
    }
}
