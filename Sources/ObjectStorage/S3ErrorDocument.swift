/// The `<Error><Code>…</Code><Message>…</Message></Error>` document S3 answers a failed request with.
struct S3ErrorDocument: Sendable, Equatable {
    var code: String?
    var message: String?

    init(_ body: [UInt8]) {
        let text = String(decoding: body.prefix(16_384), as: UTF8.self)
        code = Self.element("Code", in: text)
        message = Self.element("Message", in: text)
    }

    /// The text of the first `<name>` element; S3's error documents are flat, so no XML parser is needed.
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `SignatureDoesNotMatch: The request signature we calculated does not match …`, or the status alone.
    func summary(status: Int) -> String {
        switch (code, message) {
        case let (code?, message?): "\(code): \(message) (HTTP \(status))"
        case let (code?, nil): "\(code) (HTTP \(status))"
        default: "HTTP \(status)"
        }
    }
}
