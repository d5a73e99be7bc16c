import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// Icons fitted to their text (`icon-text-fit`) as MapLibre draws them: stretchable images cut into fixed
/// and stretching pieces, the `content` box, the padding, and the room a fitted icon takes.
@Suite struct StretchableIconTests {
    /// A `width`×`height` image of one colour, stretching where `stretchX` says, fitted to text.
    static func fitted(_ width: Int, _ height: Int, stretchX: [ClosedRange<Double>], content: PixelRect? = nil,
                       ratio: Double = 1) throws -> IconStyle {
        var image = try IconTests.image(width, height, word: 0xFF00_0000, ratio: ratio)
        image.stretchX = stretchX
        image.content = content
        var style = IconTests.icon(image)
        style.textFit = "both"
        return style
    }

    @Test func theSpriteIndexKeepsWellFormedEntriesAndLeavesOutTheRest() throws {
        let sheet = try ImageSurface(width: 40, height: 20)
        let index = #"""
            {"whole": {"x": 2, "y": 3, "width": 4, "height": 5, "sdf": true},
             "fraction": {"x": 1.9, "y": 0, "width": 3.5, "height": 2, "pixelRatio": 2},
             "text": {"x": "0", "y": 0, "width": 4, "height": 4},
             "outside": {"x": 38, "y": 0, "width": 4, "height": 4},
             "huge": {"x": 0, "y": 0, "width": 1e300, "height": 4},
             "ratio": {"x": 0, "y": 0, "width": 4, "height": 4, "pixelRatio": -1},
             "list": [0, 0, 4, 4]}
            """#
        let images = try SpriteSheet(index: Array(index.utf8), sheet: sheet).images
        #expect(images.keys.sorted() == ["fraction", "ratio", "whole"])
        #expect(images["whole"]?.surface.width == 4 && images["whole"]?.surface.height == 5 && images["whole"]?.sdf == true)
        // Pixel positions are whole: a fraction is cut toward zero.
        #expect(images["fraction"]?.surface.width == 3 && images["fraction"]?.pixelRatio == 2 && images["fraction"]?.sdf == false)
        #expect(images["ratio"]?.pixelRatio == 1)
        #expect(throws: PosterRenderError.self) { try SpriteSheet(index: Array("[1, 2]".utf8), sheet: sheet) }
        #expect(throws: PosterRenderError.self) { try SpriteSheet(index: Array("{\"a\": ".utf8), sheet: sheet) }
    }

    @Test func theSpriteIndexNamesStretchZonesAndContent() throws {
        let sheet = try ImageSurface(width: 40, height: 20)
        let index = #"{"a": {"x": 0, "y": 0, "width": 40, "height": 20, "pixelRatio": 2, "stretchX": [[4, 10], [20, 30]], "stretchY": [[5, 15]], "content": [2, 3, 38, 17]}, "b": {"x": 0, "y": 0, "width": 4, "height": 4, "stretchX": [[3, 1]]}}"#
        let images = try SpriteSheet(index: Array(index.utf8), sheet: sheet).images
        #expect(images["a"]?.stretchX == [4...10, 20...30])
        #expect(images["a"]?.stretchY == [5...15])
        #expect(images["a"]?.content == PixelRect(minX: 2, minY: 3, maxX: 38, maxY: 17))
        // A zone running backwards is no zone: the image stretches whole.
        #expect(images["b"]?.stretchX == [] && images["b"]?.isStretchable == false)
    }

    @Test func fixedPartsKeepTheirSizeAndTheMiddleStretches() throws {
        // 60×10, columns 20..<40 stretch, fitted over a 100 px box: 20 px fixed either side (and the atlas's
        // transparent border), 60 px of stretched middle. Rows stretch whole.
        let style = try Self.fitted(60, 10, stretchX: [20...40])
        let pieces = IconPieces.pieces(style, box: PixelRect(minX: -50, minY: -5, maxX: 50, maxY: 5))
        let middleRow = pieces.filter { $0.source.minY == 0 && $0.source.maxY == 10 }
        #expect(middleRow.map(\.source.minX) == [-1, 20, 40] && middleRow.map(\.source.maxX) == [20, 40, 61])
        #expect(middleRow.map(\.destination.minX) == [-51, -30, 30] && middleRow.map(\.destination.maxX) == [-30, 30, 51])
        #expect(middleRow.allSatisfy { $0.destination.minY == -5 && $0.destination.maxY == 5 })
        #expect(pieces.count == 9)
    }

    @Test func aBoxTooSmallForTheFixedPartsGrowsTheIcon() throws {
        // The same image over a 20 px box: the fixed parts need 40, so the icon grows twofold about its
        // anchor and the stretching middle vanishes (MapLibre's minimum font scale).
        let style = try Self.fitted(60, 10, stretchX: [20...40])
        let pieces = IconPieces.pieces(style, box: PixelRect(minX: -10, minY: -5, maxX: 10, maxY: 5))
            .filter { $0.source.minY == 0 && $0.source.maxY == 10 }
        #expect(pieces.map(\.destination.minX) == [-21, 0] && pieces.map(\.destination.maxX) == [0, 21])
    }

    @Test func theContentBoxFillsTheBoxAndTheRestReachesBeyond() throws {
        // A 40×40 image for two device pixels per CSS pixel at one: its content (10..<30) over the box, its
        // fixed 10-pixel rims half as wide outside it; the room it takes is the whole image.
        var style = try Self.fitted(40, 40, stretchX: [10...30], content: PixelRect(minX: 10, minY: 10, maxX: 30, maxY: 30), ratio: 2)
        style.image.stretchY = [10...30]
        let box = PixelRect(minX: -30, minY: -10, maxX: 30, maxY: 10)
        let pieces = IconPieces.pieces(style, box: box)
        let xs = Set(pieces.flatMap { [$0.destination.minX, $0.destination.maxX] })
        #expect(xs == [-35.5, -30, 30, 35.5])
        let margins = style.collisionMargins
        #expect(margins.left == 5 && margins.top == 5 && margins.right == 5 && margins.bottom == 5)
        let placed = PlacedIcon(style: style, anchor: (100, 100), box: box, angle: 0)
        #expect(placed.collisionBox(padding: 2) == PixelRect(minX: 63, minY: 83, maxX: 137, maxY: 117))
    }

    @Test func anUnstretchedImageCarriesItsBorder() throws {
        // An 18×10 image over a 36×20 box: one transparent texel around it, two device pixels wide, for a
        // filtered image to fade out over (MapLibre's padded quad).
        let style = IconTests.icon(try IconTests.image(18, 10, word: 0xFF00_0000))
        let pieces = IconPieces.pieces(style, box: PixelRect(minX: -18, minY: -10, maxX: 18, maxY: 10))
        #expect(pieces == [IconPiece(destination: PixelRect(minX: -20, minY: -12, maxX: 20, maxY: 12),
                                     source: PixelRect(minX: -1, minY: -1, maxX: 19, maxY: 11))])
    }

    @Test func paddingAppliesToFittedSidesOnly() throws {
        var style = try Self.fitted(18, 10, stretchX: [])
        style.textFit = "height"
        style.textFitPadding = [2, 4, 6, 8]
        // Fitted in height (text plus top and bottom padding); as wide as the image, centred on the text.
        let box = style.fitted(to: PixelRect(minX: 0, minY: -12, maxX: 30, maxY: 12))
        #expect(box == PixelRect(minX: 6, minY: -14, maxX: 24, maxY: 18))
    }

    @Test func aStretchedIconIsDrawnPieceByPiece() throws {
        // Red, green, blue texels, the green one stretching over a 10 px box: one red pixel, eight green,
        // one blue, nothing beyond.
        let surface = try ImageSurface(width: 3, height: 1)
        surface.withMutablePixels { pixels in
            for (x, word) in [UInt32(0xFFFF_0000), 0xFF00_FF00, 0xFF00_00FF].enumerated() {
                pixels.storeBytes(of: word, toByteOffset: x * 4, as: UInt32.self)
            }
        }
        var image = SpriteSheet.Image(surface: surface, pixelRatio: 1)
        image.stretchX = [1...2]
        var style = IconTests.icon(image)
        style.textFit = "both"
        style.linear = false
        let icon = PlacedIcon(style: style, anchor: (10, 10), box: PixelRect(minX: -5, minY: -1, maxX: 5, maxY: 1), angle: 0)
        let target = try ImageSurface(width: 20, height: 20)
        target.withMutablePixels { IconRasterizer(matrix: .identity, clip: (0, 0, 20, 20)).draw(icon, pass: .fill, into: $0, stride: target.stride) }
        #expect(target.pixel(x: 4, y: 10).alpha == 0 && target.pixel(x: 15, y: 10).alpha == 0)
        #expect(target.pixel(x: 5, y: 10) == RGBAColor(red: 1, green: 0, blue: 0, alpha: 1))
        #expect((6...13).allSatisfy { target.pixel(x: $0, y: 10) == RGBAColor(red: 0, green: 1, blue: 0, alpha: 1) })
        #expect(target.pixel(x: 14, y: 10) == RGBAColor(red: 0, green: 0, blue: 1, alpha: 1))
    }
}

extension StretchableIconTests {
    @Test func anIconFittedToTextAlongALineSitsOnTheAnchorTurnedWithTheLine() throws {
        let glyphs = try GlyphPBF.decode(SDFTextTests.latin())
        let layout = MapLibreShaper.Layout(maxWidth: 10 * 24, lineHeight: 1.2 * 24, spacing: 0, anchor: "center", justify: "center",
                                           offset: (0, 0), breaksLines: false)
        let shaping = try #require(MapLibreShaper { c, _ in glyphs[c] }.shape("Test", fontStack: "", layout))
        let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
        let text = SDFTextLabel(string: "Test", shaping: shaping, drawScale: 1, layoutScale: 1, offset: (0, 0), rotate: 0, padding: 0,
                                overlap: .never, ignorePlacement: false, optional: false, translate: (0, 0),
                                paint: SDFTextPaint(color: clear, haloColor: clear, haloWidth: 0, haloBlur: 0, fontScale: 1, pixelRatio: 1),
                                viewportPadding: 100)
        let line = SDFLineLabel(text: text, path: [0, 50, 200, 50], anchor: (100, 50), segment: 0, keepUpright: true)
        var icon = try Self.fitted(18, 10, stretchX: [])
        icon.textFitPadding = [1, 2, 3, 4]
        icon.lineAngle = 0.25
        var placer = SymbolPlacer(frame: PixelRect(x: 0, y: 0, width: 200, height: 100))
        let candidate = LabelCandidate(text: "", style: nil, sortKey: 0, order: 0, geometry: .point(x: 100, y: 50), icon: icon, sdfLine: line)
        let label = placer.placeSDFLine(candidate, line, x: 100, y: 50)
        let placed = try #require(label)
        let drawn = try #require(placed.icon)
        // On the line's anchor, turned by the line's direction there, the text's box plus the padding.
        #expect(drawn.anchor.x == 100 && drawn.anchor.y == 50 && drawn.angle == 0.25)
        #expect(drawn.box == PixelRect(minX: shaping.left - 4, minY: shaping.top - 1, maxX: shaping.right + 2, maxY: shaping.bottom + 3))
        #expect(placed.sdfText != nil)
    }
}
