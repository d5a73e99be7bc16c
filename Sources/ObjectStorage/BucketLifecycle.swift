import Crypto
import Foundation

/// The bucket's lifecycle rule for posters (S3 PutBucketLifecycleConfiguration): objects under the key
/// prefix expire a number of days after upload, as local posters are deleted after `POSTER_RETENTION_DAYS`.
/// S3 replaces a bucket's whole lifecycle configuration at once, so a bucket whose configuration has rules
/// of its own is left alone unless the caller says to replace them.
public enum BucketLifecycle {
    /// The id of CartoPress's rule.
    public static let ruleID = "cartopress-posters"

    /// The configuration document with CartoPress's one rule.
    public static func document(prefix: String, days: Int) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ID>\(ruleID)</ID><Filter><Prefix>\(escaped(prefix))</Prefix></Filter><Status>Enabled</Status><Expiration><Days>\(days)</Days></Expiration></Rule></LifecycleConfiguration>
        """.utf8)
    }

    /// The rule ids in a lifecycle configuration document.
    public static func ruleIDs(in document: [UInt8]) -> [String] {
        values(of: "ID", in: String(decoding: document, as: UTF8.self))
    }

    /// The expiration days in a configuration document, rule by rule.
    public static func expirationDays(in document: [UInt8]) -> [Int] {
        values(of: "Days", in: String(decoding: document, as: UTF8.self)).compactMap { Int($0) }
    }

    static func values(of element: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(element)>"), let close = rest.range(of: "</\(element)>", range: open.upperBound..<rest.endIndex) {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `Content-MD5` of a body, which S3 requires on a lifecycle configuration.
    static func contentMD5(_ body: [UInt8]) -> String {
        Data(Insecure.MD5.hash(data: body)).base64EncodedString()
    }
}

extension S3ObjectStore {
    /// The bucket's lifecycle configuration document, or nil when it has none.
    public func lifecycle() throws(StorageError) -> [UInt8]? {
        let response = try send("GET", key: "", query: [("lifecycle", "")])
        if response.status == 404 { return nil }
        try expectSuccess(response, doing: "reading the bucket's lifecycle configuration")
        return response.body
    }

    /// Sets CartoPress's rule: posters under the key prefix expire `days` after upload.
    /// - Parameter replacingOtherRules: S3 replaces the whole configuration; without this a bucket with rules
    ///   other than CartoPress's is refused, naming them.
    public func applyExpiry(days: Int, replacingOtherRules: Bool = false) throws(StorageError) {
        guard days >= 1 else { throw StorageError(.configuration, "a lifecycle rule expires objects after whole days, 1 or more, not \(days)") }
        if let current = try lifecycle() {
            let others = BucketLifecycle.ruleIDs(in: current).filter { $0 != BucketLifecycle.ruleID }
            if !others.isEmpty && !replacingOtherRules {
                throw StorageError(.configuration, "bucket \(configuration.endpoint.bucket) has lifecycle rules of its own (\(others.joined(separator: ", "))), which setting this rule would replace; add the rule with your store's tools or pass --replace")
            }
        }
        let body = BucketLifecycle.document(prefix: configuration.keyPrefix, days: days)
        let response = try send("PUT", key: "", query: [("lifecycle", "")],
                                headers: [("Content-Type", "application/xml"), ("Content-MD5", BucketLifecycle.contentMD5(body))], body: body)
        try expectSuccess(response, doing: "setting the bucket's lifecycle rule")
    }
}
