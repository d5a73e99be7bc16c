/// Whether a symbol may cover others (`text-overlap`, `icon-overlap`, or the older `*-allow-overlap`).
enum OverlapMode: Sendable, Equatable {
    /// Placed only where nothing placed before it lies.
    case never
    /// Placed whatever lies beneath.
    case always
    /// Placed over symbols that allow overlap themselves, never over those placed with `never`.
    case cooperative

    /// The mode a style asks for: `*-overlap` when set, else `*-allow-overlap`.
    init(overlap: String?, allowOverlap: Bool) {
        switch overlap {
        case "always": self = .always
        case "cooperative": self = .cooperative
        case "never": self = .never
        default: self = allowOverlap ? .always : .never
        }
    }
}
