/// The value of `text-field`: plain text, made from a string, a number, a `format` expression or a
/// legacy `{token}` string (whose tokens are replaced by the feature's properties when evaluated).
public struct FormattedText: StylePropertyType {
    /// One run of a `format` expression: text with its own options, or an image set inline.
    public struct Section: Sendable, Hashable {
        /// The run's text; empty for an image.
        public var text: String
        /// The image an `image` section shows, nil for text.
        public var image: String?
        /// `font-scale`, nil for the label's own size.
        public var scale: Double?
        /// `text-font` joined by commas, nil for the layer's fonts.
        public var fontStack: String?
        /// `text-color`, nil for the layer's colour.
        public var color: StyleColor?

        public init(text: String, image: String? = nil, scale: Double? = nil, fontStack: String? = nil, color: StyleColor? = nil) {
            self.text = text
            self.image = image
            self.scale = scale
            self.fontStack = fontStack
            self.color = color
        }
    }

    /// The text of every section, images left out.
    public var text: String
    /// The sections in order; one plain section for text that is not formatted.
    public var sections: [Section]

    public init(_ text: String) {
        self.text = text
        self.sections = [Section(text: text)]
    }

    /// Formatted text of `sections`.
    public init(sections: [Section]) {
        self.sections = sections
        self.text = sections.map(\.text).joined()
    }

    /// Whether any section carries options or an image (plain text has none).
    public var isFormatted: Bool {
        sections.contains { $0.image != nil || $0.scale != nil || $0.fontStack != nil || $0.color != nil }
    }

    public static func literal(_ json: JSONValue) -> FormattedText? {
        if case .string(let v) = json { return FormattedText(v) }
        return nil
    }

    public static func value(_ value: StyleValue) -> FormattedText? {
        switch value {
        case .string(let v): return FormattedText(v)
        case .number, .bool: return String.value(value).map(FormattedText.init)
        case .object: return Format.sections(value).map(FormattedText.init(sections:))
        default: return nil
        }
    }

    public static func interpolate(_ a: FormattedText, _ b: FormattedText, _ t: Double) -> FormattedText { t < 1 ? a : b }
    public static var interpolatable: Bool { false }
    public static var expectation: String { "a string or a format expression" }
    public static var expressionType: ExpressionType { .formatted }
    public static func json(_ value: FormattedText) -> JSONValue { .string(value.text) }

    /// The text with `{name}` tokens replaced by the feature's properties (missing ones by nothing), as
    /// MapLibre reads a legacy token string.
    public func resolvingTokens(_ property: (String) -> StyleValue?) -> String {
        // Bytes, not Foundation's substring search: this runs for every labelled feature.
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            if let value = property(key), let string = String.value(value) { result += string }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
