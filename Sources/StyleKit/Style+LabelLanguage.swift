extension Style {
    /// The style with every label that shows a place's name (a `text-field` reading `name`, `name:xx` or
    /// `name_xx`, as an expression or a `{token}`) showing it in `language` instead; other labels (heights,
    /// road numbers) are left as they are.
    public func applying(labelLanguage language: LabelLanguage) -> Style {
        var copy = self
        let field = language.textField
        let parser = PropertyParser(diagnostics: StyleDiagnostics(file: "label language"))
        for i in copy.layers.indices {
            guard copy.layers[i].type == .symbol, let current = copy.layers[i].rawLayout["text-field"], Self.readsNames(current),
                  let parsed = parser.parse(field, as: FormattedText.self, path: "layers[\(i)].layout.text-field", fallback: FormattedText(""))
            else { continue }
            copy.layers[i].rawLayout["text-field"] = field
            copy.layers[i].symbol?.textField = parsed
            copy.layers[i].symbol?.textFieldIsTokenString = false
        }
        return copy
    }

    /// Whether a `text-field` value reads a name property.
    static func readsNames(_ value: JSONValue) -> Bool {
        func isName(_ key: String) -> Bool { key == "name" || key.hasPrefix("name:") || key.hasPrefix("name_") }
        switch value {
        case .string(let text):
            // Tokens: "{name}", "{name:latin}\n{name:nonlatin}".
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "}") else { break }
                if isName(String(after[..<close])) { return true }
                rest = after[after.index(after: close)...]
            }
            return false
        case .array(let items):
            if items.count == 2, case .string("get") = items[0], case .string(let key) = items[1], isName(key) { return true }
            return items.contains(where: readsNames)
        case .object(let object):
            return object.values.contains(where: readsNames)
        default:
            return false
        }
    }
}
