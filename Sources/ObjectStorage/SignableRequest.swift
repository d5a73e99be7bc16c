/// An HTTP request as Signature Version 4 sees it. The path is given decoded (`/my bucket/a+b=c.png`) and
/// is percent-encoded by the signer, so that the URL sent and the URL signed cannot disagree; query items
/// are given decoded too.
public struct SignableRequest: Sendable, Hashable {
    public var method: String
    /// The decoded path, starting with `/`.
    public var path: String
    /// Decoded query items, in any order (the signer sorts them).
    public var query: [(name: String, value: String)]
    /// Header fields in any case and order; repeated names are joined with commas when signed.
    public var headers: [(name: String, value: String)]

    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// The value of a header (the first, by case-insensitive name).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The path as sent on the wire: every byte outside RFC 3986's unreserved set and `/` percent-encoded.
    public var encodedPath: String { SigV4Encoding.encode(path, keepSlash: true) }

    /// The query string as sent on the wire, in the signer's canonical order.
    public var encodedQuery: String { SigV4Encoding.canonicalQuery(query) }

    public static func == (lhs: SignableRequest, rhs: SignableRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path
            && lhs.query.elementsEqual(rhs.query, by: { $0 == $1 }) && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
        for item in query { hasher.combine(item.name); hasher.combine(item.value) }
        for field in headers { hasher.combine(field.name); hasher.combine(field.value) }
    }
}
