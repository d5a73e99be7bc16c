import Canvas
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

    public init(id: Int, fontsDirectory: String) throws(CanvasError) {
        self.id = id
        fonts = try FontCatalog(directory: fontsDirectory)
    }
}
