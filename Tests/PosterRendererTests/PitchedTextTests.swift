import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// Text set with the style's SDF glyphs on a turned or pitched map, placed and drawn as MapLibre does.
@Suite struct PitchedTextTests {
    /// "AA" shaped centred at 24 px (one shaping unit a device pixel), as a point label with no padding.
    static func label(pitchWithMap: Bool = false, rotateWithMap: Bool = false) throws -> SDFTextLabel {
        let glyphs = try GlyphPBF.decode(SDFTextTests.latin())
        let shaper = MapLibreShaper { c, _ in glyphs[c] }
        let layout = MapLibreShaper.Layout(maxWidth: 10 * 24, lineHeight: 24, spacing: 0, anchor: "center", justify: "center",
                                           offset: (0, 0), breaksLines: true)
        let shaping = try #require(shaper.shape("AA", fontStack: "", layout))
        let paint = SDFTextPaint(color: RGBAColor(red: 0, green: 0, blue: 0, alpha: 1), haloColor: RGBAColor(red: 0, green: 0, blue: 0, alpha: 0),
                                 haloWidth: 0, haloBlur: 0, fontScale: 1, pixelRatio: 1)
        var text = SDFTextLabel(string: "AA", shaping: shaping, drawScale: 1, layoutScale: 1, offset: (0, 0), rotate: 0, padding: 0,
                                overlap: .never, ignorePlacement: false, optional: false, translate: (0, 0), paint: paint, viewportPadding: 100)
        text.pitchWithMap = pitchWithMap
        text.rotateWithMap = rotateWithMap
        return text
    }

    @Test func textAlignedToATurnedMapTurnsItsGlyphsAndVariableShiftsButNotItsBox() throws {
        var text = try Self.label()
        let flat = text.collisionBox(at: (100, 50))
        #expect(flat.minX == 85 && flat.maxX == 115 && flat.minY == 38 && flat.maxY == 62)
        // Bearing 90: the map's east points up the page, and the glyphs with it; MapLibre's box stays upright.
        text.mapAngle = -.pi / 2
        let turned = text.collisionBox(at: (100, 50))
        #expect(turned.minX == 85 && turned.maxX == 115 && turned.minY == 38 && turned.maxY == 62)
        #expect(text.glyphs(at: (100, 50)).allSatisfy { $0.angle == -.pi / 2 })
        // A variable anchor's shift to the right turns the other way facing the viewer (MapLibre's
        // rotate(-angle)), and with the map when the text lies in its plane.
        let facing = text.renderShift((10, 0))
        #expect(abs(facing.x) < 1e-12 && facing.y == 10)
        text.pitchWithMap = true
        let lying = text.renderShift((10, 0))
        #expect(abs(lying.x) < 1e-12 && lying.y == -10)
    }

    @Test func aPointLabelAlignedToTheMapTurnsWithIt() throws {
        let point = #"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": \#(MapRender.position(32, 32))}}"#
        func render(_ alignment: String, bearing: Double) throws -> ImageSurface {
            let layer = #"{"id": "l", "type": "symbol", "source": "g", "layout": {"text-field": "AT", "text-font": ["Open Sans Semibold", "Arial Unicode MS Bold"], "text-size": 24, "text-rotation-alignment": "\#(alignment)"}}"#
            let (image, warnings) = try MapRender.render(layers: layer, data: MapRender.collection(point), glyphs: SDFTextTests.glyphSet(), bearing: bearing)
            #expect(!warnings.contains { $0.contains("text-rotation-alignment") }, "\(warnings)")
            return image
        }
        // Upside down at bearing 180: each pixel is its mirror through the centre of the upright text.
        let upright = try render("map", bearing: 0), turned = try render("map", bearing: 180), viewport = try render("viewport", bearing: 180)
        var ink = 0, largest = 0
        for y in 0..<64 {
            for x in 0..<64 {
                let a = MapRender.bytes(upright, x, y)[3], b = MapRender.bytes(turned, 63 - x, 63 - y)[3]
                largest = max(largest, abs(a - b))
                if a > 0 { ink += 1 }
                // Facing the viewport the text stays upright whatever the bearing.
                #expect(MapRender.bytes(viewport, x, y) == MapRender.bytes(upright, x, y))
            }
        }
        #expect(ink > 100)
        #expect(largest <= 1)
    }

