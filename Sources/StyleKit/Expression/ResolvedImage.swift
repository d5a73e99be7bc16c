/// The value of an `image` expression: an image name, and whether the style's images hold it.
public struct ResolvedImage: Sendable, Hashable {
    public var name: String
    /// Whether `name` is among the available images the expression was evaluated with.
    public var available: Bool

    public init(name: String, available: Bool) {
        self.name = name
        self.available = available
    }

    /// The image named by `name`, or nil for an empty name (no image), as MapLibre reads a name.
    static func named(_ name: String, available images: Set<String>) -> ResolvedImage? {
        name.isEmpty ? nil : ResolvedImage(name: name, available: images.contains(name))
    }
}
