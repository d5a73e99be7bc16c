/// The CartoPress settings a catalogue style carries in its root `metadata`.
extension Style {
    /// The style's place in the catalogue's listing (`cartopress:order`): carto-art's order.
    public var order: Int? {
        if case .number(let n)? = metadataField("cartopress:order") { return Int(n) }
        return nil
    }

    /// The font the style's posters title in unless the request names one (`cartopress:title-font`).
    public var titleFont: FontChoice? { fontChoice("cartopress:title-font") }

    /// The font of the subtitle (`cartopress:subtitle-font`).
    public var subtitleFont: FontChoice? { fontChoice("cartopress:subtitle-font") }

    /// A family and a CSS weight (100-900).
    public struct FontChoice: Sendable, Hashable {
        public var family: String
        public var weight: Int
    }

    private func fontChoice(_ key: String) -> FontChoice? {
        guard case .object(let fields)? = metadataField(key), case .string(let family)? = fields["family"] else { return nil }
        var weight = 400
        if case .number(let w)? = fields["weight"] { weight = Int(w) }
        return FontChoice(family: family, weight: weight)
    }

    private func metadataField(_ key: String) -> JSONValue? {
        if case .object(let fields)? = metadata { return fields[key] }
        return nil
    }
}