    @Test func pitchedTextCollidesOnTheScreenWithBoxesScaledByThePerspectiveRatio() throws {
        let camera = MapRender.camera(pitch: 60)
        let layout = PitchedMapLayout(camera: camera, margin: 16)
        let view = layout.labels
        let flat = layout.flatCamera
        let centre = (x: Double(flat.width) / 2, y: Double(flat.height) / 2)
        var placer = SymbolPlacer(frame: PixelRect(x: 0, y: 0, width: Double(flat.width), height: Double(flat.height)))
        placer.pitched = view
        let text = try Self.label()
        // At the centre the eye is cameraToCenterDistance away: the ratio is 1 and the box is the flat one.
        #expect(abs(view.perspectiveRatio(view.depth(centre)) - 1) < 1e-12)
        let placedMiddle = placer.placePitchedSDFPoint(text, x: centre.x, y: centre.y, view)
        let middle = try #require(placedMiddle)
        let box = text.collisionBox(at: (32, 32))
        #expect(abs(middle.bounds.minX - box.minX) < 1e-9 && abs(middle.bounds.maxY - box.maxY) < 1e-9)
        #expect(middle.sdfText?.projected == true && middle.sdfText?.onGround == false)

        // Further away (up the screen) the box shrinks by the ratio 0.5 + 0.5 · cameraToCenterDistance / depth.
        let far = (x: centre.x, y: centre.y - 40)
        let ratio = view.perspectiveRatio(view.depth(view.ground(far)))
        #expect(ratio > 0.6 && ratio < 0.9)
        placer.index = CollisionIndex()
        let placedDistant = placer.placePitchedSDFPoint(text, x: far.x, y: far.y, view)
        let distant = try #require(placedDistant)
        #expect(abs(distant.bounds.width - 30 * ratio) < 1e-9 && abs(distant.bounds.height - 24 * ratio) < 1e-9)
        #expect(abs((distant.sdfText?.glyphs.first?.scale ?? 0) - ratio) < 1e-12)
        // A label 30 px beyond it on the ground, clear of it in the flat layout (24 px high), collides on the screen.
        #expect(placer.placePitchedSDFPoint(text, x: far.x, y: far.y - 30, view) == nil)
        // Towards the horizon, below MapLibre's cut-off of 0.6, nothing is placed.
        var beyond = far.y
        while view.perspectiveRatio(view.depth(view.ground((far.x, beyond)))) >= 0.6 { beyond -= 1 }
        #expect(placer.placePitchedSDFPoint(text, x: far.x + 200, y: beyond, view) == nil)
    }

    @Test func textPitchedWithTheMapLiesOnTheGround() throws {
        let camera = MapRender.camera(pitch: 60)
        let layout = PitchedMapLayout(camera: camera, margin: 16)
        let view = layout.labels
        let centre = (x: Double(layout.flatCamera.width) / 2, y: Double(layout.flatCamera.height) / 2)
        var placer = SymbolPlacer(frame: PixelRect(x: 0, y: 0, width: 1, height: 1))
        placer.pitched = view
        let text = try Self.label(pitchWithMap: true)
        let placedOnGround = placer.placePitchedSDFPoint(text, x: centre.x, y: centre.y, view)
        let placed = try #require(placedOnGround)
        #expect(placed.sdfText?.onGround == true)
        // Its box is upright on the screen about the projected anchor, as for text facing the viewer.
        #expect(abs(placed.bounds.minX - 17) < 1e-9 && abs(placed.bounds.maxY - 44) < 1e-9)
        // Its glyphs are in the flat layout, about the anchor there, at the size of the ratio 0.5 + 0.5 · depth /
        // cameraToCenterDistance (1 at the centre).
        let first = try #require(placed.sdfText?.glyphs.first)
        #expect(first.anchor.x == centre.x && first.anchor.y == centre.y && abs(first.scale - 1) < 1e-12)
        // Drawn on the ground at the flat anchor, with MapLibre's wider edge there: 1 / cos 60° at the centre.
        #expect(abs(view.groundGammaScale(view.depth(centre)) - 2) < 1e-9)
        #expect(abs((placed.sdfText?.paint.gammaScale ?? 0) - 2) < 1e-9)
    }

    @Test func fontTextOnAPitchedViewCollidesWithItsBoxesAsTheScreenShowsThem() throws {
        let layout = PitchedMapLayout(camera: MapRender.camera(pitch: 60), margin: 16)
        let view = layout.labels
        let centre = (x: Double(layout.flatCamera.width) / 2, y: Double(layout.flatCamera.height) / 2)
        var placer = SymbolPlacer(frame: PixelRect(x: 0, y: 0, width: Double(layout.flatCamera.width), height: Double(layout.flatCamera.height)))
        let box = PixelRect(minX: centre.x - 10, minY: centre.y - 4, maxX: centre.x + 10, maxY: centre.y + 4)
        // Flat views test the boxes as laid out.
        #expect(placer.screenBoxes([box])?.first == box)
        placer.pitched = view
        // At the centre the box keeps its size about the output's centre.
        let middle = try #require(placer.screenBoxes([box])?.first)
        #expect(abs(middle.minX - 22) < 1e-9 && abs(middle.maxX - 42) < 1e-9 && abs(middle.minY - 28) < 1e-9 && abs(middle.maxY - 36) < 1e-9)
        // Further off it shrinks by the perspective ratio about its centre's projection.
        let far = PixelRect(minX: box.minX, minY: box.minY - 40, maxX: box.maxX, maxY: box.maxY - 40)
        let ratio = view.perspectiveRatio(view.depth(view.ground((centre.x, centre.y - 40))))
        let shrunk = try #require(placer.screenBoxes([far])?.first)
        #expect(abs(shrunk.width - 20 * ratio) < 1e-9 && abs(shrunk.height - 8 * ratio) < 1e-9)
        // Past MapLibre's cut-off (towards the horizon) there is no room at all.
        var y = centre.y - 40
        while view.perspectiveRatio(view.depth(view.ground((centre.x, y)))) >= 0.6 { y -= 1 }
        #expect(placer.screenBoxes([PixelRect(minX: centre.x - 1, minY: y - 1, maxX: centre.x + 1, maxY: y + 1)]) == nil)
    }
}
