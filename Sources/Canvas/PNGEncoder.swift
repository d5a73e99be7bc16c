import CPNGWriter
import Dispatch
import Foundation

/// Options for PNG encoding.
public struct PNGOptions: Sendable, Equatable {
    /// Dots per inch written to the pHYs chunk (so print shops see the intended size); 0 writes none.
    public var dpi: Double
    /// Keep the alpha channel. Posters are opaque, so RGB is the default: a quarter fewer bytes to compress.
    public var withAlpha: Bool
    /// Deflate level, 0 (stored) to 9 (smallest). Level 1 with no row filter suits map images (large flat
    /// areas): the Sub or Up filters or zlib's RLE strategy give more bytes for no less time. igzip compresses
    /// levels 1 and 2 only; libdeflate takes the others.
    public var compressionLevel: Int
    /// zlib's strategy. libdeflate has none, so any but ``Strategy/standard`` compresses with zlib.
    public var strategy: Strategy
    public var filter: Filter
    /// Which deflate implementation compresses the rows. Both write one zlib stream, a band's chunks
    /// compressed in parallel (Benchmarks/README.md, "PNG encoding", compares them).
    public var deflater: Deflater
    /// Threads that compress a band's chunks; 0 uses every active core.
    public var threads: Int

    public enum Strategy: Int32, Sendable { case standard = 0, filtered = 1, huffmanOnly = 2, rle = 3 }
    public enum Filter: Int32, Sendable { case none = 0, sub = 1, up = 2, average = 3, paeth = 4 }
    public enum Deflater: Int32, Sendable {
        /// libdeflate: smaller than zlib at the same level and faster; each chunk of a few dozen rows is
        /// compressed on its own, as libdeflate cannot continue another chunk's window.
        case libdeflate = 0
        /// zlib: each chunk continues the previous chunk's 32 KiB window (pigz's method), so the stream is
        /// as one; needed for the strategies.
        case zlib = 1
        /// ISA-L's igzip (the default): on 2400x3600 maps about 4x libdeflate's level 1 speed for 5-10% more
        /// bytes, as many as zlib's level 1. Levels 1 and 2 only: others are libdeflate's. Chunks are
        /// independent, as libdeflate's.
        case igzip = 2
    }

    public init(dpi: Double = 300, withAlpha: Bool = false, compressionLevel: Int = 1,
                strategy: Strategy = .standard, filter: Filter = .none, deflater: Deflater = .igzip, threads: Int = 0) {
        self.dpi = dpi
        self.withAlpha = withAlpha
        self.compressionLevel = compressionLevel
        self.strategy = strategy
        self.filter = filter
        self.deflater = deflater
        self.threads = threads
    }
}

