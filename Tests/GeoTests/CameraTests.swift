import Testing
@testable import Geo

@Suite struct CameraTests {
    let helsinki = LngLat(lng: 24.9384, lat: 60.1699)

    @Test func centreMapsToTheMiddlePixel() {
        let camera = Camera(center: helsinki, zoom: 15.5, width: 2400, height: 3600, pixelRatio: 2)
        let p = camera.pixel(of: camera.centerWorld)
        #expect(p.x == 1200 && p.y == 1800)
    }

    @Test func pixelRatioScalesTheWorld() {
        let a = Camera(center: helsinki, zoom: 12, width: 100, height: 100, pixelRatio: 1)
        let b = Camera(center: helsinki, zoom: 12, width: 100, height: 100, pixelRatio: 2)
        #expect(b.worldScale == 2 * a.worldScale)
        #expect(a.worldScale == 512 * 4096)
    }

    @Test func visibleRectSpansTheOutput() {
        let camera = Camera(center: LngLat(lng: 0, lat: 0), zoom: 0, width: 512, height: 512)
        let r = camera.visibleWorldRect
        #expect(abs(r.minX) < 1e-12 && abs(r.maxX - 1) < 1e-12)
        #expect(abs(r.minY) < 1e-12 && abs(r.maxY - 1) < 1e-12)
    }

    @Test func bearingTurnsTheMapLikeMapLibre() {
        let north = Camera(center: helsinki, zoom: 15, width: 400, height: 400)
        var east = north
        east.bearing = 90
        let c = north.centerWorld
        let eastward = WorldPoint(x: c.x + 100 / north.worldScale, y: c.y)
        let northward = WorldPoint(x: c.x, y: c.y - 100 / north.worldScale)
        // Facing east: east is up, north is to the left.
        let e = east.pixel(of: eastward), n = east.pixel(of: northward)
        #expect(abs(e.x - 200) < 1e-9 && abs(e.y - 100) < 1e-9)
        #expect(abs(n.x - 100) < 1e-9 && abs(n.y - 200) < 1e-9)
        // worldPoint is the inverse of pixel.
        let back = east.worldPoint(atPixelX: e.x, y: e.y)
        #expect(abs(back.x - eastward.x) < 1e-15 && abs(back.y - eastward.y) < 1e-15)
        #expect(east.unrotated == north)
    }

    @Test func aTurnedViewCoversItsCorners() {
        let straight = Camera(center: helsinki, zoom: 14.5, width: 1200, height: 1800)
        var turned = straight
        turned.bearing = 45
        let a = straight.visibleWorldRect, b = turned.visibleWorldRect
        // A 2:3 frame turned 45° spans (w + h) / √2 each way.
        let side = (1200.0 + 1800.0) / 2.0.squareRoot() / straight.worldScale
        #expect(abs((b.maxX - b.minX) - side) < 1e-12 && abs((b.maxY - b.minY) - side) < 1e-12)
        #expect(b.minX < a.minX && b.maxY > a.maxY)
        #expect(turned.coveringTiles().count > straight.coveringTiles().count)
        // Every corner of the turned frame lies inside the tiles it covers.
        let tiles = Set(turned.coveringTiles())
        for (x, y) in [(0.0, 0.0), (1200, 0), (0, 1800), (1200, 1800)] {
            let p = turned.worldPoint(atPixelX: x, y: y)
            let n = Double(1 << turned.tileZoom())
            #expect(tiles.contains(TileID(z: turned.tileZoom(), x: Int(p.x * n), y: Int(p.y * n))))
        }
    }

    @Test func tileZoomFloorsAndClampsForOverzoom() {
        #expect(Camera(center: helsinki, zoom: 15.7, width: 10, height: 10).tileZoom(maxZoom: 14) == 14)
        #expect(Camera(center: helsinki, zoom: 12.9, width: 10, height: 10).tileZoom(maxZoom: 14) == 12)
        #expect(Camera(center: helsinki, zoom: 2.5, width: 10, height: 10).tileZoom(minZoom: 4, maxZoom: 14) == 4)
    }

    @Test func coveringTilesOfAWholeWorldView() {
        let camera = Camera(center: LngLat(lng: 0, lat: 0), zoom: 1, width: 1024, height: 1024)
        #expect(camera.coveringTiles(maxZoom: 14) == [
            TileID(z: 1, x: 0, y: 0), TileID(z: 1, x: 1, y: 0), TileID(z: 1, x: 0, y: 1), TileID(z: 1, x: 1, y: 1),
        ])
    }

    @Test func coveringTilesOfTheHelsinkiPoster() {
        // 2400x3600 device px at ratio 2 and zoom 15.5 is 1200x1800 CSS px: about 1.9 x 2.8 z14 tiles.
        let camera = Camera(center: helsinki, zoom: 15.5, width: 2400, height: 3600, pixelRatio: 2)
        let tiles = camera.coveringTiles(maxZoom: 14)
        #expect(tiles.allSatisfy { $0.z == 14 })
        #expect(tiles.contains(TileID(z: 14, x: 9326, y: 4742)))
        let xs = Set(tiles.map(\.x)), ys = Set(tiles.map(\.y))
        #expect(xs.count * ys.count == tiles.count)
        #expect((2...3).contains(xs.count) && (3...4).contains(ys.count))
    }

    @Test func fittingPutsTheBoundsInsideTheOutput() {
        let bounds = GeoBounds(west: 24.93518, south: 60.16416, east: 24.95341, north: 60.17911)
        let camera = Camera.fitting(bounds, width: 2400, height: 3600, pixelRatio: 2)
        let nw = camera.pixel(of: WebMercator.project(LngLat(lng: bounds.west, lat: bounds.north)))
        let se = camera.pixel(of: WebMercator.project(LngLat(lng: bounds.east, lat: bounds.south)))
        // One dimension fills the output exactly, the other fits inside it.
        let fillsWidth = abs(nw.x) < 1e-6 && abs(se.x - 2400) < 1e-6
        let fillsHeight = abs(nw.y) < 1e-6 && abs(se.y - 3600) < 1e-6
        #expect(fillsWidth || fillsHeight)
        #expect(nw.x >= -1e-6 && nw.y >= -1e-6 && se.x <= 2400 + 1e-6 && se.y <= 3600 + 1e-6)
    }

    @Test func posterCoordinatesLine() {
        #expect(helsinki.formattedForPoster() == "60.1699° N / 24.9384° E")
        #expect(LngLat(lng: -73.98565, lat: -40.75).formattedForPoster() == "40.7500° S / 73.9857° W")
    }
}
