import CCairo

/// A single-page PDF drawn by cairo into memory, with fonts embedded as subsets.
///
/// Sizes are in PDF points (1/72 in); the caller scales its drawing from pixels at its DPI.
public final class PDFDocument {
    let surface: OpaquePointer
    private let sink: ByteSink

    /// Collects what cairo writes. A class so that cairo's C callback can reach it through an opaque pointer.
    private final class ByteSink {
        var bytes: [UInt8] = []
    }

    public init(widthPoints: Double, heightPoints: Double, title: String? = nil) throws(CanvasError) {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let created = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, closure, widthPoints, heightPoints), cairo_surface_status(created) == CAIRO_STATUS_SUCCESS else {
            throw CanvasError(.pdfEncoding, "cairo could not create a \(widthPoints)x\(heightPoints) pt PDF")
        }
        surface = created
        self.sink = sink
        // A fixed creation date keeps output byte-identical for identical input.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "CartoPress")
        if let title {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        }
    }

    deinit {
        cairo_surface_destroy(surface)
    }

    /// Finishes the document and returns its bytes. Drawing contexts must be released first.
    public func finish() throws(CanvasError) -> [UInt8] {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CanvasError(.pdfEncoding, "PDF: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.bytes
    }
}
