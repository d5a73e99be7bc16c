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

    @Test func marksOfDrawnPixelsOutlastTheirGenerationsWrapping() {
        // Each chunk marks what it draws with the next of 255 generations instead of clearing the last chunk's
        // marks, so a chunk must never meet marks of its own generation from a chunk 255 before it.
        var rasterizer = PrismRasterizer(projection: projection, clip: (0, 0, 16, 16), firstWins: false)
        for chunk in 0..<600 {
            rasterizer.reset(clip: (0, 0, 16, 16))
            if chunk == 10 {
                // One chunk draws a bar across rows 3-7...
                rasterizer.drawTriangle(corner(0, 3, inverseW: 2, red: 1), corner(32, 3, inverseW: 2, red: 1), corner(0, 8, inverseW: 2, red: 1))
                continue
            }
            // ...the others a face at each end of those rows, so that the rows' extents take in the bar's middle.
            rasterizer.drawTriangle(corner(0, 3, inverseW: 2, red: 1), corner(3, 3, inverseW: 2, red: 1), corner(0, 8, inverseW: 2, red: 1))
            rasterizer.drawTriangle(corner(16, 3, inverseW: 2, red: 1), corner(16, 8, inverseW: 2, red: 1), corner(13, 8, inverseW: 2, red: 1))
            let pixels = composited(rasterizer)
            #expect(pixels[4 * 16 + 0] == 0xFFFF_0000 && pixels[7 * 16 + 15] == 0xFFFF_0000, "chunk \(chunk)")
            #expect(pixels[5 * 16 + 8] == 0, "chunk \(chunk) shows the bar of chunk 10")
        }
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
