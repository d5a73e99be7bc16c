import CCairo
import Foundation

/// The pixel memory a poster is drawn into, one horizontal band at a time. It is allocated once (a render
/// context keeps one warm) and reused for every band of every poster, so a render's pixel memory is this
/// buffer's size whatever the poster's: a 10800x16200 print is drawn in bands of `capacity / width` rows.
public final class BandBuffer: @unchecked Sendable {
    // @unchecked: the memory is handed to one render at a time (the pool checks contexts out), and the
    // surfaces made over it are used by that render only.
    private let memory: UnsafeMutableRawPointer
    private let byteCount: Int
    /// Whether every byte is still zero (a fresh mapping, or not handed out since it was cleared), so that
    /// the next surface need not clear it.
    private var isClear = true
    /// Pixels the buffer holds (4 bytes each).
    public let capacity: Int
    /// Whether the buffer was committed up front (a render context's, kept warm between renders).
    public let isCommitted: Bool

    /// Maps a buffer of `pixels` ARGB32 pixels.
    ///
    /// - Parameter committed: touch every page now, so that the memory is really committed when the buffer
    ///   is made (pre-warming a render context), not in the middle of its first render. A one-off render
    ///   passes false: its pages are then first touched as the map is drawn, on every core, instead of
    ///   one page after another before anything else can start.
    public init(pixels: Int, committed: Bool = true) throws(CanvasError) {
        guard pixels > 0, pixels <= 1 << 28 else {
            throw CanvasError(.surfaceCreation, "band buffer of \(pixels) pixels is out of range")
        }
        // An anonymous mapping reads as zeros until written.
        let bytes = pixels * 4
        guard let mapped = Self.map(bytes) else {
            throw CanvasError(.surfaceCreation, "cannot allocate a band buffer of \(bytes >> 20) MiB (errno \(errno))")
        }
        memory = mapped.memory
        byteCount = mapped.length
        capacity = pixels
        isCommitted = committed
        if committed { memset(memory, 0, byteCount) }
    }

    /// Transparent huge pages are 2 MiB on x86-64 and arm64 (with 4 KiB base pages).
    private static let hugePage = 2 << 20

    /// An anonymous mapping of at least `bytes`. A buffer of a few huge pages or more is aligned to them
    /// and advised to use them: a 2400x3600 poster's 34.5 MB is then first touched in 17 page faults
    /// instead of 8,400, and drawing misses the TLB less. Where the kernel has no transparent huge pages
    /// the advice fails and the mapping works as usual.
    private static func map(_ bytes: Int) -> (memory: UnsafeMutableRawPointer, length: Int)? {
        guard bytes >= 4 * hugePage else {
            let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let mapped, mapped != MAP_FAILED else { return nil }
            return (mapped, bytes)
        }
        let length = (bytes + hugePage - 1) / hugePage * hugePage
        // Reserve one huge page more, then trim both ends so that the rest starts on a huge page.
        let reserved = mmap(nil, length + hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let reserved, reserved != MAP_FAILED else { return nil }
        let start = Int(bitPattern: reserved)
        let aligned = (start + hugePage - 1) & ~(hugePage - 1)
        let head = aligned - start, tail = hugePage - head
        if head > 0 { munmap(reserved, head) }
        if tail > 0 { munmap(reserved + head + length, tail) }
        let memory = reserved + head
        _ = madvise(memory, length, MADV_HUGEPAGE)
        return (memory, length)
    }

    /// Gives the buffer's pages back to the system (they read as zeros when next touched), for a one-off
    /// render done drawing: its last band need not stay resident while the encoded image is taken and written.
    /// Surfaces made from the buffer must not be used after this.
    public func releasePages() {
        guard madvise(memory, byteCount, MADV_DONTNEED) == 0 else { return }
        isClear = true
    }

    deinit {
        munmap(memory, byteCount)
    }

    /// Rows of `width` pixels one band can hold.
    public func rows(forWidth width: Int) -> Int {
        max(0, capacity / max(width, 1))
    }

    /// A cleared surface of `width` x `rows` over the buffer's memory. Only one surface from a buffer may
    /// be in use at a time; the next call reuses the same memory.
    ///
    /// - Parameter overwritten: the caller paints every pixel opaque before anything is drawn or read (an
    ///   opaque paper), so the last band's pixels need not be cleared first: a pass over the band's memory
    ///   saved (64 MiB for each band of an A0 print after the first, 8.6 MB for every screen-size poster a
    ///   render context draws).
    public func surface(width: Int, rows: Int, overwritten: Bool = false) throws(CanvasError) -> ImageSurface {
        guard width > 0, rows > 0, width <= ImageSurface.maximumSide, width * rows <= capacity else {
            throw CanvasError(.surfaceCreation, "a \(width)x\(rows) band does not fit a buffer of \(capacity) pixels")
        }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        guard stride == width * 4 else {
            throw CanvasError(.surfaceCreation, "cairo wants a stride of \(stride) bytes for \(width) px; expected \(width * 4)")
        }
        if !isClear && !overwritten { memset(memory, 0, stride * rows) }
        isClear = false
        guard let created = cairo_image_surface_create_for_data(memory.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32,
                                                                Int32(width), Int32(rows), Int32(stride)),
              cairo_surface_status(created) == CAIRO_STATUS_SUCCESS
        else {
            throw CanvasError(.surfaceCreation, "cairo could not create a \(width)x\(rows) band surface")
        }
        return ImageSurface(borrowing: created, from: self, width: width, height: rows)
    }
}
