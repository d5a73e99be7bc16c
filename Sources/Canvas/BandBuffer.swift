import CCairo
import Foundation

/// The pixel memory a poster is drawn into, one horizontal band at a time. It is allocated once (a render
/// context keeps one warm) and reused for every band of every poster, so a render's pixel memory is this
/// buffer's size whatever the poster's: a 10800x16200 print is drawn in bands of `capacity / width` rows.
public final class BandBuffer: @unchecked Sendable {
    // @unchecked: the memory is handed to one render at a time (the pool checks contexts out), and the
    // surfaces made over it are used by that render only.
    private let memory: UnsafeMutableRawPointer
    /// Pixels the buffer holds (4 bytes each).
    public let capacity: Int

    /// Allocates a buffer of `pixels` ARGB32 pixels and touches it, so that the memory is really committed
    /// when the buffer is made (pre-warming), not in the middle of the first render.
    public init(pixels: Int) throws(CanvasError) {
        guard pixels > 0, pixels <= 1 << 28 else {
            throw CanvasError(.surfaceCreation, "band buffer of \(pixels) pixels is out of range")
        }
        // posix_memalign reports failure (Swift's allocate would trap); page alignment suits the large block.
        var allocated: UnsafeMutableRawPointer?
        guard posix_memalign(&allocated, 4096, pixels * 4) == 0, let allocated else {
            throw CanvasError(.surfaceCreation, "cannot allocate a band buffer of \(pixels * 4 >> 20) MiB")
        }
        memory = allocated
        capacity = pixels
        memset(memory, 0, pixels * 4)
    }

    deinit {
        free(memory)
    }

    /// Rows of `width` pixels one band can hold.
    public func rows(forWidth width: Int) -> Int {
        max(0, capacity / max(width, 1))
    }

    /// A cleared surface of `width` x `rows` over the buffer's memory. Only one surface from a buffer may
    /// be in use at a time; the next call reuses the same memory.
    public func surface(width: Int, rows: Int) throws(CanvasError) -> ImageSurface {
        guard width > 0, rows > 0, width <= ImageSurface.maximumSide, width * rows <= capacity else {
            throw CanvasError(.surfaceCreation, "a \(width)x\(rows) band does not fit a buffer of \(capacity) pixels")
        }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        guard stride == width * 4 else {
            throw CanvasError(.surfaceCreation, "cairo wants a stride of \(stride) bytes for \(width) px; expected \(width * 4)")
        }
        memset(memory, 0, stride * rows)
        guard let created = cairo_image_surface_create_for_data(memory.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32,
                                                                Int32(width), Int32(rows), Int32(stride)),
              cairo_surface_status(created) == CAIRO_STATUS_SUCCESS
        else {
            throw CanvasError(.surfaceCreation, "cairo could not create a \(width)x\(rows) band surface")
        }
        return ImageSurface(borrowing: created, from: self, width: width, height: rows)
    }
}
