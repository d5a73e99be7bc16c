import Canvas
import Foundation
import Testing
@testable import PosterRenderer

/// Icons: their box about the anchor, MapLibre's SDF cut-offs, text and icon placed together or not at
/// all, anchors along lines, and pixels drawn.
@Suite struct IconTests {
    let frame = PixelRect(x: 0, y: 0, width: 200, height: 200)

    /// A sprite image `width`×`height` of one colour (premultiplied ARGB `word`).
    static func image(_ width: Int, _ height: Int, word: UInt32, sdf: Bool = false, ratio: Double = 1) throws -> SpriteSheet.Image {
        let surface = try ImageSurface(width: width, height: height)
        surface.withMutablePixels { pixels in
            for y in 0..<height {
                for x in 0..<width { pixels.storeBytes(of: word, toByteOffset: y * surface.stride + x * 4, as: UInt32.self) }
            }
        }
        return SpriteSheet.Image(surface: surface, pixelRatio: ratio, sdf: sdf)
    }

    static func icon(_ image: SpriteSheet.Image, size: Double = 1, anchor: String = "center", offset: (Double, Double) = (0, 0),
                     overlap: OverlapMode = .never, optional: Bool = false) -> IconStyle {
        IconStyle(image: image, name: "test", size: size, pixelRatio: 1, anchor: anchor, offset: (offset.0 * size, offset.1 * size),
                  rotate: 0, padding: 2, overlap: overlap, ignorePlacement: false, optional: optional, textFit: "none",
                  textFitPadding: [0, 0, 0, 0], alignedToMap: false, keepUpright: false, opacity: 1,
                  color: RGBAColor(red: 1, green: 0, blue: 0), haloColor: RGBAColor(red: 0, green: 0, blue: 1), haloWidth: 0, haloBlur: 0)
    }

    @Test func theBoxFollowsAnchorOffsetSizeAndPixelRatio() throws {
        let plain = try Self.image(20, 10, word: 0xFF00_0000)
        let centred = Self.icon(plain).box
        #expect(centred == PixelRect(minX: -10, minY: -5, maxX: 10, maxY: 5))
        // icon-size scales the image and its offset; the anchor's side of the image sits on the anchor.
        let moved = Self.icon(plain, size: 2, anchor: "bottom-left", offset: (3, 4)).box
        #expect(moved == PixelRect(minX: 6, minY: -12, maxX: 46, maxY: 8))
        // An image drawn for two device pixels per CSS pixel is half as large.
        let retina = try Self.image(20, 10, word: 0xFF00_0000, ratio: 2)
        #expect(Self.icon(retina).box == PixelRect(minX: -5, minY: -2.5, maxX: 5, maxY: 2.5))
    }

    @Test func sdfCutOffsAreMapLibres() throws {
        var style = Self.icon(try Self.image(4, 4, word: 0, sdf: true))
        let fill = IconRasterizer.sdfShading(style, pass: .fill)
        // The edge sits at 0.75 of the field, 0.105 device pixels soft at size 1.
        #expect(fill.inner == 0.75 && fill.outer == nil && abs(fill.gamma - 0.105) < 1e-12)
        #expect(abs(IconRasterizer.coverage(fill, 0.75) - 0.5) < 1e-9)
        #expect(IconRasterizer.coverage(fill, 0.9) == 1 && IconRasterizer.coverage(fill, 0.6) == 0)
        // A halo 2 px wide reaches 2/8 of the field further out, and is hollow where the fill is.
        style.haloWidth = 2
        let halo = IconRasterizer.sdfShading(style, pass: .halo)
        #expect(halo.outer == 0.5)
        #expect(IconRasterizer.coverage(halo, 0.7) == 1)
        #expect(IconRasterizer.coverage(halo, 1) == 0)
    }

