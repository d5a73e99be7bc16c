import Testing
@testable import Canvas

/// Turned glyphs filled from their outlines: each pixel covered by the area it shares with the outline.
@Suite struct OutlineCoverageTests {
    /// Alpha bytes of a `size` × `size` transparent image after filling `points` (contours ending at `ends`)
    /// in opaque white within `clip`.
    func alphas(_ points: [Double], ends: [Int], size: Int = 6, clip: PixelBounds? = nil) throws -> [[Int]] {
        let surface = try ImageSurface(width: size, height: size)
        var coverage = OutlineCoverage()
        let drawn = surface.withMutablePixels { pixels in
            coverage.fill(points, ends: ends, color: RGBAColor(red: 1, green: 1, blue: 1, alpha: 1),
                          clip: clip ?? PixelBounds(minX: 0, minY: 0, maxX: size, maxY: size), into: pixels, stride: surface.stride)
        }
        #expect(drawn)
        return (0..<size).map { y in (0..<size).map { x in Int((surface.pixel(x: x, y: y).alpha * 255).rounded()) } }
    }

    @Test func aSquareCoversEachPixelByTheAreaItShares() throws {
        // From (1.5, 1.25) to (3.5, 3.25): half of columns 1 and 3, three quarters of row 1, a quarter of row 3.
        let clockwise = [1.5, 1.25, 3.5, 1.25, 3.5, 3.25, 1.5, 3.25]
        let expected = [
            [0, 0, 0, 0, 0, 0],
            [0, 96, 191, 96, 0, 0],
            [0, 128, 255, 128, 0, 0],
            [0, 32, 64, 32, 0, 0],
            [0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0],
        ]
        #expect(try alphas(clockwise, ends: [8]) == expected)
        // Wound the other way, the same pixels.
        let anticlockwise = [1.5, 1.25, 1.5, 3.25, 3.5, 3.25, 3.5, 1.25]
        #expect(try alphas(anticlockwise, ends: [8]) == expected)
    }

    @Test func aContourWoundTheOtherWayIsAHole() throws {
        let outer = [0.0, 0, 6, 0, 6, 6, 0, 6]
        let hole = [2.0, 2, 2, 4, 4, 4, 4, 2]
        let filled = try alphas(outer + hole, ends: [8, 16])
        #expect(filled[0] == [255, 255, 255, 255, 255, 255])
        #expect(filled[2] == [255, 255, 0, 0, 255, 255])
        #expect(filled[3] == [255, 255, 0, 0, 255, 255])
    }

    @Test func aSlopedEdgeSharesItsPixelsByArea() throws {
        // A right triangle under the diagonal of a 4 × 4 square: pixels on the diagonal are half covered.
        let triangle = [1.0, 1, 5, 5, 1, 5]
        let filled = try alphas(triangle, ends: [6])
        for i in 1..<5 { #expect(filled[i][i] == 128, "pixel (\(i), \(i)): \(filled[i][i])") }
        #expect(filled[4][1] == 255)
        #expect(filled[1][4] == 0)
    }

    @Test func nothingIsDrawnOutsideTheClip() throws {
        let square = [0.0, 0, 6, 0, 6, 6, 0, 6]
        let filled = try alphas(square, ends: [8], clip: PixelBounds(minX: 2, minY: 1, maxX: 4, maxY: 3))
        for (y, row) in filled.enumerated() {
            for (x, alpha) in row.enumerated() {
                #expect(alpha == ((2..<4).contains(x) && (1..<3).contains(y) ? 255 : 0), "pixel (\(x), \(y))")
            }
        }
    }

    @Test func anOutlineTooLargeOrNotFiniteIsLeftToCairo() throws {
        let surface = try ImageSurface(width: 4, height: 4)
        var coverage = OutlineCoverage()
        let white = RGBAColor(red: 1, green: 1, blue: 1, alpha: 1)
        let clip = PixelBounds(minX: 0, minY: 0, maxX: 4, maxY: 4)
        let (large, notFinite) = surface.withMutablePixels { pixels in
            (coverage.fill([0, 0, 2000, 0, 2000, 10], ends: [6], color: white, clip: clip, into: pixels, stride: surface.stride),
             coverage.fill([0, 0, .nan, 0, 2, 2], ends: [6], color: white, clip: clip, into: pixels, stride: surface.stride))
        }
        #expect(!large && !notFinite)
    }
}

/// A turned glyph filled from its outline lands where cairo draws it with a scaled font of its own.
@Suite struct TurnedGlyphOutlineTests {
    let face = TestFonts.catalog.faces["Roboto-Regular"]!

    /// Draws "R" at 40 px, black, turned by 0.5 rad about (40, 60), with or without the outline cache.
    func drawTurnedR(in context: DrawingContext, outlines: GlyphOutlineCache?) throws {
        var glyphs = TextShaper(fonts: [face]).shape("R", size: 40).placedGlyphs(x: 40, y: 60)
        glyphs[0].angle = 0.5
        context.draw(glyphs: glyphs, size: 40, color: RGBAColor(red: 0, green: 0, blue: 0, alpha: 1), outlines: outlines)
        try context.checkStatus("drawing a turned glyph")
    }

    /// The turned "R"'s ink on a transparent image: its extent and its total coverage.
    func ink(outlines: GlyphOutlineCache?) throws -> (rows: ClosedRange<Int>, columns: ClosedRange<Int>, total: Double) {
        let surface = try ImageSurface(width: 100, height: 100)
        try drawTurnedR(in: try DrawingContext(surface: surface), outlines: outlines)
        var rows: [Int] = [], columns: [Int] = [], total = 0.0
        for y in 0..<100 {
            for x in 0..<100 {
                let alpha = surface.pixel(x: x, y: y).alpha
                total += alpha
                if alpha > 0.5 {
                    rows.append(y)
                    columns.append(x)
                }
            }
        }
        return (try #require(rows.min())...(try #require(rows.max())), try #require(columns.min())...(try #require(columns.max())), total)
    }

    @Test func aTurnedGlyphFromItsOutlineMatchesCairosScaledFont() throws {
        let byCairo = try ink(outlines: nil)
        let fromOutline = try ink(outlines: GlyphOutlineCache())
        #expect(abs(fromOutline.rows.lowerBound - byCairo.rows.lowerBound) <= 1 && abs(fromOutline.rows.upperBound - byCairo.rows.upperBound) <= 1,
                "\(fromOutline.rows) \(byCairo.rows)")
        #expect(abs(fromOutline.columns.lowerBound - byCairo.columns.lowerBound) <= 1
                && abs(fromOutline.columns.upperBound - byCairo.columns.upperBound) <= 1, "\(fromOutline.columns) \(byCairo.columns)")
        // The same area of ink: the glyph is neither bolder nor thinner.
        #expect(abs(fromOutline.total - byCairo.total) / byCairo.total < 0.02, "\(fromOutline.total) \(byCairo.total)")
    }

    @Test func aPDFKeepsTurnedGlyphsAsText() throws {
        // Filled outlines would leave a PDF without text to select or search: there the cache is not used.
        let outlines = GlyphOutlineCache()
        let page = try PDFDocument(widthPoints: 100, heightPoints: 100)
        try drawTurnedR(in: try DrawingContext(document: page), outlines: outlines)
        #expect(outlines.count == 0)
        // Into an image, the glyph's outline is taken once.
        _ = try ink(outlines: outlines)
        #expect(outlines.count == 1)
    }
}
