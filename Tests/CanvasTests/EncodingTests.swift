import Foundation
import Testing
@testable import Canvas

@Suite struct EncodingTests {
    private func sampleSurface() throws -> ImageSurface {
        let surface = try ImageSurface(width: 64, height: 48)
        let context = try DrawingContext(surface: surface)
        context.setColor(RGBAColor(hex: 0xF5F1E8))
        context.paint()
        context.setColor(RGBAColor(hex: 0x204060))
        context.rectangle(x: 8, y: 8, width: 16, height: 16)
        context.fill()
        return surface
    }

    /// PNG chunks as (type, data).
    private func chunks(_ png: [UInt8]) -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        var i = 8
        while i + 8 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            let type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
            result.append((type, Array(png[(i + 8)..<(i + 8 + length)])))
            i += 12 + length
        }
        return result
    }

    @Test func surfacesReportExactPixels() throws {
        let surface = try sampleSurface()
        #expect(surface.pixel(x: 10, y: 10) == RGBAColor(hex: 0x204060))
        #expect(surface.pixel(x: 40, y: 40) == RGBAColor(hex: 0xF5F1E8))
    }

    @Test func oversizedSurfacesAreRefusedWithAHint() {
        #expect(throws: CanvasError(.surfaceTooLarge, "image size 40000x100 exceeds cairo's 32767 px limit; render it in bands")) {
            try ImageSurface(width: 40000, height: 100)
        }
    }

    @Test func pngHasHeaderDPIAndNoTimestamp() throws {
        let png = try PNGEncoder.encode(try sampleSurface(), options: PNGOptions(dpi: 300))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let list = chunks(png)
        #expect(list.map(\.0) == ["IHDR", "pHYs", "IDAT", "IEND"])
        let ihdr = list[0].1
        #expect(Array(ihdr[0..<8]) == [0, 0, 0, 64, 0, 0, 0, 48])
        #expect(ihdr[8] == 8 && ihdr[9] == 2)  // 8-bit RGB
        // 300 dpi = 11811 pixels per metre, unit 1 (metre).
        #expect(list[1].1 == [0, 0, 0x2E, 0x23, 0, 0, 0x2E, 0x23, 1])
    }

    @Test func pngRoundTripsThroughADecoder() throws {
        let original = try sampleSurface()
        let decoded = try PNGDecoder.decode(try PNGEncoder.encode(original))
        let difference = try #require(ImageDifference.between(original, decoded, threshold: 0))
        #expect(difference.differingPixels == 0)
    }

    @Test func pngStreamsBandByBand() throws {
        let surface = try sampleSurface()
        let encoder = try PNGEncoder(width: 64, height: 48)
        try encoder.append(try surface.band(rows: 0..<20))
        var bytes = encoder.takeOutput()
        try encoder.append(try surface.band(rows: 20..<48))
        bytes += encoder.takeOutput()
        bytes += try encoder.finish()
        // The bytes depend on the split into bands (each band's chunks are compressed apart), the pixels not.
        let decoded = try PNGDecoder.decode(bytes)
        let difference = try #require(ImageDifference.between(surface, decoded, threshold: 0))
        #expect(difference.differingPixels == 0)
    }

    @Test func pngRefusesMissingRows() throws {
        let encoder = try PNGEncoder(width: 64, height: 48)
        try encoder.append(try (try sampleSurface()).band(rows: 0..<10))
        #expect(throws: CanvasError(.pngEncoding, "PNG end: only 10 of 48 rows were written")) { try encoder.finish() }
    }

    @Test func pdfIsDeterministicAndEmbedsFonts() throws {
        func makePDF() throws -> [UInt8] {
            let document = try PDFDocument(widthPoints: 200, heightPoints: 100, title: "Test")
            do {
                let context = try DrawingContext(document: document)
                let shaper = try TestFonts.catalog.shaper(primary: "Inter-SemiBold")
                context.draw(shaper.shape("HELSINKI", size: 20, letterSpacing: 4), x: 10, y: 50, color: .black)
            }
            return try document.finish()
        }
        let first = try makePDF()
        let second = try makePDF()
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        #expect(text.contains("/FontFile"))
        #expect(text.contains("/CreationDate (20000101000000Z)"))
    }
}
