import CZlib
import Testing
@testable import Canvas

/// The parallel PNG writer: every way of splitting, filtering and compressing must decode to the exact pixels
/// drawn, in one valid zlib stream.
@Suite struct PNGEncoderTests {
    /// A surface of seeded noise over flat runs (so chunks hold both literals and long matches), with valid
    /// premultiplied pixels: every colour channel at most the alpha, and alpha 255 when `opaque`.
    static func noise(width: Int, height: Int, opaque: Bool, seed: UInt64 = 1) throws -> ImageSurface {
        let surface = try ImageSurface(width: width, height: height)
        var state = seed
        func next() -> UInt32 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt32(truncatingIfNeeded: state >> 33)
        }
        let stride = surface.stride
        surface.withMutablePixels { pixels in
            for y in 0..<height {
                let row = pixels.baseAddress! + y * stride
                var x = 0
                while x < width {
                    let random = next()
                    let alpha: UInt32 = opaque ? 255 : [0, 255, 1, 128, 200][Int(random % 5)]
                    func channel() -> UInt32 { alpha == 0 ? 0 : next() % (alpha + 1) }
                    let pixel = alpha << 24 | channel() << 16 | channel() << 8 | channel()
                    // Half the time a run of the same pixel, as map fills are.
                    let run = random & 8 == 0 ? Int(random >> 8) % 40 + 1 : 1
                    for _ in 0..<min(run, width - x) {
                        row.storeBytes(of: pixel, toByteOffset: x * 4, as: UInt32.self)
                        x += 1
                    }
                }
            }
        }
        return surface
    }

    /// The surface's pixels, row after row without stride padding.
    static func pixels(_ surface: ImageSurface) -> [UInt32] {
        surface.withPixels { raw in
            (0..<surface.height).flatMap { y in
                (0..<surface.width).map { x in raw.load(fromByteOffset: y * surface.stride + x * 4, as: UInt32.self) }
            }
        }
    }

    /// Encodes in bands of `bandRows` rows.
    static func encode(_ surface: ImageSurface, bandRows: Int, options: PNGOptions) throws -> [UInt8] {
        let encoder = try PNGEncoder(width: surface.width, height: surface.height, options: options)
        var bytes: [UInt8] = []
        var top = 0
        while top < surface.height {
            let rows = min(bandRows, surface.height - top)
            try encoder.append(try surface.band(rows: top..<top + rows))
            bytes += encoder.takeOutput()
            top += rows
        }
        return bytes + (try encoder.finish())
    }

    /// The chunks of a PNG, checking each one's CRC.
    static func chunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])] {
        var result: [(String, [UInt8])] = []
        var i = 8
        while i + 12 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            let body = Array(png[(i + 4)..<(i + 8 + length)])
            let stored = UInt32(png[i + 8 + length]) << 24 | UInt32(png[i + 9 + length]) << 16
                | UInt32(png[i + 10 + length]) << 8 | UInt32(png[i + 11 + length])
            let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            #expect(crc == stored, "CRC of chunk at byte \(i)")
            result.append((String(decoding: body.prefix(4), as: UTF8.self), Array(body.dropFirst(4))))
            i += 12 + length
        }
        return result
    }

    /// Inflates the IDAT chunks with zlib (which checks the Adler-32): nil if they are not one valid stream
    /// of exactly `expected` bytes.
    static func inflatedLength(_ png: [UInt8], expected: Int) -> Int? {
        let stream = chunks(png).filter { $0.type == "IDAT" }.flatMap(\.data)
        var output = [UInt8](repeating: 0, count: expected + 1)
        var length = uLongf(output.count)
        let status = output.withUnsafeMutableBufferPointer { out in
            stream.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        return status == Z_OK ? Int(length) : nil
    }

    static let layouts: [(width: Int, height: Int, bandRows: Int)] = [
        (1, 1, 1), (7, 5, 2), (333, 257, 100), (600, 1200, 1200), (10800, 12, 5),
    ]

    @Test(arguments: [false, true], [PNGOptions.Deflater.igzip, .libdeflate, .zlib])
    func everyLayoutDecodesToTheDrawnPixels(opaque: Bool, deflater: PNGOptions.Deflater) throws {
        for (width, height, bandRows) in Self.layouts {
            let surface = try Self.noise(width: width, height: height, opaque: opaque)
            // Four threads split even the 600x1200 band into several chunks.
            let options = PNGOptions(dpi: 72, withAlpha: !opaque, deflater: deflater, threads: 4)
            let png = try Self.encode(surface, bandRows: bandRows, options: options)
            let decoded = try PNGDecoder.decode(png)
            #expect(decoded.width == width && decoded.height == height)
            #expect(Self.pixels(decoded) == Self.pixels(surface), "\(width)x\(height) in bands of \(bandRows)")
            let lineBytes = 1 + width * (opaque ? 3 : 4)
            #expect(Self.inflatedLength(png, expected: height * lineBytes) == height * lineBytes)
        }
    }

    @Test(arguments: [PNGOptions.Filter.none, .sub, .up, .average, .paeth])
    func everyFilterDecodesToTheDrawnPixels(filter: PNGOptions.Filter) throws {
        let surface = try Self.noise(width: 333, height: 700, opaque: false, seed: 7)
        for deflater in [PNGOptions.Deflater.igzip, .libdeflate, .zlib] {
            let options = PNGOptions(withAlpha: true, filter: filter, deflater: deflater, threads: 3)
            let png = try Self.encode(surface, bandRows: 250, options: options)
            #expect(Self.pixels(try PNGDecoder.decode(png)) == Self.pixels(surface), "\(deflater)")
            #expect(Self.inflatedLength(png, expected: 700 * 1333) == 700 * 1333)
        }
    }

    @Test func levelsAndStrategiesDecodeToTheDrawnPixels() throws {
        let surface = try Self.noise(width: 600, height: 900, opaque: true, seed: 3)
        let cases: [PNGOptions] = [
            PNGOptions(compressionLevel: 0, threads: 3), PNGOptions(compressionLevel: 2, threads: 3), PNGOptions(compressionLevel: 9, threads: 3),
            PNGOptions(compressionLevel: 1, deflater: .libdeflate, threads: 3),
            PNGOptions(compressionLevel: 0, deflater: .zlib, threads: 3), PNGOptions(compressionLevel: 6, deflater: .zlib, threads: 3),
            PNGOptions(strategy: .rle, threads: 3), PNGOptions(strategy: .huffmanOnly, threads: 3), PNGOptions(strategy: .filtered, threads: 3),
        ]
        for options in cases {
            let png = try Self.encode(surface, bandRows: 900, options: options)
            #expect(Self.pixels(try PNGDecoder.decode(png)) == Self.pixels(surface), "\(options)")
        }
    }

    @Test func theThreadCountOnlyChangesTheSplit() throws {
        let surface = try Self.noise(width: 600, height: 400, opaque: true, seed: 5)
        for deflater in [PNGOptions.Deflater.igzip, .libdeflate, .zlib] {
            let one = try Self.encode(surface, bandRows: 400, options: PNGOptions(deflater: deflater, threads: 1))
            let four = try Self.encode(surface, bandRows: 400, options: PNGOptions(deflater: deflater, threads: 4))
            #expect(Self.pixels(try PNGDecoder.decode(one)) == Self.pixels(try PNGDecoder.decode(four)))
            // One IDAT a chunk. Four threads: four chunks of 100 rows. One thread: chunks of at most 256 KiB
            // of filtered rows (146 rows of 1,801 bytes), so three.
            #expect(Self.chunks(four).filter { $0.type == "IDAT" }.count == 4)
            #expect(Self.chunks(one).filter { $0.type == "IDAT" }.count == 3)
        }
    }

    @Test func igzipLeavesStoringAndTheSmallerLevelsToLibdeflate() throws {
        let surface = try Self.noise(width: 300, height: 200, opaque: true, seed: 11)
        for level in [0, 3, 9] {
            let igzip = try Self.encode(surface, bandRows: 200, options: PNGOptions(compressionLevel: level, threads: 2))
            let libdeflate = try Self.encode(surface, bandRows: 200, options: PNGOptions(compressionLevel: level, deflater: .libdeflate, threads: 2))
            #expect(igzip == libdeflate, "level \(level)")
        }
        let igzip = try Self.encode(surface, bandRows: 200, options: PNGOptions(threads: 2))
        let libdeflate = try Self.encode(surface, bandRows: 200, options: PNGOptions(deflater: .libdeflate, threads: 2))
        #expect(igzip != libdeflate)
    }

    @Test func zlibHeaderAndTrailerFrameTheChunks() throws {
        let surface = try Self.noise(width: 64, height: 64, opaque: true)
        let idat = Self.chunks(try Self.encode(surface, bandRows: 16, options: PNGOptions(threads: 2)))
            .filter { $0.type == "IDAT" }
        #expect(idat.count == 4)
        // 0x78 0x01: deflate with a 32 KiB window, level 1 ("fastest").
        #expect(Array(idat[0].data.prefix(2)) == [0x78, 0x01])
        // Every chunk but the last ends where zlib's sync flush would: an empty stored block.
        for chunk in idat.dropLast() { #expect(Array(chunk.data.suffix(4)) == [0x00, 0x00, 0xff, 0xff]) }
    }

    /// Encodes in bands of `bandRows` rows, each band's chunks handed out in `order` (of the chunk indices)
    /// to the workers in turn, as a caller encoding rows as they are finished does.
    static func encodeByChunks(_ surface: ImageSurface, bandRows: Int, workers: Int, options: PNGOptions,
                               order: (Int) -> [Int]) throws -> (png: [UInt8], chunkRows: [[Range<Int>]]) {
        let encoder = try PNGEncoder(width: surface.width, height: surface.height, options: options)
        var bytes: [UInt8] = []
        var seen: [[Range<Int>]] = []
        var top = 0
        while top < surface.height {
            let rows = min(bandRows, surface.height - top)
            try encoder.append(try surface.band(rows: top..<top + rows), workers: workers) { chunks, encode in
                seen.append(chunks)
                for (n, chunk) in order(chunks.count).enumerated() { encode(n % workers, chunk) }
            }
            bytes += encoder.takeOutput()
            top += rows
        }
        return (bytes + (try encoder.finish()), seen)
    }

    @Test(arguments: [PNGOptions.Deflater.igzip, .libdeflate, .zlib])
    func chunksEncodedInAnyOrderMakeTheSameFile(deflater: PNGOptions.Deflater) throws {
        let surface = try Self.noise(width: 333, height: 700, opaque: true, seed: 13)
        let options = PNGOptions(deflater: deflater, threads: 3)
        let whole = try Self.encode(surface, bandRows: 300, options: options)
        let reversed = try Self.encodeByChunks(surface, bandRows: 300, workers: 3, options: options) { Array((0..<$0).reversed()) }
        #expect(reversed.png == whole)
        // The chunks cover each band's rows in order: 300 rows for three workers, in chunks of 100 (their
        // 256 KiB cap is 262 rows of 1,000 bytes); the last band's 100 in chunks of at least a quarter of the cap.
        #expect(reversed.chunkRows == [[0..<100, 100..<200, 200..<300], [0..<100, 100..<200, 200..<300], [0..<65, 65..<100]])
        #expect(Self.pixels(try PNGDecoder.decode(reversed.png)) == Self.pixels(surface))
    }

    @Test func aChunkLeftOutFailsTheBand() throws {
        let surface = try Self.noise(width: 600, height: 400, opaque: true)
        let encoder = try PNGEncoder(width: 600, height: 400, options: PNGOptions(threads: 2))
        #expect(throws: CanvasError(.pngEncoding, "PNG rows: chunk 1 of 4 was not encoded")) {
            try encoder.append(surface, workers: 4) { chunks, encode in
                for chunk in chunks.indices where chunk != 1 { encode(0, chunk) }
            }
        }
    }

    @Test func rowsBeyondTheImageAreRefused() throws {
        let encoder = try PNGEncoder(width: 64, height: 10)
        let surface = try Self.noise(width: 64, height: 12, opaque: true)
        #expect(throws: CanvasError(.pngEncoding, "PNG rows: 12 rows given after 0 of 10 were written")) {
            try encoder.append(surface)
        }
    }

    @Test func unknownLevelsAreRefused() {
        #expect(throws: CanvasError(.pngEncoding, "PNG encoder for 8x8: compression level 10 is outside 0-9")) {
            try PNGEncoder(width: 8, height: 8, options: PNGOptions(compressionLevel: 10))
        }
    }
}
