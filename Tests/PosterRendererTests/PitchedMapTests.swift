import Canvas
import Geo
import Testing
@testable import PosterRenderer

/// Map views at a pitch: ground-plane layers projected through MapLibre's perspective.
@Suite struct PitchedMapTests {
    /// Where a flat-layout pixel position of ``MapRender/camera(width:height:pixelRatio:bearing:pitch:)``
    /// (64 × 64 at zoom 10) lies under an output pixel's centre of the pitched camera.
    func flatPosition(_ camera: Camera, _ x: Int, _ y: Int) -> (x: Double, y: Double) {
        let world = camera.worldPoint(atPixelX: Double(x) + 0.5, y: Double(y) + 0.5)
        let c = camera.centerWorld
        return ((world.x - c.x) * camera.worldScale + 32, (world.y - c.y) * camera.worldScale + 32)
    }

    @Test(arguments: [(45.0, 0.0), (60.0, 30.0)])
    func aPitchedFillCoversExactlyThePixelsWhoseCentresSeeIt(pitch: Double, bearing: Double) throws {
        let (image, warnings) = try MapRender.render(layers: #"""
            {"id": "f", "type": "fill", "source": "g", "paint": {"fill-color": "#ff0000", "fill-antialias": false}}
            """#, data: MapRender.collection(MapRender.square(20, 8, 44, 40)), bearing: bearing, pitch: pitch)
        #expect(warnings.isEmpty)
        let camera = MapRender.camera(bearing: bearing, pitch: pitch)
        var filled = 0
        for y in 0..<64 {
            for x in 0..<64 {
                let p = flatPosition(camera, x, y)
                // Pixels whose centres fall within a thousandth of a pixel of an edge could go either way.
                let margin = 1e-3
                let inside = p.x > 20 + margin && p.x < 44 - margin && p.y > 8 + margin && p.y < 40 - margin
                let outside = p.x < 20 - margin || p.x > 44 + margin || p.y < 8 - margin || p.y > 40 + margin
                let alpha = MapRender.bytes(image, x, y)[3]
                if inside { #expect(alpha == 255, "pixel \(x), \(y) at \(p)") ; filled += 1 }
                if outside { #expect(alpha == 0, "pixel \(x), \(y) at \(p)") }
            }
        }
        // The square is seen foreshortened: fewer pixels than its 24 × 32 flat area.
        #expect(filled > 100 && filled < 24 * 32)
    }

    @Test func aPitchedBackgroundFillsTheViewAndExtrusionsStandOnIt() throws {
        let (image, warnings) = try MapRender.render(layers: #"""
            {"id": "bg", "type": "background", "paint": {"background-color": "#0000ff"}},
            {"id": "x", "type": "fill-extrusion", "source": "g", "paint": {"fill-extrusion-color": "red", "fill-extrusion-height": 2000}}
            """#, data: MapRender.collection(MapRender.square(28, 28, 36, 36)), pitch: 60)
        #expect(MapRender.bytes(image, 0, 0) == [0, 0, 255, 255])
        #expect(MapRender.bytes(image, 63, 63) == [0, 0, 255, 255])
        // A block 8 px wide and about 26 px high at the centre: seen from the south at 60°, its lit south wall
        // rises from its foot at the centre towards the top of the output (red lit, never the blue ground).
        for y in [30, 24] {
            let pixel = MapRender.bytes(image, 32, y)
            #expect(pixel[0] > 100 && pixel[2] < 50 && pixel[3] == 255, "\(y): \(pixel)")
        }
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func aCircleAtTheCentreLooksAsItDoesFlatAndFarOnesShrink() throws {
        let point = { (x: Double, y: Double) in #"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": \#(MapRender.position(x, y))}}"# }
        let layers = ##"{"id": "c", "type": "circle", "source": "g", "paint": {"circle-radius": 6, "circle-color": "#ff0000"}}"##
        let (flat, _) = try MapRender.render(layers: layers, data: MapRender.collection(point(32, 32)))
        let (pitched, warnings) = try MapRender.render(layers: layers, data: MapRender.collection(point(32, 32)), pitch: 60)
        #expect(warnings.isEmpty)
        for y in 0..<64 { for x in 0..<64 { #expect(MapRender.bytes(flat, x, y) == MapRender.bytes(pitched, x, y)) } }
        // Farther up the view a circle is smaller (circle-pitch-scale: map); with viewport it keeps its size.
        func area(_ image: ImageSurface) -> Int { (0..<64).reduce(0) { sum, y in (0..<64).reduce(sum) { $0 + MapRender.bytes(image, $1, y)[3] } } }
        let (far, _) = try MapRender.render(layers: layers, data: MapRender.collection(point(32, 0)), pitch: 60)
        let kept = ##"{"id": "c", "type": "circle", "source": "g", "paint": {"circle-radius": 6, "circle-color": "#ff0000", "circle-pitch-scale": "viewport"}}"##
        let (farKept, _) = try MapRender.render(layers: kept, data: MapRender.collection(point(32, 0)), pitch: 60)
        #expect(area(far) < area(flat))
        #expect(abs(area(farKept) - area(flat)) < area(flat) / 20)
        // Lying on the ground, a circle is foreshortened: wider than tall on the output.
        let lying = ##"{"id": "c", "type": "circle", "source": "g", "paint": {"circle-radius": 6, "circle-color": "#ff0000", "circle-pitch-alignment": "map"}}"##
        let (ground, groundWarnings) = try MapRender.render(layers: lying, data: MapRender.collection(point(32, 32)), pitch: 60)
        #expect(groundWarnings.isEmpty)
        func extent(_ image: ImageSurface) -> (width: Int, height: Int) {
            let covered = (0..<64).flatMap { y in (0..<64).compactMap { x in MapRender.bytes(image, x, y)[3] > 127 ? (x, y) : nil } }
            return (covered.map(\.0).max()! - covered.map(\.0).min()! + 1, covered.map(\.1).max()! - covered.map(\.1).min()! + 1)
        }
        let (width, height) = extent(ground), flatExtent = extent(flat)
        // At the centre the ground keeps its width and is seen at half its depth (cos 60°).
        #expect(width == flatExtent.width && height <= flatExtent.height * 7 / 10, "\(width) × \(height) against \(flatExtent)")
    }

    @Test func aLineNarrowsWithDistance() throws {
        // A line straight up the view, 8 px wide on the ground: wider near the eye (bottom) than far (top).
        let line = #"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [\#(MapRender.position(32, -200)), \#(MapRender.position(32, 200))]}}"#
        let (image, _) = try MapRender.render(layers: #"""
            {"id": "l", "type": "line", "source": "g", "paint": {"line-color": "#000000", "line-width": 8}}
            """#, data: MapRender.collection(line), pitch: 60)
        func coverage(row: Int) -> Int { (0..<64).reduce(0) { $0 + MapRender.bytes(image, $1, row)[3] } }
        #expect(coverage(row: 60) > coverage(row: 32))
        #expect(coverage(row: 32) > coverage(row: 3))
        #expect(coverage(row: 3) > 0)
    }

    /// A 4 × 4 sprite "stripes": two red columns, then two blue.
    static func stripes() throws -> SpriteSheet {
        let sheet = try ImageSurface(width: 4, height: 4)
        let context = try DrawingContext(surface: sheet)
        context.setColor(RGBAColor(red: 1, green: 0, blue: 0))
        context.rectangle(x: 0, y: 0, width: 2, height: 4)
        context.fill()
        context.setColor(RGBAColor(red: 0, green: 0, blue: 1))
        context.rectangle(x: 2, y: 0, width: 2, height: 4)
        context.fill()
        return try SpriteSheet(index: Array(#"{"stripes": {"x": 0, "y": 0, "width": 4, "height": 4, "pixelRatio": 1}}"#.utf8), sheet: sheet)
    }

    @Test(arguments: [(45.0, 0.0), (60.0, 30.0)])
    func aPitchedFillPatternLiesOnTheGroundWhereTheFlatMapHasIt(pitch: Double, bearing: Double) throws {
        let layers = #"{"id": "f", "type": "fill", "source": "g", "paint": {"fill-pattern": "stripes"}}"#
        let data = MapRender.collection(MapRender.square(20, 8, 44, 40))
        let (flat, _) = try MapRender.render(layers: layers, data: data, sprites: Self.stripes())
        let (pitched, warnings) = try MapRender.render(layers: layers, data: data, sprites: Self.stripes(), bearing: bearing, pitch: pitch)
        #expect(warnings.isEmpty, "\(warnings)")
        let camera = MapRender.camera(bearing: bearing, pitch: pitch)
        var checked = (red: 0, blue: 0)
        for y in 0..<64 {
            for x in 0..<64 {
                let p = flatPosition(camera, x, y)
                guard p.x > 20 + 1.5, p.x < 44 - 1.5, p.y > 8 + 1.5, p.y < 40 - 1.5 else {
                    // Outside the square (by more than a pixel's doubt) the ground stays empty.
                    if p.x < 19 || p.x > 45 || p.y < 7 || p.y > 41 { #expect(MapRender.bytes(pitched, x, y)[3] == 0, "\(x), \(y)") }
                    continue
                }
                // Where the four flat pixels round the point agree, the pattern between them is that colour too.
                let fx = Int((p.x - 0.5).rounded(.down)), fy = Int((p.y - 0.5).rounded(.down))
                let around = [(fx, fy), (fx + 1, fy), (fx, fy + 1), (fx + 1, fy + 1)].map { MapRender.bytes(flat, $0.0, $0.1) }
                guard around.allSatisfy({ $0 == around[0] }) else { continue }
                let pixel = MapRender.bytes(pitched, x, y)
                #expect(zip(pixel, around[0]).allSatisfy { abs($0 - $1) <= 1 }, "\(x), \(y) at \(p): \(pixel), flat \(around[0])")
                if around[0] == [255, 0, 0, 255] { checked.red += 1 }
                if around[0] == [0, 0, 255, 255] { checked.blue += 1 }
            }
        }
        // Both stripes are seen, over most of the square's foreshortened area.
        #expect(checked.red > 50 && checked.blue > 50, "\(checked)")
    }
}
