/// One tile of the style package as a browser fetches it: the bytes as the source holds them
/// (decompressed) and the media type they are.
public struct BrowserTile: Sendable, Equatable {
    public var bytes: [UInt8]
    public var contentType: String
    /// How long the source says the tile may be cached, in seconds; nil for the service's default.
    public var maxAge: Double?

    public init(bytes: [UInt8], contentType: String, maxAge: Double? = nil) {
        self.bytes = bytes
        self.contentType = contentType
        self.maxAge = maxAge
    }
}
