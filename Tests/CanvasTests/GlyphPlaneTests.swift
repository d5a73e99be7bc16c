import Testing
@testable import Canvas

/// A glyph laid in a plane of its own (a pitched map's ground) is drawn under that plane's stretch.
@Suite struct GlyphPlaneTests {
    let face = TestFonts.catalog.faces["Roboto-Regular"]!

    /// "H" at 40 px with its origin at (30, 70), in `plane`, black on white; the rows and columns its ink reaches.
    func ink(plane: DeviceTransform?, halo: Bool = false) throws -> (rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        let surface = try ImageSurface(width: 120, height: 100)
        let context = try DrawingContext(surface: surface)
        context.setColor(RGBAColor(red: 1, green: 1, blue: 1, alpha: 1))
        context.paint()
        var glyphs = TextShaper(fonts: [face]).shape("H", size: 40).placedGlyphs(x: 30, y: 70)
        for i in glyphs.indices { glyphs[i].plane = plane }
        context.draw(glyphs: glyphs, size: 40, color: RGBAColor(red: 0, green: 0, blue: 0, alpha: 1),
                     haloColor: halo ? RGBAColor(red: 1, green: 0, blue: 0, alpha: 1) : nil, haloWidth: halo ? 2 : 0, halos: GlyphHaloCache())
        try context.checkStatus("drawing a glyph")
        var rows: [Int] = [], columns: [Int] = []
        for y in 0..<100 {
            for x in 0..<120 where surface.pixel(x: x, y: y).green < 0.5 {
                rows.append(y)
                columns.append(x)
            }
        }
        let top = try #require(rows.min()), bottom = try #require(rows.max())
        let left = try #require(columns.min()), right = try #require(columns.max())
        return (top...bottom, left...right)
    }

    @Test func aForeshortenedPlaneSquashesTheGlyphTowardsItsBaseline() throws {
        let upright = try ink(plane: nil)
        let squashed = try ink(plane: DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 0.5, x0: 0, y0: 0))
        // Half as tall, standing on the same baseline, as wide.
        #expect(abs(Double(squashed.rows.count) - Double(upright.rows.count) / 2) <= 1, "\(squashed) \(upright)")
        #expect(abs(squashed.rows.upperBound - upright.rows.upperBound) <= 1)
        #expect(squashed.columns == upright.columns)
        // A sheared plane leans the stem: the top of the H moves right by half its height.
        let sheared = try ink(plane: DeviceTransform(xx: 1, yx: 0, xy: -0.5, yy: 1, x0: 0, y0: 0))
        #expect(abs(Double(sheared.columns.upperBound - upright.columns.upperBound) - Double(upright.rows.count) / 2) <= 1.5, "\(sheared)")
        // A halo goes round the squashed glyph too (stroked, as a plane is not upright), 2 px on each side.
        let haloed = try ink(plane: DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 0.5, x0: 0, y0: 0), halo: true)
        #expect(haloed.rows.count >= squashed.rows.count + 3 && haloed.rows.count <= squashed.rows.count + 5, "\(haloed) \(squashed)")
    }

    @Test func aPlaneSeenEdgeOnDrawsNothing() throws {
        let surface = try ImageSurface(width: 60, height: 60)
        let context = try DrawingContext(surface: surface)
        var glyphs = TextShaper(fonts: [face]).shape("H", size: 40).placedGlyphs(x: 10, y: 50)
        glyphs[0].plane = DeviceTransform(xx: 1, yx: 0, xy: 0, yy: 0, x0: 0, y0: 0)
        context.draw(glyphs: glyphs, size: 40, color: RGBAColor(red: 0, green: 0, blue: 0, alpha: 1))
        try context.checkStatus("drawing a degenerate glyph")
        #expect((0..<60).allSatisfy { y in (0..<60).allSatisfy { surface.pixel(x: $0, y: y).alpha == 0 } })
    }
}