    @Test func anIconIsDrawnTexelForTexelInItsOwnColours() throws {
        // A 4×4 opaque green image centred on (10, 10): device pixels 8..<12 become green, nothing else.
        let target = try ImageSurface(width: 20, height: 20)
        var style = Self.icon(try Self.image(4, 4, word: 0xFF00_FF00))
        style.linear = false
        let icon = PlacedIcon(style: style, anchor: (10, 10), box: style.box, angle: 0)
        let rasterizer = IconRasterizer(matrix: .identity, clip: (0, 0, 20, 20))
        target.withMutablePixels { rasterizer.draw(icon, pass: .fill, into: $0, stride: target.stride) }
        #expect(target.pixel(x: 8, y: 8) == RGBAColor(red: 0, green: 1, blue: 0, alpha: 1))
        #expect(target.pixel(x: 11, y: 11) == RGBAColor(red: 0, green: 1, blue: 0, alpha: 1))
        #expect(target.pixel(x: 7, y: 10).alpha == 0)
        #expect(target.pixel(x: 12, y: 10).alpha == 0)
    }

    @Test func anSDFIconIsDrawnInItsColourAtHalfOpacity() throws {
        // A field of 1.0 everywhere is inside the shape: the icon colour at the icon's opacity.
        let target = try ImageSurface(width: 20, height: 20)
        var style = Self.icon(try Self.image(8, 8, word: 0xFF00_0000, sdf: true))
        style.opacity = 0.5
        let icon = PlacedIcon(style: style, anchor: (10, 10), box: style.box, angle: 0)
        target.withMutablePixels { IconRasterizer(matrix: .identity, clip: (0, 0, 20, 20)).draw(icon, pass: .fill, into: $0, stride: target.stride) }
        let centre = target.pixel(x: 10, y: 10)
        #expect(abs(centre.alpha - 128.0 / 255) < 1e-9 && centre.red == 1 && centre.green == 0)
    }

    @Test func textAndIconArePlacedTogetherUnlessOneIsOptional() throws {
        let resolver = SymbolPlacementTests.resolver
        let text = LabelStyle(shaper: resolver.shaper(for: ["Noto Sans Regular"]), size: 16, letterSpacing: 0, lineHeight: 19, maxWidth: 0,
                              anchor: "top", justify: "center", offset: (0, 12), padding: 2, allowOverlap: false, ignorePlacement: false,
                              placement: .point, spacing: 250, maxAngle: 1, keepUpright: true, color: .black,
                              haloColor: RGBAColor(red: 1, green: 1, blue: 1), haloWidth: 0)
        let square = try Self.image(16, 16, word: 0xFF00_0000)
        // A blocker over where the icon goes (100, 100), clear of the text below it.
        var placer = SymbolPlacer(frame: frame)
        #expect(placer.place([LabelCandidate(text: "", style: nil, sortKey: 0, order: 0, geometry: .point(x: 100, y: 96), icon: Self.icon(square))]).count == 1)
        // Both required: the icon collides, so the text is not placed either.
        let both = placer.place([LabelCandidate(text: "Kallio", style: text, sortKey: 0, order: 0, geometry: .point(x: 100, y: 100), icon: Self.icon(square))])
        #expect(both.isEmpty)
        // The icon optional: the text goes alone.
        let textAlone = placer.place([LabelCandidate(text: "Kallio", style: text, sortKey: 0, order: 0, geometry: .point(x: 100, y: 100),
                                                     icon: Self.icon(square, optional: true))])
        #expect(textAlone.count == 1 && textAlone[0].icon == nil && textAlone[0].glyphs.count == 6)
        // Cooperative icons cover those that allow overlap, never those placed with `never`.
        var cooperative = SymbolPlacer(frame: frame)
        _ = cooperative.place([LabelCandidate(text: "", style: nil, sortKey: 0, order: 0, geometry: .point(x: 50, y: 50), icon: Self.icon(square, overlap: .always))])
        #expect(cooperative.place([LabelCandidate(text: "", style: nil, sortKey: 0, order: 0, geometry: .point(x: 52, y: 50), icon: Self.icon(square, overlap: .cooperative))]).count == 1)
        #expect(cooperative.place([LabelCandidate(text: "", style: nil, sortKey: 0, order: 0, geometry: .point(x: 54, y: 50), icon: Self.icon(square))]).isEmpty)
        #expect(cooperative.place([LabelCandidate(text: "", style: nil, sortKey: 0, order: 0, geometry: .point(x: 150, y: 150), icon: Self.icon(square))]).count == 1)
        #expect(cooperative.place([LabelCandidate(text: "", style: nil, sortKey: 0, order: 0, geometry: .point(x: 154, y: 150), icon: Self.icon(square, overlap: .cooperative))]).isEmpty)
    }

