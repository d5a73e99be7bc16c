import Testing
@testable import Geo

@Suite struct WebMercatorTests {
    @Test func projectsNullIslandToTheWorldCentre() {
        let p = WebMercator.project(LngLat(lng: 0, lat: 0))
        #expect(abs(p.x - 0.5) < 1e-15)
        #expect(abs(p.y - 0.5) < 1e-15)
    }

    @Test func projectsHelsinkiToKnownWorldCoordinates() {
        let p = WebMercator.project(LngLat(lng: 24.9384, lat: 60.1699))
        #expect(abs(p.x - 0.5692733333333333) < 1e-12)
        #expect(abs(p.y - 0.2894533183054422) < 1e-12)
        #expect(WebMercator.tile(containing: p, zoom: 14) == TileID(z: 14, x: 9326, y: 4742))
    }

    @Test func unprojectInvertsProject() {
        for point in [LngLat(lng: 24.9384, lat: 60.1699), LngLat(lng: -122.4, lat: 37.8), LngLat(lng: 179.9, lat: -84)] {
            let back = WebMercator.unproject(WebMercator.project(point))
            #expect(abs(back.lng - point.lng) < 1e-9)
            #expect(abs(back.lat - point.lat) < 1e-9)
        }
    }

    @Test func clampsLatitudeToTheSquareWorld() {
        #expect(WebMercator.project(LngLat(lng: 0, lat: 90)).y == WebMercator.project(LngLat(lng: 0, lat: 89.9)).y)
        #expect(abs(WebMercator.project(LngLat(lng: 0, lat: 90)).y) < 1e-9)
    }

    @Test func metersPerPixelMatchesMapLibre() {
        #expect(abs(WebMercator.metersPerPixel(latitude: 0, zoom: 0) - 78271.51696402048) < 1e-6)
        #expect(abs(WebMercator.metersPerPixel(latitude: 60, zoom: 15) - 1.1943285669558792) < 1e-9)
    }

    @Test func tileBoundsAreExactBinaryFractions() {
        let b = WebMercator.bounds(of: TileID(z: 2, x: 1, y: 3))
        #expect(b == WorldRect(minX: 0.25, minY: 0.75, maxX: 0.5, maxY: 1.0))
    }
}

@Suite struct TileIDTests {
    @Test func parentAndAncestor() {
        let t = TileID(z: 14, x: 9326, y: 4742)
        #expect(t.parent == TileID(z: 13, x: 4663, y: 2371))
        #expect(t.ancestor(atZoom: 10) == TileID(z: 10, x: 582, y: 296))
        #expect(TileID(z: 0, x: 0, y: 0).parent == nil)
        #expect(t.description == "14/9326/4742")
    }

    @Test func validity() {
        #expect(TileID(z: 1, x: 1, y: 1).isValid)
        #expect(!TileID(z: 1, x: 2, y: 0).isValid)
        #expect(!TileID(z: -1, x: 0, y: 0).isValid)
    }
}
