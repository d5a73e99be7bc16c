import CZlib
import Testing
@testable import Canvas

/// Flat chunks (a poster's background, sea, a large print's empty margins) are deflated by the run encoder
/// (cp_deflate_runs): runs of a repeated pixel, or of the pixels above, as matches in a block whose codes are
/// fitted to runs. They must decode to the exact pixels, in the same zlib stream as libdeflate's chunks.
@Suite struct PNGRunEncoderTests {
    /// A flat surface: one colour, a few dots, and a band of 256 px vertical stripes (each row repeats the one above
    /// where a stripe starts, not the pixel before), then, from `noiseFrom` down, noise that libdeflate takes.
    static func flat(width: Int, height: Int, opaque: Bool, noiseFrom: Int? = nil) throws -> ImageSurface {
        let noise = try PNGEncoderTests.noise(width: width, height: height, opaque: opaque, seed: 3)
        let surface = try ImageSurface(width: width, height: height)
        let background: UInt32 = opaque ? 0xFF20_60A0 : 0x0000_0000
        surface.withMutablePixels { pixels in
            noise.withPixels { noisy in
                for y in 0..<height {
                    for x in 0..<width {
                        var pixel = background
                        if let noiseFrom, y >= noiseFrom {
                            pixel = noisy.load(fromByteOffset: y * noise.stride + x * 4, as: UInt32.self)
                        } else if (y * 31 + x * 17) % 40009 == 0 {
                            pixel = 0xFFFF_0000
                        } else if y >= height / 3 && y < height / 2 && x >= width / 4 && x < width / 2 {
                            pixel = (x / 256) % 2 == 0 ? 0xFF00_0000 : 0xFFFF_FFFF
                        }
                        pixels.storeBytes(of: pixel, toByteOffset: y * surface.stride + x * 4, as: UInt32.self)
                    }
                }
            }
        }
        return surface
    }

    /// The first deflate block's header after the zlib header: the run encoder always sends all 286
    /// literal/length and 30 distance codes with all 19 code-length codes, which libdeflate, trimming unused
    /// codes, does not.
    static func startsWithARunBlock(_ png: [UInt8]) -> Bool {
        let stream = PNGEncoderTests.chunks(png).filter { $0.type == "IDAT" }.flatMap(\.data)
        guard stream.count > 4 else { return false }
        // BFINAL, BTYPE 10, HLIT 29 | HDIST 29, HCLEN 15.
        return stream[2] & 0xFE == 0xEC && stream[3] == 0xFD
    }

    @Test(arguments: [
        (width: 2400, height: 400, bandRows: 400, opaque: true),
        (width: 1333, height: 257, bandRows: 100, opaque: false),
        (width: 10800, height: 24, bandRows: 9, opaque: true),   // 32,401 bytes a line: copies from above
        (width: 8200, height: 20, bandRows: 20, opaque: false),  // 32,801 bytes a line: too far to copy from above
    ])
    func flatSurfacesAreWrittenAsRunsAndDecodeExactly(width: Int, height: Int, bandRows: Int, opaque: Bool) throws {
        let surface = try Self.flat(width: width, height: height, opaque: opaque)
        let png = try PNGEncoderTests.encode(surface, bandRows: bandRows, options: PNGOptions(dpi: 72, withAlpha: !opaque, threads: 3))
        let startsWithRuns = Self.startsWithARunBlock(png)
        #expect(startsWithRuns)
        #expect(PNGEncoderTests.pixels(try PNGDecoder.decode(png)) == PNGEncoderTests.pixels(surface))
        let lineBytes = 1 + width * (opaque ? 3 : 4)
        #expect(PNGEncoderTests.inflatedLength(png, expected: height * lineBytes) == height * lineBytes)
    }

    @Test func runChunksAndLibdeflateChunksMakeOneStream() throws {
        // Flat above, noise below: the first chunks are runs, the last libdeflate's, the last block final.
        let surface = try Self.flat(width: 1700, height: 900, opaque: true, noiseFrom: 600)
        let png = try PNGEncoderTests.encode(surface, bandRows: 300, options: PNGOptions(dpi: 72, threads: 4))
        let startsWithRuns = Self.startsWithARunBlock(png)
        #expect(startsWithRuns)
        #expect(PNGEncoderTests.pixels(try PNGDecoder.decode(png)) == PNGEncoderTests.pixels(surface))
        #expect(PNGEncoderTests.inflatedLength(png, expected: 900 * 5101) == 900 * 5101)
    }

    @Test func aFlatPosterIsNoLargerThanZlibMakesIt() throws {
        // The fitted codes cost about a bit a 258-byte match, as counted ones would. zlib at level 1 (which
        // never takes the run path) is the yardstick.
        let surface = try Self.flat(width: 2400, height: 600, opaque: true)
        let runs = try PNGEncoderTests.encode(surface, bandRows: 600, options: PNGOptions(dpi: 72, threads: 2))
        let zlib = try PNGEncoderTests.encode(surface, bandRows: 600, options: PNGOptions(dpi: 72, deflater: .zlib, threads: 2))
        let startsWithRuns = Self.startsWithARunBlock(runs)
        #expect(startsWithRuns)
        #expect(runs.count <= zlib.count, "runs \(runs.count) bytes, zlib \(zlib.count)")
    }
}
