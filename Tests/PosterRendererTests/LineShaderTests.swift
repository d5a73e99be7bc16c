import Canvas
import Testing
@testable import PosterRenderer

/// MapLibre's line bucket and line program as ported: tessellation, the edge fade, hard butt ends,
/// double blending where triangles overlap, and the dash distance field.
@Suite struct LineShaderTests {
    private func tessellate(_ points: [Float], cap: LineCap = .butt, join: LineJoin = .miter) -> LineTessellator {
        var tessellator = LineTessellator(join: join, cap: cap, miterLimit: 2, roundLimit: 1.05, sharpCornerOffset: 15)
        points.withUnsafeBufferPointer { tessellator.addLine($0, 0..<(points.count / 2), closed: false) }
        return tessellator
    }

    private func shading(width: Double, alpha: Double = 1) -> LineShading {
        LineShading(red: 0, green: 0, blue: 0, alpha: alpha, halfWidth: width / 2, halfGap: 0, offset: 0, blur: 0)
    }

    private func draw(_ tessellator: LineTessellator, _ shading: LineShading, size: Int = 32) throws -> ImageSurface {
        let surface = try ImageSurface(width: size, height: size)
        var rasterizer = LineRasterizer(matrix: .identity, clip: (0, 0, size, size))
        let stride = surface.stride
        surface.withMutablePixels { rasterizer.draw(tessellator, shading: shading, into: $0, stride: stride) }
        return surface
    }

    private func alpha(_ surface: ImageSurface, _ x: Int, _ y: Int) -> Int {
        Int((surface.pixel(x: x, y: y).alpha * 255).rounded())
    }

    @Test func aButtLineIsOneQuadAndACappedOneAddsRoundEnds() {
        let butt = tessellate([2, 16, 30, 16])
        #expect(butt.vertices.count == 4)
        #expect(butt.triangles.count == 6)
        #expect(butt.vertices.map(\.extrudeY) == [1, -1, 1, -1])
        #expect(butt.vertices.last?.distance == 28)
        let round = tessellate([2, 16, 30, 16], cap: .round)
        #expect(round.vertices.count == 8)
        #expect(round.vertices.filter(\.round).count == 4)
    }

    @Test func edgesFadeOverOnePixelAndButtEndsAreHard() throws {
        // Width 4 about y = 16.25: full within 1.5 px of the middle, fading to nothing 2.5 px out.
        let surface = try draw(tessellate([2, 16.25, 30, 16.25]), shading(width: 4))
        #expect(alpha(surface, 10, 13) == 0)
        #expect(alpha(surface, 10, 14) == 191)
        #expect(alpha(surface, 10, 16) == 255)
        #expect(alpha(surface, 10, 18) == 64)
        #expect(alpha(surface, 10, 19) == 0)
        // The end at x = 2 is cut square with no fade: the pixel whose centre is inside is full.
        #expect(alpha(surface, 1, 16) == 0)
        #expect(alpha(surface, 2, 16) == 255)
    }

    @Test func overlappingTrianglesBlendTwice() throws {
        var tessellator = tessellate([2, 16, 30, 16])
        [Float(16), 2, 16, 30].withUnsafeBufferPointer { tessellator.addLine($0, 0..<2, closed: false) }
        let surface = try draw(tessellator, shading(width: 6, alpha: 0.5))
        #expect(alpha(surface, 8, 16) == 128)
        // Where the two lines cross, blended in 8 bits as a framebuffer does: the first leaves 128, the
        // second 127.5 + 128 × (1 - 0.5) = 191.5, stored as 192 (one line alone would stay 128).
        #expect(alpha(surface, 16, 16) == 192)
    }

    @Test func dashesAreASignedDistanceFieldOverOnePeriod() throws {
        let pattern = try #require(LineDashPattern(dashes: [1, 1], round: false))
        #expect(pattern.length == 2)
        #expect(pattern.rows == 1)
        #expect(pattern.texels[0] == 128)
        #expect(pattern.texels[64] == 192)
        #expect(pattern.texels[192] == 64)
        #expect(LineDashPattern(dashes: [0, 0], round: false) == nil)
        #expect(try #require(LineDashPattern(dashes: [2, 1], round: true)).rows == 15)
    }
}
