import Canvas
import Testing
@testable import PosterRenderer

/// Text along lines as MapLibre lays it out and places it: merged lines, anchors of overscaled tiles,
/// glyphs on the offset line and collision circles.
struct LineLabelTests {
    /// A label with no glyphs: `place` only walks the line.
    static func label(path: [Double], anchor: (x: Double, y: Double), segment: Int) -> SDFLineLabel {
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        let text = SDFTextLabel(string: "", shaping: MapLibreShaping(glyphs: [], top: -12, bottom: 12, left: 0, right: 0, lineCount: 1),
                                drawScale: 1, layoutScale: 1, offset: (0, 0), rotate: 0, padding: 2, overlap: .never, ignorePlacement: false,
                                optional: false, translate: (0, 0),
                                paint: SDFTextPaint(color: clear, haloColor: clear, haloWidth: 0, haloBlur: 0, fontScale: 1, pixelRatio: 1),
                                viewportPadding: 100)
        return SDFLineLabel(text: text, path: path, anchor: anchor, segment: segment, keepUpright: true)
    }

    @Test func aGlyphOffTheLineFollowsTheMitredOffsetLine() throws {
        // Right along y = 0, then down: 10 px above the line the corner is mitred out to (110, -10).
        let line = Self.label(path: [0, 0, 100, 0, 100, 100], anchor: (50, 0), segment: 0)
        let onLine = try #require(line.place(70, flip: false))
        #expect(onLine.x == 100 && onLine.y == 20 && onLine.angle == .pi / 2)
        let offset = try #require(line.place(70, lineOffsetY: -10, flip: false))
        #expect(offset.x == 110 && offset.y == 0 && offset.angle == .pi / 2)
        #expect(offset.route.map(\.x) == [50, 110, 110] && offset.route.map(\.y) == [-10, -10, 0])
        // Backwards from the anchor the glyph faces the other way; past the line's start there is no room.
        let back = try #require(line.place(-30, flip: false))
        #expect(back.x == 20 && back.y == 0 && back.angle == 2 * .pi)
        #expect(line.place(-60, flip: false) == nil)
    }

    @Test func collisionCirclesTouchingCollide() {
        var index = CollisionIndex()
        index.insert([PixelRect(minX: 0, minY: 0, maxX: 10, maxY: 10)])
        #expect(index.collides([CollisionIndex.Circle(x: 15, y: 5, radius: 5)]))
        #expect(!index.collides([CollisionIndex.Circle(x: 16, y: 5, radius: 5)]))
        // A corner: the circle must reach it, not only the box's square around it.
        #expect(!index.collides([CollisionIndex.Circle(x: 14, y: 14, radius: 5)]))
        #expect(index.collides([CollisionIndex.Circle(x: 13, y: 13, radius: 5)]))
        var circles = CollisionIndex()
        circles.insert([CollisionIndex.Circle(x: 0, y: 0, radius: 5)])
        #expect(!circles.collides([CollisionIndex.Circle(x: 10, y: 0, radius: 5)]))
        #expect(circles.collides([CollisionIndex.Circle(x: 9.9, y: 0, radius: 5)]))
        #expect(circles.collides([PixelRect(minX: 4, minY: -1, maxX: 8, maxY: 1)]))
        #expect(!circles.collides([PixelRect(minX: 4, minY: 4, maxX: 8, maxY: 8)]))
    }

    @Test func thePathInterpolatorSkipsItsPaddingAtBothEnds() {
        let path = PathInterpolator([(0, 0), (10, 0), (10, 10)], padding: 2)
        #expect(path.length == 20 && path.paddedLength == 16)
        let start = path.point(at: 0), middle = path.point(at: 0.5), end = path.point(at: 1)
        #expect(start.x == 2 && start.y == 0)
        #expect(middle.x == 10 && middle.y == 0)
        #expect(end.x == 10 && end.y == 8)
    }

    @Test func linesWithTheSameTextMergeAtTheirEnds() {
        typealias Item = LineMerger.Item<Int>
        let merged = LineMerger.merge([Item(text: "x", lines: [[0, 0, 10, 0]], payload: 0), Item(text: "x", lines: [[10, 0, 20, 0]], payload: 1),
                                       Item(text: "y", lines: [[20, 0, 30, 0]], payload: 2), Item(text: "x", lines: [[-10, 0, 0, 0]], payload: 3),
                                       Item(text: nil, lines: [[0, 0, 5, 5]], payload: 4)])
        #expect(merged.map(\.payload) == [0, 2, 4])
        #expect(merged[0].lines == [[-10, 0, 0, 0, 10, 0, 20, 0]])
        // A line joining two others joins all three.
        let three = LineMerger.merge([Item(text: "x", lines: [[0, 0, 10, 0]], payload: 0), Item(text: "x", lines: [[20, 0, 30, 0]], payload: 1),
                                      Item(text: "x", lines: [[10, 0, 20, 0]], payload: 2)])
        #expect(three.map(\.payload) == [0] && three[0].lines == [[0, 0, 10, 0, 20, 0, 30, 0]])
    }

    @Test func aContinuedLineInAnOverscaledTileStartsAtTheParentsAnchors() {
        // Half a spacing times 4 is a whole number of spacings: the anchors sit on the spacing's grid.
        let anchors = LineAnchors.anchors([0, 2000, 4000, 2000], extent: 4096, unit: 10, spacing: 100, labelLength: 10, startOffset: 40,
                                          overscaling: 4, center: false)
        #expect(anchors.map(\.x) == [1000, 2000, 3000])
    }
}
