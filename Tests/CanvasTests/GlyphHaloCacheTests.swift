import Testing
@testable import Canvas

/// Label halos painted from cached glyph masks look like halos stroked outline by outline.
@Suite struct GlyphHaloCacheTests {
    let face = TestFonts.catalog.faces["Roboto-Regular"]!

    /// A label in `halo` over a dark ground, with its halo stroked (no cache) or painted from `cache`.
    func label(_ text: String, x: Double, y: Double, halo: RGBAColor, transform: (DrawingContext) -> Void = { _ in },
               cache: GlyphHaloCache?) throws -> ImageSurface {
        let surface = try ImageSurface(width: 220, height: 60)
        let context = try DrawingContext(surface: surface)
        context.setColor(RGBAColor(red: 0.1, green: 0.2, blue: 0.3, alpha: 1))
        context.paint()
        context.setTolerance(0.2)
        transform(context)
        let glyphs = TextShaper(fonts: [face]).shape(text, size: 18).placedGlyphs(x: x, y: y)
        context.draw(glyphs: glyphs, size: 18, color: RGBAColor(red: 0.4, green: 0.4, blue: 0.4, alpha: 1), haloColor: halo,
                     haloWidth: 1.5, halos: cache)
        try context.checkStatus("drawing a label")
        return surface
    }

    @Test func cachedHalosMatchStrokedOnesWithinAnEighthOfAPixel() throws {
        let cache = GlyphHaloCache()
        for halo in [RGBAColor(red: 1, green: 1, blue: 1, alpha: 1), RGBAColor(red: 1, green: 1, blue: 1, alpha: 0.7)] {
            // Off the quarter-pixel grid on purpose: the masks are drawn at the nearest quarter.
            let stroked = try label("Kauppatori 12", x: 10.37, y: 38.81, halo: halo, cache: nil)
            let painted = try label("Kauppatori 12", x: 10.37, y: 38.81, halo: halo, cache: cache)
            let difference = try #require(ImageDifference.between(stroked, painted, threshold: 24))
            // Only antialiased edge pixels move, and not far: white on navy is the worst contrast a halo meets, and
            // an eighth of a pixel of it is about 30 of 255; where two letters' halos cross, coverage over coverage
            // adds a little. No pixel is off by more than a quarter of the range, fewer than 1% by more than 24.
            #expect(difference.maximumChannelDifference <= 64, "\(difference)")
            #expect(difference.differingFraction < 0.01, "\(difference)")
            // And the halo is there: the pixel just left of the K's stem is the halo's colour over the ground.
            let stroke = stroked.pixel(x: 10, y: 30), paint = painted.pixel(x: 10, y: 30)
            #expect(abs(stroke.red - paint.red) < 0.1 && paint.red > 0.6, "\(stroke) \(paint)")
        }
    }

    /// A translucent halo is painted once where two letters' halos overlap, as one stroke would paint it.
    @Test func overlappingHalosOfOneLabelAreNotDarkerThanOne() throws {
        let halo = RGBAColor(red: 1, green: 1, blue: 1, alpha: 0.5)
        let painted = try label("WW", x: 20, y: 40, halo: halo, cache: GlyphHaloCache())
        let stroked = try label("WW", x: 20, y: 40, halo: halo, cache: nil)
        let difference = try #require(ImageDifference.between(stroked, painted, threshold: 24))
        #expect(difference.differingFraction < 0.01, "\(difference)")
    }

    @Test func aMaskIsMadeOncePerGlyphSizeWidthAndQuarterPixel() throws {
        let cache = GlyphHaloCache()
        let glyph = try #require(TextShaper(fonts: [face]).shape("a", size: 18).runs.first?.glyphs.first?.id)
        let first = try #require(cache.mask(face: face, glyph: glyph, size: 18, width: 1.5, tolerance: 0.2, subpixelX: 1, subpixelY: 2))
        let again = try #require(cache.mask(face: face, glyph: glyph, size: 18, width: 1.5, tolerance: 0.2, subpixelX: 1, subpixelY: 2))
        let shifted = try #require(cache.mask(face: face, glyph: glyph, size: 18, width: 1.5, tolerance: 0.2, subpixelX: 2, subpixelY: 2))
        #expect(first === again)
        #expect(first !== shifted)
        // The mask holds the whole stroke: it reaches past the ink box by the halo's width.
        #expect(first.width > 9 && first.height > 9 && first.left < 0 && first.top < -9, "\(first.left) \(first.top) \(first.width)x\(first.height)")
    }

    /// A turned context (a map with a bearing) keeps the stroked halo: the masks are upright.
    @Test func aMaskIsTheMeanOfTheFinePixelsUnderEachPixel() {
        // A stroke of seeded coverage (odd sizes, the origin inside it) against the mean worked out fine pixel
        // by fine pixel, at every quarter-pixel position: the running sums must give exactly the same bytes.
        let width = 23, height = 17, left = -5, top = -9
        var state: UInt32 = 12345
        let fine = (0..<width * height).map { _ -> UInt8 in
            state = state &* 1103515245 &+ 12345
            return state >> 16 & 3 == 0 ? 0 : UInt8(truncatingIfNeeded: state >> 20)
        }
        let stroke = GlyphHaloCache.Stroke(fine: fine, left: left, top: top, width: width, height: height)
        func floorDiv(_ a: Int) -> Int { a >= 0 ? a / 4 : -((-a + 3) / 4) }
        for sy in 0..<4 {
            for sx in 0..<4 {
                let mask = stroke.mask(subpixelX: sx, subpixelY: sy)
                let minX = floorDiv(left + sx), minY = floorDiv(top + sy)
                var sums = [Int](repeating: 0, count: mask.width * mask.height)
                for row in 0..<height {
                    for column in 0..<width {
                        sums[(floorDiv(top + row + sy) - minY) * mask.width + floorDiv(left + column + sx) - minX] += Int(fine[row * width + column])
                    }
                }
                #expect(mask.left == minX && mask.top == minY)
                #expect(mask.width == floorDiv(left + width - 1 + sx) - minX + 1 && mask.height == floorDiv(top + height - 1 + sy) - minY + 1)
                #expect(mask.coverage == sums.map { UInt8(($0 + 8) / 16) }, "at (\(sx), \(sy)) quarter pixels")
            }
        }
    }

    @Test func aTurnedContextIsStroked() throws {
        let halo = RGBAColor(red: 1, green: 1, blue: 1, alpha: 1)
        let turn: (DrawingContext) -> Void = { $0.rotate(radians: 0.1) }
        let stroked = try label("Esplanadi", x: 20, y: 30, halo: halo, transform: turn, cache: nil)
        let cached = try label("Esplanadi", x: 20, y: 30, halo: halo, transform: turn, cache: GlyphHaloCache())
        let difference = try #require(ImageDifference.between(stroked, cached, threshold: 0))
        #expect(difference.differingPixels == 0, "\(difference)")
    }
}