/// A streaming PNG encoder: rows go in band by band, encoded bytes come out as they are produced. Each band
/// is split into chunks compressed on several threads into one zlib stream; the encoder keeps one chunk's rows
/// per thread, never the whole image.
public final class PNGEncoder {
    private let writer: OpaquePointer
    private let threads: Int
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int, options: PNGOptions = PNGOptions()) throws(CanvasError) {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw CanvasError(.pngEncoding, "a PNG is 1 to 2^31-1 pixels wide and high, not \(width)x\(height)")
        }
        var cOptions = cp_png_options(width: UInt32(width), height: UInt32(height), with_alpha: options.withAlpha ? 1 : 0,
                                      dpi: options.dpi, compression_level: Int32(clamping: options.compressionLevel),
                                      compression_strategy: options.strategy.rawValue, filter: options.filter.rawValue,
                                      deflater: options.deflater.rawValue)
        var message = [CChar](repeating: 0, count: 256)
        guard let created = cp_png_writer_create(&cOptions, &message, message.count) else {
            throw CanvasError(.pngEncoding, "PNG encoder for \(width)x\(height): \(Self.text(message))")
        }
        writer = created
        threads = options.threads > 0 ? options.threads : ProcessInfo.processInfo.activeProcessorCount
        self.width = width
        self.height = height
    }

    deinit {
        cp_png_writer_destroy(writer)
    }

    /// Encodes all rows of a surface (or a band surface) whose width matches the image.
    public func append(_ surface: ImageSurface) throws(CanvasError) {
        guard surface.width == width else {
            throw CanvasError(.pngEncoding, "band is \(surface.width) px wide, the image \(width) px")
        }
        var message = [CChar](repeating: 0, count: 256)
        let stride = surface.stride, rows = UInt32(surface.height), workers = threads
        let status = surface.withPixels { pixels in
            let base = pixels.baseAddress?.assumingMemoryBound(to: UInt8.self)
            let chunks = cp_png_writer_begin_rows(writer, base, stride, rows, UInt32(workers), &message, message.count)
            guard chunks > 0 else { return Int32(-1) }
            // The C writer hands each chunk to one caller only (an atomic counter), so the workers share it safely.
            nonisolated(unsafe) let shared = writer
            let running = min(workers, Int(chunks))
            if running == 1 {
                cp_png_writer_encode_chunks(shared, 0)
            } else {
                DispatchQueue.concurrentPerform(iterations: running) { cp_png_writer_encode_chunks(shared, UInt32($0)) }
            }
            return cp_png_writer_end_rows(writer, &message, message.count)
        }
        guard status == 0 else { throw CanvasError(.pngEncoding, "PNG rows: \(Self.text(message))") }
    }

    /// Encodes all rows of `surface` (a band of the image) chunk by chunk while `body` finishes them, for a
    /// caller drawing the band on several threads that encodes the rows one thread has finished while another
    /// still draws.
    ///
    /// `body` is handed the chunks' rows (band rows, in order) and a function that encodes one chunk as one of
    /// `workers` workers. It must call it once for every chunk, only after the chunk's rows and the row above
    /// it are final, and never at once for the same worker. A chunk left out fails the band.
    public func append(_ surface: ImageSurface, workers: Int,
                       finishingRows body: (_ chunks: [Range<Int>], _ encode: @Sendable (_ worker: Int, _ chunk: Int) -> Void) throws(CanvasError) -> Void)
        throws(CanvasError) {
        guard surface.width == width else {
            throw CanvasError(.pngEncoding, "band is \(surface.width) px wide, the image \(width) px")
        }
        var message = [CChar](repeating: 0, count: 256)
        let stride = surface.stride, rows = surface.height, workers = max(1, workers)
        var failure: CanvasError?
        // The writer reads the pixels as chunks are encoded: they are lent for the whole band, not past it.
        surface.withPixels { pixels in
            let base = pixels.baseAddress?.assumingMemoryBound(to: UInt8.self)
            let count = Int(cp_png_writer_begin_rows(writer, base, stride, UInt32(rows), UInt32(workers), &message, message.count))
            guard count > 0 else {
                failure = CanvasError(.pngEncoding, "PNG rows: \(Self.text(message))")
                return
            }
            let perChunk = Int(cp_png_writer_chunk_rows(writer))
            let chunks = (0..<count).map { $0 * perChunk..<min(($0 + 1) * perChunk, rows) }
            // The C writer keeps each worker's state apart and each chunk's result in its own slot.
            nonisolated(unsafe) let shared = writer
            do throws(CanvasError) {
                try body(chunks) { worker, chunk in
                    guard worker >= 0, chunk >= 0 else { return }
                    cp_png_writer_encode_chunk(shared, UInt32(worker), UInt32(chunk))
                }
            } catch {
                failure = error
            }
            // Ended even after a failure, so that the writer holds no pointer to the pixels.
            if cp_png_writer_end_rows(writer, &message, message.count) != 0, failure == nil {
                failure = CanvasError(.pngEncoding, "PNG rows: \(Self.text(message))")
            }
        }
        if let failure { throw failure }
    }

    /// Encoded bytes produced since the last call.
    public func takeOutput() -> [UInt8] {
        let length = cp_png_writer_output_length(writer)
        guard length > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            cp_png_writer_take_output(writer, buffer.baseAddress!)
            count = length
        }
    }

    /// Ends the image and returns the remaining bytes.
    public func finish() throws(CanvasError) -> [UInt8] {
        var message = [CChar](repeating: 0, count: 256)
        guard cp_png_writer_finish(writer, &message, message.count) == 0 else {
            throw CanvasError(.pngEncoding, "PNG end: \(Self.text(message))")
        }
        return takeOutput()
    }

    /// Encodes a whole surface in one call.
    public static func encode(_ surface: ImageSurface, options: PNGOptions = PNGOptions()) throws(CanvasError) -> [UInt8] {
        let encoder = try PNGEncoder(width: surface.width, height: surface.height, options: options)
        try encoder.append(surface)
        var bytes = encoder.takeOutput()
        bytes += try encoder.finish()
        return bytes
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
