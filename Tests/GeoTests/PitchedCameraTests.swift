import Foundation
import Testing
@testable import Geo

/// The pitched camera against MapLibre GL JS: its matrix chain (`Transform._calcMatrices`) rebuilt here
/// literally with 4×4 matrices, and its `coveringTiles` results from maplibre-gl-js's own tests.
@Suite struct PitchedCameraTests {
    let berlin = LngLat(lng: 13.418056, lat: 52.499167)

    /// MapLibre's pixel matrix (labelPlane × perspective × scale(1, −1, 1) × translate(0, 0, −d) ×
    /// rotateX(pitch) × rotateZ(−bearing) × translate(−centre)) applied to a world point, in CSS px.
    func mapLibrePixel(_ camera: Camera, _ point: WorldPoint) -> (x: Double, y: Double) {
        typealias M = [[Double]]
        func mul(_ a: M, _ b: M) -> M { (0..<4).map { i in (0..<4).map { j in (0..<4).reduce(0) { $0 + a[i][$1] * b[$1][j] } } } }
        let w = Double(camera.width), h = Double(camera.height)
        let fov = 0.6435011087932844, d = 0.5 / tan(fov / 2) * h
        let pitch = camera.pitch * .pi / 180, angle = -camera.bearing * .pi / 180
        let worldSize = 512 * pow(2, camera.zoom)
        let centre = WebMercator.project(camera.center)
        let near = h / 50, far = 1000 * h
        let f = 1 / tan(fov / 2)
        let perspective: M = [[f / (w / h), 0, 0, 0], [0, f, 0, 0], [0, 0, (far + near) / (near - far), 2 * far * near / (near - far)], [0, 0, -1, 0]]
        let flipY: M = [[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
        let back: M = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, -d], [0, 0, 0, 1]]
        let rotateX: M = [[1, 0, 0, 0], [0, cos(pitch), -sin(pitch), 0], [0, sin(pitch), cos(pitch), 0], [0, 0, 0, 1]]
        let rotateZ: M = [[cos(angle), -sin(angle), 0, 0], [sin(angle), cos(angle), 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
        let toCentre: M = [[1, 0, 0, -centre.x * worldSize], [0, 1, 0, -centre.y * worldSize], [0, 0, 1, 0], [0, 0, 0, 1]]
        let m = [perspective, flipY, back, rotateX, rotateZ, toCentre].reduce([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], mul)
        let v = [point.x * worldSize, point.y * worldSize, 0, 1]
        let clip = (0..<4).map { i in (0..<4).reduce(0) { $0 + m[i][$1] * v[$1] } }
        return ((clip[0] / clip[3] + 1) * w / 2, (1 - clip[1] / clip[3]) * h / 2)
    }

    @Test func cameraToCenterDistanceIsOneAndAHalfHeights() {
        let camera = Camera(center: berlin, zoom: 14, pitch: 60, width: 512, height: 256)
        #expect(abs(camera.cameraToCenterDistance - 384) < 1e-9)
    }

    @Test(arguments: [(30.0, 0.0), (60.0, 0.0), (60.0, 180.0), (45.0, 37.5), (85.0, -120.0)])
    func projectionMatchesMapLibresMatrices(pitch: Double, bearing: Double) {
        let camera = Camera(center: berlin, zoom: 14, bearing: bearing, pitch: pitch, width: 512, height: 256)
        let c = camera.centerWorld, s = camera.worldScale
        for (dx, dy) in [(0.0, 0.0), (100, -50), (-200, 40), (37, 90), (-5, -300)] {
            let point = WorldPoint(x: c.x + dx / s, y: c.y + dy / s)
            let ours = camera.pixel(of: point), theirs = mapLibrePixel(camera, point)
            #expect(abs(ours.x - theirs.x) < 1e-6 && abs(ours.y - theirs.y) < 1e-6, "\(dx), \(dy): \(ours) vs \(theirs)")
        }
    }

    @Test func aPointNorthOfTheCentreAtPitch60() {
        // 100 px north of the centre, 512 × 512, pitch 60: y = 256 − d·cos60·100 / (d + sin60·100), d = 768.
        let camera = Camera(center: LngLat(lng: 0, lat: 0), zoom: 3, pitch: 60, width: 512, height: 512)
        let point = WorldPoint(x: 0.5, y: 0.5 - 100 / camera.worldScale)
        let p = camera.pixel(of: point)
        let expected = 256 - 768 * 0.5 * 100 / (768 + 3.0.squareRoot() / 2 * 100)
        #expect(abs(p.x - 256) < 1e-9)
        #expect(abs(p.y - expected) < 1e-9)
        #expect(abs(p.y - 211.06683143839552) < 1e-9)
    }

    @Test(arguments: [15.0, 45.0, 60.0, 80.0])
    func pixelsRoundTripThroughTheGround(pitch: Double) {
        let camera = Camera(center: berlin, zoom: 12.3, bearing: 23, pitch: pitch, width: 640, height: 480, pixelRatio: 2)
        let top = camera.firstGroundRow
        for (x, y) in [(0.0, 479.0), (320, 240), (639, top + 1), (100, top + 50), (500, 400)] {
            let world = camera.worldPoint(atPixelX: x, y: y)
            let back = camera.pixel(of: world)
            #expect(abs(back.x - x) < 1e-6 && abs(back.y - y) < 1e-6, "\(x), \(y) -> \(back)")
        }
    }

    @Test func theHorizonAndTheFarPlane() {
        let steep = Camera(center: berlin, zoom: 14, pitch: 85, width: 400, height: 400)
        // Past 90° − fov/2 the sky shows: the top row's ray misses the ground, and the far plane cuts below it.
        #expect(steep.groundPoint(atPixelX: 200, y: 0) == nil)
        #expect(steep.firstGroundRow > 0)
        #expect(steep.groundPoint(atPixelX: 200, y: steep.firstGroundRow) != nil)
        // Pitch 60 sees ground in every row.
        let sixty = Camera(center: berlin, zoom: 14, pitch: 60, width: 400, height: 400)
        #expect(sixty.firstGroundRow == 0)
        #expect(sixty.groundPoint(atPixelX: 0, y: 0) != nil)
        // Steeper than the maximum is clamped, and nonsense draws flat.
        #expect(Camera(center: berlin, zoom: 14, pitch: 120, width: 10, height: 10).effectivePitch == 85)
        #expect(Camera(center: berlin, zoom: 14, pitch: .nan, width: 10, height: 10).effectivePitch == 0)
    }

    @Test func theVisibleGroundWidensAwayFromTheEye() {
        let camera = Camera(center: berlin, zoom: 14, pitch: 60, width: 512, height: 512)
        let ground = camera.visibleGroundPolygon()
        let s = camera.worldScale
        let farWidth = (ground[1].x - ground[0].x) * s, nearWidth = (ground[2].x - ground[3].x) * s
        // A row's ground width is proportional to its depth d²·cos p / (d·cos p + sin p·row): top over bottom.
        let sine = 3.0.squareRoot() / 2 * 256
        #expect(abs(farWidth / nearWidth - (384 + sine) / (384 - sine)) < 1e-9)
        #expect(farWidth > 2 * nearWidth)
    }

    /// maplibre-gl-js `covering_tiles.test.ts`, options {minzoom: 1, maxzoom: 10, tileSize: 512}.
    @Test func coveringTilesAtPitch60LikeMapLibre() {
        let camera = Camera(center: LngLat(lng: 56.90, lat: 48.20), zoom: 5.1, bearing: 32, pitch: 60, width: 1024, height: 768)
        let expected: Set<TileID> = Set([(21, 11), (20, 11), (21, 10), (20, 10), (21, 12), (22, 11), (20, 12), (22, 10), (21, 9), (20, 9),
                                         (22, 9), (23, 10), (21, 8), (20, 8), (23, 9), (22, 8), (23, 8), (21, 7), (20, 7), (24, 9),
                                         (22, 7)].map { TileID(z: 5, x: $0.0, y: $0.1) })
        #expect(Set(camera.coveringTiles(minZoom: 1, maxZoom: 10, wrappingWorld: true)) == expected)

        let wide = Camera(center: LngLat(lng: 25.02, lat: 60.15), zoom: 8, bearing: 45, pitch: 60, width: 300, height: 50)
        #expect(Set(wide.coveringTiles(minZoom: 1, maxZoom: 10)) == [TileID(z: 8, x: 145, y: 74), TileID(z: 8, x: 145, y: 73), TileID(z: 8, x: 146, y: 74)])
        let tall = Camera(center: LngLat(lng: 25.02, lat: 60.15), zoom: 8, bearing: 45, pitch: 60, width: 50, height: 300)
        #expect(Set(tall.coveringTiles(minZoom: 1, maxZoom: 10)) == [TileID(z: 8, x: 145, y: 74), TileID(z: 8, x: 145, y: 73),
                                                                     TileID(z: 8, x: 146, y: 74), TileID(z: 8, x: 146, y: 73)])
    }

    @Test func steepViewsTakeCoarserTilesFarAway() {
        let camera = Camera(center: LngLat(lng: 20.918, lat: 39.232), zoom: 8, pitch: 85, width: 50, height: 1000)
        let tiles = camera.coveringTiles(minZoom: 1, maxZoom: 10)
        #expect(tiles.contains(TileID(z: 8, x: 142, y: 98)))
        #expect(tiles.contains { $0.z < 8 })
        #expect(tiles.count < 40)
        // The tiles never overlap: no tile is another's ancestor.
        for a in tiles { for b in tiles where b.z > a.z { #expect(!(b.x >> (b.z - a.z) == a.x && b.y >> (b.z - a.z) == a.y)) } }
    }

    @Test func aFlatCameraIsUnchanged() {
        let flat = Camera(center: berlin, zoom: 14, bearing: 20, width: 512, height: 256)
        var pitched = flat
        pitched.pitch = 0
        #expect(flat.coveringTiles() == pitched.coveringTiles())
        #expect(flat.visibleWorldRect == pitched.visibleWorldRect)
    }
}
