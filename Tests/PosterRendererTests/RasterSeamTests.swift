import Canvas
import Geo
import StyleKit
import Testing
@testable import PosterRenderer

/// Raster tiles meet without a seam or an overlap at fractional zooms, where each tile's edges fall
/// between pixels: the grid is aligned to whole pixels as one, never tile by tile.
@Suite struct RasterSeamTests {
    static let style = #"{"version":8,"sources":{"r":{"type":"raster","tiles":["local://r/{z}/{x}/{y}.png"],"tileSize":256}},"layers":[{"id":"r","type":"raster","source":"r","paint":{"raster-opacity":0.5}}]}"#

    static func solid(_ color: RGBAColor) throws -> ImageSurface {
        let image = try ImageSurface(width: 256, height: 256)
        let context = try DrawingContext(surface: image)
        context.setColor(color)
        context.paint()
        return image
    }

    @Test(arguments: [0.37, 1.5, 2.83])
    func tilesMeetWithoutSeamsOrOverlaps(zoom: Double) throws {
        let style = try Style.parse(Array(Self.style.utf8), fileName: "seams.json")
        let tile = try Self.solid(RGBAColor(red: 1, green: 0, blue: 0))
        let z = Int(zoom.rounded()) + 1
        let camera = Camera(center: LngLat(lng: 0.3, lat: -0.2), zoom: zoom, width: 301, height: 203, pixelRatio: 1)
        var tiles: [TileID: ImageSurface] = [:]
        for id in camera.coveringTiles(minZoom: z, maxZoom: z) { tiles[id] = tile }
        #expect(tiles.count >= 4)
        let (image, _) = try MapImageRenderer(style: style).render(camera: camera, inputs: MapInputs(rasterSources: ["r": tiles]), sourceID: nil)
        // At half opacity a gap shows as less red, an overlap as more: every pixel must be exactly half red.
        var wrong = 0
        for y in 0..<image.height {
            for x in 0..<image.width where image.pixel(x: x, y: y).alpha < 0.49 || image.pixel(x: x, y: y).alpha > 0.51 { wrong += 1 }
        }
        #expect(wrong == 0, "\(wrong) pixels of \(image.width * image.height) are not half covered at zoom \(zoom)")
    }
}
