import Canvas

extension PosterDesign {
    /// The title's weight as CSS numbers it, 100 (thin) to 900 (black) in hundreds, with CSS's names. A
    /// family without that weight sets in its nearest (carto-art's 800 sets in the 700 it loads).
    public struct TitleWeight: Sendable, Hashable, Codable {
        /// 100 to 900, a multiple of 100.
        public let value: Int

        /// Nil unless `value` is 100 to 900 in hundreds.
        public init?(_ value: Int) {
            guard (100...900).contains(value), value % 100 == 0 else { return nil }
            self.value = value
        }

        /// A weight by its name (`bold`, `extrabold`, `semi-bold`, `heavy`; case and separators ignored): the
        /// words font names use, as the font resolver reads them.
        public init?(name: String) {
            guard let value = FontStackResolver.weight(named: name) else { return nil }
            self.value = value
        }

        /// The weights' names as font files spell them, lightest first.
        public static let names: [(value: Int, name: String)] = [
            (100, "Thin"), (200, "ExtraLight"), (300, "Light"), (400, "Regular"), (500, "Medium"), (600, "SemiBold"), (700, "Bold"),
            (800, "ExtraBold"), (900, "Black"),
        ]

        /// The weight's name as font files spell it (`ExtraBold`).
        public var name: String { Self.names.first { $0.value == value }?.name ?? "Regular" }

        public static let thin = TitleWeight(100)!
        public static let light = TitleWeight(300)!
        public static let regular = TitleWeight(400)!
        public static let medium = TitleWeight(500)!
        public static let semibold = TitleWeight(600)!
        public static let bold = TitleWeight(700)!
        public static let extrabold = TitleWeight(800)!
        public static let black = TitleWeight(900)!

        /// Encoded as its number; a name (as payloads queued before numbers were) decodes too.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self), let weight = TitleWeight(number) {
                self = weight
            } else if let text = try? container.decode(String.self), let weight = TitleWeight(name: text) {
                self = weight
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a title weight is 100 to 900 in hundreds, or a name such as bold")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }
}
