import Canvas
import Testing
@testable import PosterRenderer

/// The 3D buildings' rasteriser reuses its buffers from one chunk of rows to the next.
@Suite struct PrismRasterizerTests {
    let projection = PrismProjection(.overhead(.init(ground: .identity, center: (x: 8, y: 8), distance: 1000)))

    func corner(_ x: Double, _ y: Double, inverseW: Double, red: Double) -> PrismRasterizer.Corner {
        PrismRasterizer.Corner(x: x, y: y, inverseW: inverseW, r: red, g: 0, b: 1 - red)
    }

    /// Composites what the rasteriser holds into 16 × 16 transparent pixels.
    func composited(_ rasterizer: PrismRasterizer) -> [UInt32] {
        var pixels = [UInt32](repeating: 0, count: 16 * 16)
        pixels.withUnsafeMutableBytes { rasterizer.composite(opacity: 1, into: $0, stride: 16 * 4) }
        return pixels
    }

    @Test func aChunkStartsWithNothingOfTheLastOnesDepthOrColour() {
        var rasterizer = PrismRasterizer(projection: projection, clip: (0, 0, 16, 16), firstWins: false)
        // A near face over most of the area...
        rasterizer.drawTriangle(corner(1, 1, inverseW: 2, red: 1), corner(15, 1, inverseW: 2, red: 1), corner(1, 15, inverseW: 2, red: 1))
        let near = composited(rasterizer)
        #expect(near[2 * 16 + 2] == 0xFFFF_0000)
        // ...then, over the next chunk (here the same rows), a farther face where it was: the near face is gone.
        rasterizer.reset(clip: (0, 0, 16, 16))
        #expect(composited(rasterizer).allSatisfy { $0 == 0 })
        rasterizer.drawTriangle(corner(2, 2, inverseW: 1, red: 0), corner(8, 2, inverseW: 1, red: 0), corner(2, 8, inverseW: 1, red: 0))
        let far = composited(rasterizer)
        #expect(far[3 * 16 + 3] == 0xFF00_00FF)
        // Only the far face is drawn: nothing where only the near face was.
        #expect(far[2 * 16 + 12] == 0)
        #expect(far.filter { $0 != 0 }.count < near.filter { $0 != 0 }.count / 2)
    }

    @Test func anEarlierLayersDepthStillHidesAfterAChunkWithout() {
        var rasterizer = PrismRasterizer(projection: projection, clip: (0, 0, 16, 16), firstWins: false)
        // A chunk that starts from an earlier layer's depth: everything nearer than this layer's faces.
        rasterizer.reset(clip: (0, 0, 16, 16), depth: [Float](repeating: 3, count: 256)[...])
        rasterizer.drawTriangle(corner(1, 1, inverseW: 2, red: 1), corner(15, 1, inverseW: 2, red: 1), corner(1, 15, inverseW: 2, red: 1))
        #expect(composited(rasterizer).allSatisfy { $0 == 0 })
        // The next chunk has no earlier depth: the same face shows.
        rasterizer.reset(clip: (0, 0, 16, 16))
        rasterizer.drawTriangle(corner(1, 1, inverseW: 2, red: 1), corner(15, 1, inverseW: 2, red: 1), corner(1, 15, inverseW: 2, red: 1))
        #expect(composited(rasterizer)[2 * 16 + 2] == 0xFFFF_0000)
    }
}
