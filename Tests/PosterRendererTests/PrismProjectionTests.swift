import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// Where extrusions' corners land: straight down at pitch 0, and through a tilted camera.
@Suite struct PrismProjectionTests {
    static let identity = DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 1, x0: 0, y0: 0)

    @Test func overheadRaisesAwayFromTheCentre() throws {
        let projection = PrismProjection(.overhead(.init(ground: Self.identity, center: (50, 50), distance: 96)))
        // 32 px up under a camera 96 px above: 96 / 64 = 1.5 times as far out.
        let p = try #require(projection.project(x: 60, y: 40, z: 32))
        #expect(p == (65, 35, 1.5))
        #expect(projection.project(x: 60, y: 40, z: 0)! == (60, 40, 1))
        // At or above the eye nothing is drawn.
        #expect(projection.project(x: 60, y: 40, z: 96) == nil)
        #expect(projection.overheadScale(z: 32) == 1.5)
    }

    @Test func tiltedMatchesMapLibresChainOnTheGroundAndAbove() throws {
        let projection = PrismProjection(.tilted(.init(flatCenter: (100, 100), bearing: 0, pitch: 60, distance: 96, screenMiddle: (32, 32))))
        let s = sin(60 * Double.pi / 180), c = cos(60 * Double.pi / 180)
        // A point 32 px straight above the centre: depth 96 − cos 60° · 32 = 80, raised sin 60° · 32 · 96 / 80.
        let above = try #require(projection.project(x: 100, y: 100, z: 32))
        #expect(abs(above.x - 32) < 1e-12 && abs(above.y - (32 - s * 32 * 1.2)) < 1e-9 && abs(above.inverseW - 1.2) < 1e-12)
        // A ground point 10 px north of the centre: farther (depth 96 + sin 60° · 10) and foreshortened.
        let north = try #require(projection.project(x: 100, y: 90, z: 0))
        let w = 96 + s * 10
        #expect(abs(north.y - (32 - c * 10 * 96 / w)) < 1e-9 && abs(north.inverseW - 96 / w) < 1e-12)
        // Bearing 90 turns east up: a point east of the centre lands above it.
        let turned = PrismProjection(.tilted(.init(flatCenter: (0, 0), bearing: 90, pitch: 0, distance: 96, screenMiddle: (0, 0))))
        let east = try #require(turned.project(x: 10, y: 0, z: 0))
        #expect(abs(east.x) < 1e-9 && abs(east.y + 10) < 1e-9)
        // Behind the eye: nil.
        #expect(projection.project(x: 100, y: 100, z: 500) == nil)
    }
}
