import Canvas
import Foundation
import Geo
import StyleKit
import Testing
@testable import PosterRenderer

/// Fill-extrusion layers seen from straight above: lit tops, the higher winning where they overlap, and the
/// layer's opacity applied once.
@Suite struct FillExtrusionLayerTests {
    static let white = #"{"id": "bg", "type": "background", "paint": {"background-color": "white"}}"#

    /// MapLibre's default light: anchored to the viewport, white, intensity 0.5, at [1.15, 210°, 30°].
    /// Its height above the ground is 1.15 · cos 30°; the top's normal adds x / 16384 (x = 1.15 · cos 300° · sin 30°).
    static let facing = 1.15 * cos(30 * Double.pi / 180) + 1.15 * cos(300 * Double.pi / 180) * sin(30 * Double.pi / 180) / 16384

    /// The shader's light factor for a colour of relative luminance `luminance` under the default light.
    static func directional(luminance: Double) -> Double {
        (1 - 0.5) * (1 - facing) + max(1 - luminance + 0.5, 1) * facing
    }

    @Test func aTopIsLitAsMapLibresShaderLightsIt() throws {
        let (image, warnings) = try MapRender.render(layers: #"""
            {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-color": "red", "fill-extrusion-height": 10}}
            """#, data: MapRender.collection(MapRender.square(16, 16, 48, 48)))
        // Red: luminance 0.2126; red 1.03 × 1.284 is clamped to 1, green and blue are ambient 0.03 × 1.284.
        let light = Self.directional(luminance: 0.2126)
        #expect(abs(light - 1.284208) < 1e-5)
        let pixel = MapRender.bytes(image, 32, 32)
        #expect(pixel[0] == 255 && pixel[3] == 255, "\(pixel)")
        #expect(abs(Double(pixel[1]) - 0.03 * light * 255) <= 0.6, "\(pixel)")
        #expect(pixel[1] == pixel[2], "\(pixel)")
        // Tops are not antialiased: the edge is a whole pixel in or out.
        #expect(MapRender.bytes(image, 15, 32)[3] == 0 && MapRender.bytes(image, 16, 32)[3] == 255)
        // Walls are drawn too, so nothing is said.
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func aWallFacingTheCentreShowsBetweenItsFootAndItsTop() throws {
        // A red block from 8 to 24 px right of the centre (and 8 above to 8 below), 2500 m high: at zoom 10 near
        // the equator that is 2500 · 524288 / (2π · 6371008.8) ≈ 32.74 px up, under a camera 1.5 · 64 = 96 px
        // above the centre, so its top appears 96 / (96 − 32.74) ≈ 1.518 times as far out (from 44.1 px on).
        let (image, warnings) = try MapRender.render(layers: Self.white + #"""
            , {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-color": "red", "fill-extrusion-height": 2500}}
            """#, data: MapRender.collection(MapRender.square(40, 24, 56, 40)))
        #expect(warnings.isEmpty, "\(warnings)")
        // The west wall's normal is MapLibre's perp of its edge (exterior rings run clockwise on the screen, so
        // the edge runs north and the perp is (1, 0)); it meets the default light's x, 1.15 · cos 300° · sin 30°
        // = 0.2875: directional 0.5 + 0.2875 · (1.2874 − 0.5) = 0.72638, with no vertical gradient for a wall
        // whose normal has no y. Red 1.03 · 0.72638 → 191, green and blue 0.03 · 0.72638 → 6.
        for x in [40, 41, 43] {
            #expect(MapRender.bytes(image, x, 32) == [191, 6, 6, 255], "\(x): \(MapRender.bytes(image, x, 32))")
        }
        // Left of the foot the map shows; past the top's edge, the lit top.
        #expect(MapRender.bytes(image, 39, 32) == [255, 255, 255, 255])
        let roof = MapRender.bytes(image, 50, 32)
        #expect(roof[0] == 255 && abs(Double(roof[1]) - 0.03 * Self.directional(luminance: 0.2126) * 255) <= 0.6, "\(roof)")
    }

    @Test func wallsSeenFromBehindAreCulledWhicheverWayTheGeoJSONRingRuns() throws {
        // The block above with its ring given counter-clockwise: rewound as geojson-vt does, so the wall facing
        // the centre still faces the camera and shows; the east wall, seen from behind, is culled as MapLibre
        // culls back faces (under the top it would lose every depth test anyway: the image is the same).
        let clockwise = MapRender.square(40, 24, 56, 40)
        let ring = [(40.0, 24.0), (40, 40), (56, 40), (56, 24), (40, 24)].map { MapRender.position($0.0, $0.1) }.joined(separator: ", ")
        let counterClockwise = #"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[\#(ring)]]}}"#
        let layers = Self.white + #"""
            , {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-color": "red", "fill-extrusion-height": 2500}}
            """#
        let (image, _) = try MapRender.render(layers: layers, data: MapRender.collection(counterClockwise))
        let (reference, _) = try MapRender.render(layers: layers, data: MapRender.collection(clockwise))
        #expect(MapRender.bytes(image, 41, 32) == [191, 6, 6, 255], "\(MapRender.bytes(image, 41, 32))")
        for y in stride(from: 0, to: 64, by: 3) {
            for x in 0..<64 { #expect(MapRender.bytes(image, x, y) == MapRender.bytes(reference, x, y), "\(x), \(y)") }
        }
    }

    @Test func theLightsColourTintsTheShadeWithItsComplement() throws {
        // A red light on the horizon at full intensity: no light reaches a top (red 0), and the shader's floor of
        // 0.3 × (1 - light) lifts green and blue to 0.3.
        let (image, _) = try MapRender.render(layers: #"""
            {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-color": "white"}}
            """#, data: MapRender.collection(MapRender.square(16, 16, 48, 48)),
            light: #"{"color": "red", "intensity": 1, "position": [1.15, 0, 90], "anchor": "map"}"#)
        let pixel = MapRender.bytes(image, 32, 32)
        #expect(pixel[0] == 0 && abs(pixel[1] - 77) <= 1 && pixel[1] == pixel[2] && pixel[3] == 255, "\(pixel)")
    }

    @Test func whereTopsOverlapTheHigherShowsAndOpacityAppliesOnce() throws {
        let high = MapRender.square(16, 16, 40, 40, properties: #"{"h": 20, "c": "blue"}"#)
        let low = MapRender.square(24, 24, 48, 48, properties: #"{"h": 10, "c": "red"}"#)
        let layer = #"""
            {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-color": ["get", "c"],
             "fill-extrusion-height": ["get", "h"], "fill-extrusion-opacity": 0.5}}
            """#
        // Blue: luminance 0.0722; blue clamped to 1, red and green 0.03 × light; half of it over white.
        let red = 0.5 * 0.03 * Self.directional(luminance: 0.0722) + 0.5
        for data in [MapRender.collection(high, low), MapRender.collection(low, high)] {
            let (image, _) = try MapRender.render(layers: Self.white + "," + layer, data: data)
            let overlap = MapRender.bytes(image, 32, 32)
            #expect(abs(Double(overlap[0]) - red * 255) <= 1 && overlap[2] == 255, "\(overlap)")
            // Only the blue top shows there, blended once: as where it is alone.
            #expect(overlap == MapRender.bytes(image, 20, 20))
            // The red top alone, half over white.
            let alone = MapRender.bytes(image, 44, 44)
            #expect(alone[0] == 255 && abs(alone[1] - 133) <= 2, "\(alone)")
        }
    }

    @Test func extrusionLayersShareOneDepthBuffer() throws {
        // A tall red block drawn by the first layer, a low blue one over the same footprint by the second: the
        // red top is nearer the camera, so it shows though the blue layer is drawn later (MapLibre's 3D layers
        // share one depth buffer). Where only the blue block stands, it shows.
        let tall = MapRender.square(16, 16, 40, 40, properties: #"{"w": "tall"}"#)
        let low = MapRender.square(16, 16, 48, 48, properties: #"{"w": "low"}"#)
        let (image, _) = try MapRender.render(layers: Self.white + #"""
            , {"id": "a", "type": "fill-extrusion", "source": "g", "filter": ["==", "w", "tall"],
               "paint": {"fill-extrusion-color": "red", "fill-extrusion-height": 20}}
            , {"id": "b", "type": "fill-extrusion", "source": "g", "filter": ["==", "w", "low"],
               "paint": {"fill-extrusion-color": "blue", "fill-extrusion-height": 10}}
            """#, data: MapRender.collection(tall, low))
        let front = MapRender.bytes(image, 28, 28)
        #expect(front[0] == 255 && front[2] < 20 && front[3] == 255, "\(front)")
        let behind = MapRender.bytes(image, 45, 45)
        #expect(behind[2] == 255 && behind[0] < 20, "\(behind)")
    }

    @Test func translateMovesTheTops() throws {
        let (image, _) = try MapRender.render(layers: #"""
            {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-color": "red", "fill-extrusion-translate": [5, 0]}}
            """#, data: MapRender.collection(MapRender.square(16, 16, 48, 48)))
        #expect(MapRender.bytes(image, 20, 32)[3] == 0 && MapRender.bytes(image, 21, 32)[3] == 255 && MapRender.bytes(image, 52, 32)[3] == 255)
    }

    @Test func aPatternIsLitByThePatternShadersFactor() throws {
        let sheet = try ImageSurface(width: 2, height: 2)
        let context = try DrawingContext(surface: sheet)
        context.setColor(RGBAColor(red: 1, green: 0, blue: 0))
        context.paint()
        let sprites = try SpriteSheet(index: Array(#"{"red": {"x": 0, "y": 0, "width": 2, "height": 2, "pixelRatio": 1}}"#.utf8), sheet: sheet)
        let (image, warnings) = try MapRender.render(layers: #"""
            {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-pattern": "red", "fill-extrusion-opacity": 0.5}}
            """#, data: MapRender.collection(MapRender.square(16, 16, 48, 48)), sprites: sprites)
        #expect(warnings.isEmpty, "\(warnings)")
        // 0.5 + 0.5 × facing (the pattern shader divides the normal by 16383), times the opacity.
        let tint = 0.5 + 0.5 * min(1.15 * cos(30 * Double.pi / 180) * 16384 / 16383, 1)
        let pixel = MapRender.bytes(image, 32, 32)
        #expect(abs(Double(pixel[0]) - 255 * tint * 0.5) <= 1 && pixel[1] == 0 && abs(pixel[3] - 128) <= 1, "\(pixel)")
    }

    @Test func aPatternedWallIsTheImageLitByThePatternShadersWallLight() throws {
        let sheet = try ImageSurface(width: 2, height: 2)
        let context = try DrawingContext(surface: sheet)
        context.setColor(RGBAColor(red: 1, green: 0, blue: 0))
        context.paint()
        let sprites = try SpriteSheet(index: Array(#"{"red": {"x": 0, "y": 0, "width": 2, "height": 2, "pixelRatio": 1}}"#.utf8), sheet: sheet)
        // The block of aWallFacingTheCentreShowsBetweenItsFootAndItsTop, patterned with plain red.
        let (image, warnings) = try MapRender.render(layers: Self.white + #"""
            , {"id": "b", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-pattern": "red", "fill-extrusion-height": 2500}}
            """#, data: MapRender.collection(MapRender.square(40, 24, 56, 40)), sprites: sprites)
        #expect(warnings.isEmpty, "\(warnings)")
        // The west wall's packed normal (16385 at the top, 16384 at the foot, over 16383) meets the default
        // light's x, 0.2875: directional 0.5 + 0.2875 · (1 − 0.5) ≈ 0.6438 of the image's red → 164.
        for x in [40, 41, 43] {
            let pixel = MapRender.bytes(image, x, 32)
            #expect(abs(pixel[0] - 164) <= 1 && pixel[1] == 0 && pixel[2] == 0 && pixel[3] == 255, "\(x): \(pixel)")
        }
        #expect(MapRender.bytes(image, 39, 32) == [255, 255, 255, 255])
    }

    @Test func flatTopsAreNotWarnedAbout() throws {
        let (_, warnings) = try MapRender.render(layers: #"{"id": "b", "type": "fill-extrusion", "source": "g"}"#,
                                                 data: MapRender.collection(MapRender.square(16, 16, 48, 48)))
        #expect(warnings.isEmpty, "\(warnings)")
    }
}
