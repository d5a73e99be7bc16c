import Canvas
import Foundation

/// The repository's Fonts/ directory, found from this file's location.
enum TestFonts {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fonts").path

    static let catalog: FontCatalog = {
        do { return try FontCatalog(directory: directory) } catch { fatalError("bundled fonts must load: \(error)") }
    }()
}
