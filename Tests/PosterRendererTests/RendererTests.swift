import Canvas
import Foundation
import Geo
import StyleKit
import Testing
import VectorTile
@testable import PosterRenderer

@Suite struct RendererTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fonts: FontCatalog = {
        do { return try FontCatalog(directory: repo.appendingPathComponent("Fonts").path) } catch { fatalError("\(error)") }
    }()

    /// Red paper, and a half-transparent blue fill for the "water" layer: overlap would darken it and a
    /// gap would let red through.
    static let seamStyle = try! Style.parse(Array(##"""
    {"version": 8, "sources": {"t": {"type": "vector"}}, "layers": [
      {"id": "bg", "type": "background", "paint": {"background-color": "#ff0000"}},
      {"id": "water", "type": "fill", "source": "t", "source-layer": "water",
       "paint": {"fill-color": "#0000ff", "fill-opacity": 0.5}}
    ]}
    """##.utf8), fileName: "seam.json")

    /// A square covering the whole tile and 128 units of buffer on every side.
    static let coveringTile = TileBuilder.polygons(layer: "water", [[(-128, -128), (4224, -128), (4224, 4224), (-128, 4224)]])

    func renderMap(_ style: Style, tiles: [TileID: VectorTile], spec: PosterSpec) throws -> (ImageSurface, PosterLayout) {
        let renderer = PosterRenderer(style: style, fonts: Self.fonts)
        let poster = try renderer.render(spec, inputs: MapInputs(tiles: tiles), format: .png)
        return (try PNGDecoder.decode(poster.bytes), try renderer.layout(for: spec))
    }

    @Test func tilesMeetWithoutSeamsOrOverlap() throws {
        // Four z14 tiles around a corner, with the camera placing the tile edges at fractional pixels.
        let corner = WebMercator.unproject(WorldPoint(x: 9327.0 / 16384, y: 4742.0 / 16384))
        let spec = PosterSpec(center: LngLat(lng: corner.lng + 0.00001, lat: corner.lat - 0.000013), zoom: 15.37,
                              width: 600, height: 900, pixelRatio: 1, title: "", subtitle: "", showCoordinates: false)
        var tiles: [TileID: VectorTile] = [:]
        for x in 9326...9327 { for y in 4741...4742 { tiles[TileID(z: 14, x: x, y: y)] = try VectorTile(bytes: Self.coveringTile) } }
        let (image, layout) = try renderMap(Self.seamStyle, tiles: tiles, spec: spec)
        let camera = layout.camera
        let edge = camera.pixel(of: WorldPoint(x: 9327.0 / 16384, y: 4742.0 / 16384))
        #expect(edge.x > 50 && edge.x < Double(camera.width) - 50 && edge.y > 50 && edge.y < Double(camera.height) - 50)
        let expected = image.pixel(x: Int(layout.mapRect.minX) + 10, y: Int(layout.mapRect.minY) + 10)
        #expect(abs(expected.red - 0.5) < 0.01 && abs(expected.blue - 0.5) < 0.01)
        var worst = 0.0
        for y in Int(layout.mapRect.minY)..<Int(layout.mapRect.maxY) {
            for x in Int(layout.mapRect.minX)..<Int(layout.mapRect.maxX) where y % 3 == 0 || abs(Double(x) - edge.x - layout.mapRect.minX) < 3 {
                let p = image.pixel(x: x, y: y)
                worst = max(worst, abs(p.red - expected.red), abs(p.blue - expected.blue))
            }
        }
        // One 8-bit step of rounding; a seam or double-drawn buffer would be tens of steps.
        #expect(worst <= 1.0 / 255 + 1e-9, "largest difference \(worst * 255) steps")
    }

    @Test(arguments: [0.0, 0.037, 0.05])
    func paperIsPaintedWhereverTheOpaqueMapDoesNotCoverAWholePixel(margin: Double) throws {
        // The paper is skipped under the map's opaque background; around the map it must still be there (an
        // unpainted pixel would decode as black), with or without a margin.
        let style = try Style.parse(Array(##"{"version": 8, "sources": {}, "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#2060a0"}}]}"##.utf8), fileName: "bg.json")
        let spec = PosterSpec(center: LngLat(lng: 24.94, lat: 60.17), zoom: 14, width: 331, height: 457, pixelRatio: 1,
                              title: "", subtitle: "", showCoordinates: false, attribution: "", design: PosterDesign(margin: margin))
        let (image, layout) = try renderMap(style, tiles: [:], spec: spec)
        let map = layout.mapRect
        if margin > 0 {
            #expect(image.pixel(x: 1, y: 1) == layout.paperColor)
        }
        var black = 0
        for y in 0..<image.height {
            for x in 0..<image.width where image.pixel(x: x, y: y) == RGBAColor(red: 0, green: 0, blue: 0) { black += 1 }
        }
        #expect(black == 0)
        let inside = image.pixel(x: Int((map.minX + map.maxX) / 2), y: Int((map.minY + map.maxY) / 2))
        #expect(abs(inside.red - 0x20 / 255.0) < 1e-9 && abs(inside.blue - 0xa0 / 255.0) < 1e-9)
    }

    @Test func wholePixelsInsideARectangle() throws {
        let box = try #require(PixelBox(inside: PixelRect(minX: 10.5, minY: 20, maxX: 100.25, maxY: 50.75)))
        #expect(box == PixelBox(minX: 11, minY: 20, maxX: 100, maxY: 50))
        #expect(PixelBox(inside: PixelRect(minX: 10.2, minY: 0, maxX: 10.9, maxY: 5)) == nil)
        #expect(PixelBox(inside: PixelRect.empty) == nil)
    }

    @Test func overzoomPlacesFeaturesWhereTheyBelong() throws {
        // A square in one z14 tile, drawn at zoom 15.2 (tiles stop at 14): it must land at its true position.
        let square = TileBuilder.polygons(layer: "water", [[(1024, 1024), (3072, 1024), (3072, 3072), (1024, 3072)]])
        let tile = TileID(z: 14, x: 9326, y: 4742)
        let centerWorld = WorldPoint(x: (9326.5) / 16384, y: (4742.5) / 16384)
        let spec = PosterSpec(center: WebMercator.unproject(centerWorld), zoom: 15.2, width: 800, height: 1200, pixelRatio: 1,
                              title: "", subtitle: "", showCoordinates: false)
        let style = try Style.parse(Array(##"{"version": 8, "sources": {"t": {"type": "vector"}}, "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#ffffff"}}, {"id": "water", "type": "fill", "source": "t", "source-layer": "water", "paint": {"fill-color": "#000000"}}]}"##.utf8), fileName: "o.json")
        let (image, layout) = try renderMap(style, tiles: [tile: try VectorTile(bytes: square)], spec: spec)
        let camera = layout.camera
        // The square spans a quarter to three quarters of the tile: 2^(15.2-14) * 512 / 2 px wide.
        let side = pow(2, 1.2) * 512 / 2
        let topLeft = camera.pixel(of: WorldPoint(x: (9326.25) / 16384, y: (4742.25) / 16384))
        #expect(abs(topLeft.x - (Double(camera.width) / 2 - side / 2)) < 1e-6)
        let ox = layout.mapRect.minX, oy = layout.mapRect.minY
        // Inside by two pixels: black. Outside by two pixels: white.
        #expect(image.pixel(x: Int(ox + topLeft.x + 2), y: Int(oy + topLeft.y + 2)) == RGBAColor.black)
        #expect(image.pixel(x: Int(ox + topLeft.x - 2), y: Int(oy + topLeft.y + 2)) == RGBAColor.white)
        #expect(image.pixel(x: Int(ox + topLeft.x + side - 2), y: Int(oy + topLeft.y + side - 2)) == RGBAColor.black)
        #expect(image.pixel(x: Int(ox + topLeft.x + side + 2), y: Int(oy + topLeft.y + side - 2)) == RGBAColor.white)
    }

    @Test func posterTextIsLaidOutCentredUnderTheMap() throws {
        let renderer = PosterRenderer(style: Self.seamStyle, fonts: Self.fonts)
        let spec = PosterSpec(center: LngLat(lng: 24.9384, lat: 60.1699), zoom: 15, width: 2400, height: 3600,
                              title: "Helsinki", subtitle: "Finland")
        let layout = try renderer.layout(for: spec)
        #expect(layout.mapRect.minX == 144 && layout.mapRect.minY == 144 && layout.mapRect.maxX == 2256)
        #expect(layout.texts.count == 4)  // title, subtitle, coordinates, attribution
        let title = layout.texts[0]
        #expect(title.text.glyphCount == 8)
        #expect(abs(title.x + title.text.advance / 2 - 1200) <= 1)
        #expect(title.baselineY > layout.mapRect.maxY)
        #expect(layout.texts.map(\.baselineY) == layout.texts.map(\.baselineY).sorted() || layout.texts[3].baselineY < layout.texts[1].baselineY)
        // Red paper means light text is wrong: the text colour contrasts with the paper.
        #expect(layout.paperColor == RGBAColor(red: 1, green: 0, blue: 0))
    }

    @Test func longTitlesShrinkToFit() throws {
        let renderer = PosterRenderer(style: Self.seamStyle, fonts: Self.fonts)
        let spec = PosterSpec(center: LngLat(lng: 0, lat: 0), zoom: 3, width: 1200, height: 1800,
                              title: "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch")
        let layout = try renderer.layout(for: spec)
        #expect(layout.texts[0].text.advance <= (1200 - 2 * layout.mapRect.minX) * 0.94 + 1e-6)
    }

    @Test func geometryClipperClipsRingsAndLines() {
        let clipper = GeometryClipper(rect: PixelRect(minX: 0, minY: 0, maxX: 10, maxY: 10))
        let ring = clipper.clipRing([-5, 5, 5, -5, 15, 5, 5, 15])
        #expect(ring.count / 2 == 8)
        #expect(stride(from: 0, to: ring.count, by: 2).allSatisfy { ring[$0] >= 0 && ring[$0] <= 10 && ring[$0 + 1] >= 0 && ring[$0 + 1] <= 10 })
        #expect(clipper.clipLine([-5, 5, 15, 5]) == [[0, 5, 10, 5]])
        #expect(clipper.clipLine([2, -5, 2, 5, 8, 5, 8, 20]) == [[2, 0, 2, 5, 8, 5, 8, 10]])
        #expect(clipper.clipLine([-5, -5, -1, -1]).isEmpty)
    }
}

@Suite struct ResultSlotsTests {
    @Test func exactlyTheStoreThatFillsTheLastSlotIsTold() {
        let slots = ResultSlots<Int>(count: 64)
        let told = ResultSlots<Bool>(count: 64)
        DispatchQueue.concurrentPerform(iterations: 64) { i in told.store(i, slots.store(i, i * i)) }
        #expect((0..<64).filter { told.take($0) == true }.count == 1)
        #expect((0..<64).allSatisfy { slots.take($0) == $0 * $0 })
    }

    @Test func storingASlotAgainDoesNotCountTwice() {
        let slots = ResultSlots<String>(count: 2)
        #expect(!slots.store(0, "a"))
        #expect(!slots.store(0, "b"))
        #expect(slots.store(1, "c"))
        #expect(slots.take(0) == "b")
    }
}
