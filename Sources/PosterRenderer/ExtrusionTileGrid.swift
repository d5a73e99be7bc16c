/// The grid of MapLibre's tiles a fill-extrusion layer is drawn in, in poster pixels: a patterned wall's
/// image is anchored at the corner of the tile that draws it (the shader offsets it by the tile's pixel
/// position) and runs along its ring from the start of the ring in that tile.
///
/// A GeoJSON source is cut by geojson-vt into tiles that overlap by a buffer (a quarter tile), so a small
/// building lies whole in several tiles; MapLibre draws its tiles from the bottom row up and right to left,
/// and the first to draw a wall keeps it. Vector tiles are cut without such overlap here, so their own tile
/// draws each wall.
struct ExtrusionTileGrid: Sendable {
    /// The poster pixel of the world's top-left corner.
    var originX = 0.0, originY = 0.0
    /// A tile's side in poster pixels.
    var size = 1.0
    /// How far (in tiles) beyond its edges a tile holds geometry: 0.25 for GeoJSON, 0 for vector tiles.
    var buffer = 0.0

    /// The poster pixel of the top-left corner of the tile that draws the wall from (x0, y0) to (x1, y1).
    func tileCorner(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (x: Double, y: Double) {
        let column = (((x0 + x1) / 2 - originX) / size).rounded(.down)
        let row = (((y0 + y1) / 2 - originY) / size).rounded(.down)
        if buffer > 0 {
            for (c, r) in [(column + 1, row + 1), (column, row + 1), (column + 1, row), (column, row)] {
                let minX = originX + (c - buffer) * size, maxX = originX + (c + 1 + buffer) * size
                let minY = originY + (r - buffer) * size, maxY = originY + (r + 1 + buffer) * size
                if min(x0, x1) >= minX, max(x0, x1) <= maxX, min(y0, y1) >= minY, max(y0, y1) <= maxY {
                    return (originX + c * size, originY + r * size)
                }
            }
        }
        return (originX + column * size, originY + row * size)
    }

    /// Whether the wall from (x0, y0) to (x1, y1) runs exactly along a line between tiles. MapLibre's
    /// reference images (`fill-extrusion-pattern/*`) show the image on the next walls continuing as if such a
    /// wall were not there, as for a tile's cut, so it is neither drawn nor counted in the ring's distance.
    func isAlongTileEdge(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        func onLine(_ v: Double, _ origin: Double) -> Bool { ((v - origin) / size).rounded() * size + origin == v }
        return (x0 == x1 && onLine(x0, originX)) || (y0 == y1 && onLine(y0, originY))
    }
}
