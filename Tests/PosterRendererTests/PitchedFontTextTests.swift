import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// Text set with fonts (FreeType) on a pitched view: along lines it lies on the ground, glyph by glyph under
/// the ground's stretch, or faces the viewer along the line's projection; point text faces the viewer.
@Suite struct PitchedFontTextTests {
    /// A 400 × 400 view at pitch 60 (bearing `bearing`) and the placer that lays labels out for it.
    func view(bearing: Double = 0) -> (layout: PitchedMapLayout, placer: SymbolPlacer, centre: (x: Double, y: Double)) {
        let layout = PitchedMapLayout(camera: MapRender.camera(width: 400, height: 400, bearing: bearing, pitch: 60), margin: 16)
        var placer = SymbolPlacer(frame: PixelRect(x: 0, y: 0, width: Double(layout.flatCamera.width), height: Double(layout.flatCamera.height)))
        placer.pitched = layout.labels
        return (layout, placer, (Double(layout.flatCamera.width) / 2, Double(layout.flatCamera.height) / 2))
    }

    func style(pitchWithMap: Bool) -> LabelStyle {
        var style = SymbolPlacementTests().style(.lineCenter)
        style.pitchWithMap = pitchWithMap
        return style
    }

    func line(_ points: [Double], pitchWithMap: Bool, _ placer: inout SymbolPlacer) -> [PlacedLabel] {
        placer.place([LabelCandidate(text: "Aleksanterinkatu", style: style(pitchWithMap: pitchWithMap), sortKey: 0, order: 0,
                                     geometry: .line(points))])
    }

    @Test func textAlongALineLiesOnTheGroundForeshortenedByThePitch() throws {
        var (layout, placer, c) = view()
        // The line half the capitals' height above the centre, so that the glyphs' origins are on the centre's row.
        let capHeight = try #require(style(pitchWithMap: true).shaper.fonts.first).metrics(size: 20).capHeight
        let placed = line([c.x - 150, c.y - capHeight / 2, c.x + 150, c.y - capHeight / 2], pitchWithMap: true, &placer)
        let label = try #require(placed.first)
        #expect(label.glyphSpace == .ground)
        // Near the centre the depth is about the eye's distance: the text keeps about its size on the ground.
        #expect(abs(label.size - 20) < 0.2)
        let projected = try #require(layout.labels.project(placed).first)
        #expect(projected.glyphs.count == label.glyphs.count && projected.glyphs.count > 10)
        for (flat, glyph) in zip(label.glyphs, projected.glyphs) {
            // Where its origin shows, across the view at the width it has flat, half as tall (cos 60°).
            let at = layout.labels.screenPoint(layout.labels.ground((flat.x, flat.y)))
            #expect(abs(glyph.x - at.x) < 1e-9 && abs(glyph.y - at.y) < 1e-9)
            let plane = try #require(glyph.plane)
            #expect(abs(plane.xx - 1) < 1e-3 && abs(plane.yx) < 1e-9 && abs(plane.yy - 0.5) < 1e-3, "\(plane)")
        }
        // On the output the glyphs stand on one row, the centre's (within the flat layout's rounding).
        #expect(projected.glyphs.allSatisfy { abs($0.y - 200) < 0.05 }, "\(projected.glyphs.map(\.y))")
    }

    @Test func fartherOffTheGroundTextIsSetLargerByMapLibresFactor() throws {
        var (layout, placer, c) = view()
        let y = c.y - 60
        let label = try #require(line([c.x - 250, y, c.x + 250, y], pitchWithMap: true, &placer).first)
        let depth = layout.labels.depth(layout.labels.ground((c.x, y)))
        #expect(depth > layout.cameraToCenterDistance)
        #expect(abs(label.size - 20 * (0.5 + 0.5 * depth / layout.cameraToCenterDistance)) < 1e-9, "\(label.size)")
    }

    @Test(arguments: [0.0, 30.0])
    func textAlongALineFacingTheViewerFollowsTheLinesProjection(bearing: Double) throws {
        var (layout, placer, c) = view(bearing: bearing)
        // A diagonal line through the centre, read upwards to the right.
        let points = [c.x - 120, c.y + 90, c.x + 120, c.y - 90]
        let label = try #require(line(points, pitchWithMap: false, &placer).first)
        #expect(label.glyphSpace == .screen)
        let view = layout.labels
        let a = view.screenPoint(view.ground((points[0], points[1]))), b = view.screenPoint(view.ground((points[2], points[3])))
        let angle = atan2(b.y - a.y, b.x - a.x)
        // Upright along the projected line, at the size the perspective ratio at the label's middle gives.
        for glyph in label.glyphs { #expect(abs(glyph.angle - angle) < 1e-9, "\(glyph.angle) \(angle)") }
        let ratio = view.perspectiveRatio(view.depth(view.ground((c.x, c.y))))
        #expect(abs(label.size - 20 * ratio) < 1e-9)
        // Every glyph's centre is on the line: its origin is half the capitals' height below it.
        let capHeight = try #require(style(pitchWithMap: false).shaper.fonts.first).metrics(size: label.size).capHeight
        for glyph in label.glyphs {
            let distance = ((b.x - a.x) * (glyph.y - a.y) - (b.y - a.y) * (glyph.x - a.x)) / hypot(b.x - a.x, b.y - a.y)
            #expect(abs(distance - capHeight / 2) < 1e-6, "\(distance)")
        }
        // Projection leaves them where they are.
        let projected = try #require(view.project([label]).first)
        #expect(zip(projected.glyphs, label.glyphs).allSatisfy { $0.x == $1.x && $0.y == $1.y && $0.plane == nil })
    }

    @Test func pointTextFacesTheViewerUnlessPitchedWithTheMap() throws {
        var (layout, placer, c) = view()
        var style = SymbolPlacementTests().style()
        let facing = try #require(placer.place([LabelCandidate(text: "Kamppi", style: style, sortKey: 0, order: 0, geometry: .point(x: c.x, y: c.y))]).first)
        #expect(facing.glyphSpace == .flat)
        #expect(layout.labels.project([facing]).first?.glyphs.allSatisfy { $0.plane == nil } == true)
        style.pitchWithMap = true
        let lying = try #require(placer.place([LabelCandidate(text: "Kamppi", style: style, sortKey: 0, order: 1,
                                                              geometry: .point(x: c.x, y: c.y + 80))]).first)
        #expect(lying.glyphSpace == .ground)
        let projected = try #require(layout.labels.project([lying]).first)
        // Foreshortened on the ground: about half as tall as wide (cos 60°), at every glyph.
        #expect(projected.glyphs.allSatisfy { glyph in glyph.plane.map { $0.yy / $0.xx > 0.3 && $0.yy / $0.xx < 0.7 } ?? false })
    }
}
