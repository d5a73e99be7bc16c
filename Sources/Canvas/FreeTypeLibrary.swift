import CFreeType
import Foundation

/// The process's FreeType library. FreeType requires that faces of one library are not created or
/// destroyed concurrently, so every such call goes through ``withLock(_:)``.
final class FreeTypeLibrary: @unchecked Sendable {
    // @unchecked: `handle` is only used under `lock`.
    static let shared = FreeTypeLibrary()

    private let lock = NSLock()
    private let handle: FT_Library?

    private init() {
        var library: FT_Library?
        handle = FT_Init_FreeType(&library) == 0 ? library : nil
    }

    func withLock<R>(_ body: (FT_Library?) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(handle)
    }
}
