import CJPEG

/// JPEG raster tiles (satellite imagery, most raster tile servers) read into image surfaces, through
/// libjpeg behind the C shim; and written, for tests and tools.
public enum JPEGCodec {
    /// The largest side accepted: a tile server never sends more, and this bounds the allocation.
    public static let maximumSide = 8192

    public static func decode(_ bytes: [UInt8]) throws(CanvasError) -> ImageSurface {
        var width: UInt32 = 0, height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let probed = bytes.withUnsafeBufferPointer { data in
            cp_jpeg_decode(data.baseAddress, data.count, nil, &width, &height, &message, message.count)
        }
        guard probed == 0 else { throw CanvasError(.surfaceCreation, "not a readable JPEG (\(bytes.count) bytes): \(text(message))") }
        guard width > 0, height > 0, width <= maximumSide, height <= maximumSide else {
            throw CanvasError(.surfaceCreation, "a \(width)x\(height) JPEG is outside 1...\(maximumSide) px a side")
        }
        let surface = try ImageSurface(width: Int(width), height: Int(height))
        let stride = surface.stride
        var result: Int32 = 0
        surface.withMutablePixels { pixels in
            // The shim writes tightly packed rows; cairo's stride for ARGB32 is width * 4 up to 32767 px.
            precondition(stride == Int(width) * 4, "unexpected stride \(stride) for \(width) px")
            let target = pixels.baseAddress!.assumingMemoryBound(to: UInt32.self)
            result = bytes.withUnsafeBufferPointer { data in
                cp_jpeg_decode(data.baseAddress, data.count, target, &width, &height, &message, message.count)
            }
        }
        guard result == 0 else { throw CanvasError(.surfaceCreation, "the JPEG does not decode: \(text(message))") }
        return surface
    }

    /// `rgb` (width * height * 3 bytes) as a JPEG of `quality` 1...100.
    public static func encode(rgb: [UInt8], width: Int, height: Int, quality: Int = 90) throws(CanvasError) -> [UInt8] {
        guard width > 0, height > 0, rgb.count == width * height * 3 else {
            throw CanvasError(.surfaceCreation, "\(rgb.count) bytes are not \(width)x\(height) RGB")
        }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let result = rgb.withUnsafeBufferPointer { data in
            cp_jpeg_encode_rgb(data.baseAddress, UInt32(width), UInt32(height), Int32(quality), &out, &size, &message, message.count)
        }
        guard result == 0, let out else { throw CanvasError(.surfaceCreation, "JPEG encoding failed: \(text(message))") }
        defer { cp_jpeg_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}

/// A C message buffer as text, up to its terminating zero.
private func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Raster tile bytes of either format, told apart by their first bytes.
public enum RasterDecoder {
    public static func decode(_ bytes: [UInt8]) throws(CanvasError) -> ImageSurface {
        if bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF { return try JPEGCodec.decode(bytes) }
        if bytes.count >= 8 && bytes[0] == 0x89 && bytes[1] == 0x50 { return try PNGDecoder.decode(bytes) }
        throw CanvasError(.surfaceCreation, "raster tile of \(bytes.count) bytes is neither PNG nor JPEG (WebP is not read)")
    }
}
