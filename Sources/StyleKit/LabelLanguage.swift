/// The language labels are written in: a BCP 47 tag (`ja`, `zh-Hans`, `pt-BR`) whose OpenStreetMap names
/// (`name:ja`) are shown where the data has them, else the Latin-script name, else the local one; or
/// ``local``, the names as mapped (`name`).
public struct LabelLanguage: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The tag as given, or `local`.
    public let tag: String

    /// The names as mapped, in the place's own language and script.
    public static let local = LabelLanguage(checked: "local")

    /// What a valid value looks like, for error messages.
    public static let expected = "a language tag such as ja, zh-Hans or pt-BR, or local (the names as mapped)"

    /// The values ``init(_:)`` accepts, as a regular expression (the API document's schema).
    public static let pattern = "^(local|[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?)$"

    private init(checked tag: String) { self.tag = tag }

    /// The language for `tag`, or nil if it is neither `local` nor a language tag: a primary language of 2
    /// or 3 letters, then optionally a 4-letter script and a 2-letter or 3-digit region (`sr-Latn-RS`).
    public init?(_ tag: String) {
        if tag == "local" {
            self.tag = tag
            return
        }
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        func letters(_ part: Substring, _ counts: ClosedRange<Int>) -> Bool {
            counts.contains(part.count) && part.allSatisfy { $0.isASCII && $0.isLetter }
        }
        guard let primary = parts.first, letters(primary, 2...3), parts.count <= 3 else { return nil }
        var rest = parts.dropFirst()
        if let script = rest.first, letters(script, 4...4) { rest = rest.dropFirst() }
        if let region = rest.first {
            guard letters(region, 2...2) || (region.count == 3 && region.allSatisfy { $0.isASCII && $0.isNumber }) else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.isEmpty else { return nil }
        self.tag = tag
    }

    public var description: String { tag }

    /// The `text-field` that shows names in this language: `name:xx`, then `name:latin`, then `name`.
    public var textField: JSONValue {
        func get(_ key: String) -> JSONValue { .array([.string("get"), .string(key)]) }
        if self == .local { return get("name") }
        return .array([.string("coalesce"), get("name:\(tag)"), get("name:latin"), get("name")])
    }

    public init(from decoder: any Decoder) throws {
        let tag = try decoder.singleValueContainer().decode(String.self)
        guard let language = LabelLanguage(tag) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(tag) is not \(Self.expected)"))
        }
        self = language
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(tag)
    }
}
