import Testing
@testable import Canvas

/// JPEG raster tiles through libjpeg: a round trip within JPEG's loss, clear errors for bytes that are
/// not a JPEG, and the raster decoder telling PNG from JPEG.
@Suite struct JPEGCodecTests {
    /// A 64x48 image: red rising to the right, green downwards, blue constant.
    static let rgb: [UInt8] = (0..<48).flatMap { y in (0..<64).flatMap { x in [UInt8(x * 4), UInt8(y * 5), 96] } }

    @Test func aJPEGRoundTripsWithinItsLoss() throws {
        let bytes = try JPEGCodec.encode(rgb: Self.rgb, width: 64, height: 48, quality: 95)
        #expect(Array(bytes.prefix(3)) == [0xFF, 0xD8, 0xFF])
        let image = try RasterDecoder.decode(bytes)
        #expect(image.width == 64 && image.height == 48)
        var worst = 0.0
        for (x, y) in [(0, 0), (63, 0), (0, 47), (63, 47), (32, 24), (10, 40)] {
            let p = image.pixel(x: x, y: y)
            let k = (y * 64 + x) * 3
            worst = max(worst, abs(p.red * 255 - Double(Self.rgb[k])), abs(p.green * 255 - Double(Self.rgb[k + 1])),
                        abs(p.blue * 255 - Double(Self.rgb[k + 2])))
            #expect(p.alpha == 1)
        }
        #expect(worst <= 8, "largest channel error \(worst)")
    }

    @Test func bytesThatAreNotAJPEGSayWhy() {
        #expect(throws: CanvasError.self) { try JPEGCodec.decode([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) }
        let error = #expect(throws: CanvasError.self) { try RasterDecoder.decode(Array("RIFF....WEBP".utf8)) }
        #expect(error?.message.contains("neither PNG nor JPEG") == true)
    }

    @Test func pngStillDecodes() throws {
        let surface = try ImageSurface(width: 3, height: 2)
        let encoder = try PNGEncoder(width: 3, height: 2, options: PNGOptions(withAlpha: true))
        try encoder.append(surface)
        let png = encoder.takeOutput() + (try encoder.finish())
        #expect(try RasterDecoder.decode(png).width == 3)
    }
}
