public import Canvas
import Foundation

/// What one render needs warm: its own font catalogue (HarfBuzz and FreeType objects with their glyph
/// caches, never shared between threads) and the pixel buffer bands are drawn into.
public final class RenderContext: @unchecked Sendable {
    // @unchecked: a context is used by one render at a time, handed over by the pool under its lock.
    public let id: Int
    public let fonts: FontCatalog
    /// Renders done with this context; the pool recycles it after a configured number.
    public internal(set) var renders = 0
    var lastUsed = Date()

    /// The pixel buffer posters are drawn into band by band; a poster wider than its rows hold is drawn
    /// in several bands, so the context's memory does not grow with the poster.
    public let bands: BandBuffer

    public init(id: Int, fontsDirectory: String, bandPixels: Int) throws(CanvasError) {
        self.id = id
        fonts = try FontCatalog(directory: fontsDirectory)
        // Pre-warmed: every face loaded now, not by the context's first posters.
        try fonts.loadAll()
        bands = try BandBuffer(pixels: bandPixels)
    }
}
