import CCairo

/// A cairo ARGB32 image surface: premultiplied 32-bit pixels in native byte order.
///
/// Cairo caps image surfaces at 32767 px a side; larger posters are drawn band by band.
public final class ImageSurface: @unchecked Sendable {
    // @unchecked: the surface is only drawn through one DrawingContext at a time (the renderer gives each
    // band its own surface over a disjoint slice of one buffer); cairo's reference counting is thread-safe.
    let surface: OpaquePointer
    /// The owner of the pixels a band surface borrows (a parent surface or a ``BandBuffer``); kept alive
    /// as long as the band.
    private let parent: AnyObject?

    public let width: Int
    public let height: Int

    /// The largest side cairo accepts for an image surface.
    public static let maximumSide = 32767

    /// Creates a cleared (transparent) surface.
    public init(width: Int, height: Int) throws(CanvasError) {
        guard width > 0, height > 0 else {
            throw CanvasError(.surfaceCreation, "image size \(width)x\(height) must be positive")
        }
        guard width <= Self.maximumSide, height <= Self.maximumSide else {
            throw CanvasError(.surfaceTooLarge,
                              "image size \(width)x\(height) exceeds cairo's \(Self.maximumSide) px limit; render it in bands")
        }
        guard let created = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw CanvasError(.surfaceCreation, "cairo could not create a \(width)x\(height) surface")
        }
        let status = cairo_surface_status(created)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(created)
            throw CanvasError(.surfaceCreation,
                              "cairo could not create a \(width)x\(height) surface: \(String(cString: cairo_status_to_string(status)))")
        }
        surface = created
        parent = nil
        self.width = width
        self.height = height
    }

    /// Takes ownership of a cairo image surface created elsewhere in this module, converting it to ARGB32.
    convenience init(adopting source: OpaquePointer) throws(CanvasError) {
        defer { cairo_surface_destroy(source) }
        try self.init(width: Int(cairo_image_surface_get_width(source)), height: Int(cairo_image_surface_get_height(source)))
        guard let cr = cairo_create(surface) else { throw CanvasError(.surfaceCreation, "cairo could not copy an image") }
        cairo_set_source_surface(cr, source, 0, 0)
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        cairo_paint(cr)
        cairo_destroy(cr)
    }

    private init(parent: ImageSurface, surface: OpaquePointer, height: Int) {
        self.parent = parent
        self.surface = surface
        self.width = parent.width
        self.height = height
    }

    /// Wraps a surface created over memory that `owner` keeps alive.
    init(borrowing surface: OpaquePointer, from owner: AnyObject, width: Int, height: Int) {
        self.parent = owner
        self.surface = surface
        self.width = width
        self.height = height
    }

    /// A surface over rows `rows` of this one, sharing its pixels, so that bands can be drawn in parallel
    /// by separate contexts. Drawing outside the band is clipped by the band's own bounds.
    public func band(rows: Range<Int>) throws(CanvasError) -> ImageSurface {
        guard rows.lowerBound >= 0, rows.upperBound <= height, !rows.isEmpty else {
            throw CanvasError(.surfaceCreation, "band rows \(rows) outside 0..<\(height)")
        }
        cairo_surface_flush(surface)
        let rowStride = stride
        guard let data = cairo_image_surface_get_data(surface),
              let created = cairo_image_surface_create_for_data(data + rows.lowerBound * rowStride, CAIRO_FORMAT_ARGB32,
                                                                Int32(width), Int32(rows.count), Int32(rowStride)),
              cairo_surface_status(created) == CAIRO_STATUS_SUCCESS
        else {
            throw CanvasError(.surfaceCreation, "cairo could not create a band surface for rows \(rows)")
        }
        return ImageSurface(parent: self, surface: created, height: rows.count)
    }

    deinit {
        cairo_surface_destroy(surface)
    }

    /// Bytes from one row to the next.
    public var stride: Int { Int(cairo_image_surface_get_stride(surface)) }

    /// Gives read access to the pixels (after flushing pending drawing). The pointer must not escape.
    public func withPixels<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        cairo_surface_flush(surface)
        let base = UnsafeRawPointer(cairo_image_surface_get_data(surface))
        return try body(UnsafeRawBufferPointer(start: base, count: stride * height))
    }

    /// Gives write access to the pixels; marks the surface dirty afterwards.
    public func withMutablePixels<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        cairo_surface_flush(surface)
        let base = UnsafeMutableRawPointer(cairo_image_surface_get_data(surface))
        defer { cairo_surface_mark_dirty(surface) }
        return try body(UnsafeMutableRawBufferPointer(start: base, count: stride * height))
    }

    /// A copy of the rectangle (x, y, width, height) of this image, which must lie inside it.
    public func cropped(x: Int, y: Int, width: Int, height: Int) throws(CanvasError) -> ImageSurface {
        guard x >= 0, y >= 0, width > 0, height > 0, x + width <= self.width, y + height <= self.height else {
            throw CanvasError(.surfaceCreation, "crop \(width)x\(height) at (\(x), \(y)) lies outside the \(self.width)x\(self.height) image")
        }
        let copy = try ImageSurface(width: width, height: height)
        guard let cr = cairo_create(copy.surface) else { throw CanvasError(.surfaceCreation, "cairo could not crop an image") }
        cairo_set_source_surface(cr, surface, -Double(x), -Double(y))
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        cairo_paint(cr)
        cairo_destroy(cr)
        return copy
    }

    /// The straight-alpha colour of one pixel, for tests and sampling.
    public func pixel(x: Int, y: Int) -> RGBAColor {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)x\(height)")
        let value: UInt32 = withPixels { $0.load(fromByteOffset: y * stride + x * 4, as: UInt32.self) }
        let a = Double(value >> 24) / 255
        guard a > 0 else { return RGBAColor(red: 0, green: 0, blue: 0, alpha: 0) }
        return RGBAColor(red: Double((value >> 16) & 0xff) / 255 / a, green: Double((value >> 8) & 0xff) / 255 / a,
                         blue: Double(value & 0xff) / 255 / a, alpha: a)
    }
}