    @Test func lineAnchorsAreMapLibres() {
        // A straight line across a 4096 tile, 10 tile units per layout pixel.
        let line: [Double] = [100, 2000, 4000, 2000]
        let anchors = LineAnchors.anchors(line, extent: 4096, unit: 10, spacing: 100, labelLength: 10, startOffset: 40, center: false)
        #expect(anchors.map(\.x) == [500, 1500, 2500, 3500])
        #expect(anchors.allSatisfy { $0.y == 2000 && $0.angle == 0 })
        // A line that comes in over the tile's edge starts half a spacing in.
        let continued = LineAnchors.anchors([0, 2000, 4000, 2000], extent: 4096, unit: 10, spacing: 100, labelLength: 10, startOffset: 40, center: false)
        #expect(continued.map(\.x) == [500, 1500, 2500, 3500])
        let fromEdge = LineAnchors.anchors([0, 2000, 4000, 2000], extent: 4096, unit: 10, spacing: 100, labelLength: 10, startOffset: 25, center: false)
        #expect(fromEdge.map(\.x) == [500, 1500, 2500, 3500])
        let inside = LineAnchors.anchors([10, 2000, 4000, 2000], extent: 4096, unit: 10, spacing: 100, labelLength: 10, startOffset: 25, center: false)
        #expect(inside.map(\.x) == [260, 1260, 2260, 3260])
        // Too short for the spacing: one anchor in the middle; line-center: the middle only.
        #expect(LineAnchors.anchors([100, 2000, 300, 2000], extent: 4096, unit: 10, spacing: 100, labelLength: 10, startOffset: 40, center: false).map(\.x) == [200])
        #expect(LineAnchors.anchors(line, extent: 4096, unit: 10, spacing: 100, labelLength: 10, startOffset: 40, center: true).map(\.x) == [2050])
    }
}

/// Circles shaded pixel by pixel: the inside of a disc is its colour exactly, its edge fades over a pixel.
@Suite struct CircleRasterizerTests {
    @Test func aDiscIsItsColourInsideAndFadesAtTheEdge() throws {
        let target = try ImageSurface(width: 120, height: 120)
        let circle = PlacedCircle(x: 60, y: 60, radius: 50, strokeWidth: 0, color: RGBAColor(red: 0, green: 0, blue: 1),
                                  strokeColor: RGBAColor(red: 0, green: 0, blue: 0, alpha: 0), blur: 0)
        target.withMutablePixels { CircleRasterizer(matrix: .identity, clip: (0, 0, 120, 120)).draw(circle, into: $0, stride: target.stride) }
        #expect(target.pixel(x: 60, y: 60) == RGBAColor(red: 0, green: 0, blue: 1, alpha: 1))
        #expect(target.pixel(x: 15, y: 60) == RGBAColor(red: 0, green: 0, blue: 1, alpha: 1))
        // The pixel whose centre is 0.5 px inside the edge is part covered; one outside is empty.
        let edge = target.pixel(x: 10, y: 59)
        #expect(edge.alpha > 0 && edge.alpha < 1, "\(edge)")
        #expect(target.pixel(x: 9, y: 60).alpha == 0)
        // A translucent disc over the same: the inside blends once, exactly.
        let glass = PlacedCircle(x: 60, y: 60, radius: 50, strokeWidth: 0, color: RGBAColor(red: 1, green: 0, blue: 0, alpha: 0.5),
                                 strokeColor: RGBAColor(red: 0, green: 0, blue: 0, alpha: 0), blur: 0)
        target.withMutablePixels { CircleRasterizer(matrix: .identity, clip: (0, 0, 120, 120)).draw(glass, into: $0, stride: target.stride) }
        let blended = target.pixel(x: 60, y: 60)
        #expect(blended.alpha == 1 && abs(blended.red - 128.0 / 255) < 1e-9 && abs(blended.blue - 128.0 / 255) < 1e-9, "\(blended)")
    }
}
