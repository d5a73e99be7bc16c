import CCairo

/// Reads PNG bytes into an image surface (through cairo's reader), for golden-image comparisons and for
/// placing raster images on a poster.
public enum PNGDecoder {
    public static func decode(_ bytes: [UInt8]) throws(CanvasError) -> ImageSurface {
        final class Cursor {
            let bytes: [UInt8]
            var offset = 0
            init(_ bytes: [UInt8]) { self.bytes = bytes }
        }
        let cursor = Cursor(bytes)
        let closure = Unmanaged.passUnretained(cursor).toOpaque()
        let created = withExtendedLifetime(cursor) {
            cairo_image_surface_create_from_png_stream({ closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                let cursor = Unmanaged<Cursor>.fromOpaque(closure).takeUnretainedValue()
                let count = Int(length)
                guard cursor.offset + count <= cursor.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                cursor.bytes.withUnsafeBufferPointer { source in
                    data.update(from: source.baseAddress! + cursor.offset, count: count)
                }
                cursor.offset += count
                return CAIRO_STATUS_SUCCESS
            }, closure)
        }
        guard let created, cairo_surface_status(created) == CAIRO_STATUS_SUCCESS else {
            if let created { cairo_surface_destroy(created) }
            throw CanvasError(.pngEncoding, "not a readable PNG (\(bytes.count) bytes)")
        }
        return try ImageSurface(adopting: created)
    }
}
