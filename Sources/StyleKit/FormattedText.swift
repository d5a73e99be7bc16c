/// The value of `text-field`: plain text, made from a string, a number, a `format` expression or a
/// legacy `{token}` string (whose tokens are replaced by the feature's properties when evaluated).
public struct FormattedText: StylePropertyType {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    public static func literal(_ json: JSONValue) -> FormattedText? {
        if case .string(let v) = json { return FormattedText(v) }
        return nil
    }

    public static func value(_ value: StyleValue) -> FormattedText? {
        switch value {
        case .string(let v): return FormattedText(v)
        case .number, .bool: return String.value(value).map(FormattedText.init)
        case .object: return Format.plainText(value).map(FormattedText.init)
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
        guard text.contains("{") else { return text }
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
