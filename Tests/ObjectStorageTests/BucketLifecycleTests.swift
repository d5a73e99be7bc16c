import Foundation
import Testing
import TestSupport
@testable import ObjectStorage

/// The bucket's expiry rule for posters, set on a real S3-compatible server (SeaweedFS on loopback) and read
/// back; a bucket with rules of its own is left alone unless told.
@Suite(.serialized, .tags(.slow)) struct BucketLifecycleTests {
    @Test func theDocumentIsS3sLifecycleConfiguration() {
        let document = String(decoding: BucketLifecycle.document(prefix: "posters/<&>", days: 7), as: UTF8.self)
        #expect(document.contains(#"<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#))
        #expect(document.contains("<Rule><ID>cartopress-posters</ID><Filter><Prefix>posters/&lt;&amp;&gt;</Prefix></Filter><Status>Enabled</Status><Expiration><Days>7</Days></Expiration></Rule>"))
        #expect(BucketLifecycle.ruleIDs(in: Array(document.utf8)) == ["cartopress-posters"])
        #expect(BucketLifecycle.expirationDays(in: Array(document.utf8)) == [7])
        // Content-MD5 is base64 of the MD5 digest (RFC 1864): the empty body's is well known.
        #expect(BucketLifecycle.contentMD5([]) == "1B2M2Y8AsgTpgAmY7PhCfg==")
    }

    @Test func theRuleIsSetReadBackAndOtherRulesAreKept() throws {
        let server = try TestS3Server()
        defer { server.stop() }
        let store = try S3ObjectStoreTests.store(server)
        try store.applyExpiry(days: 7)
        let document = try #require(try store.lifecycle(), "the server kept no lifecycle configuration")
        #expect(BucketLifecycle.ruleIDs(in: document) == [BucketLifecycle.ruleID])
        #expect(BucketLifecycle.expirationDays(in: document) == [7])
        // Setting it again (another retention) replaces CartoPress's own rule.
        try store.applyExpiry(days: 3)
        #expect(BucketLifecycle.expirationDays(in: try #require(try store.lifecycle())) == [3])
        #expect(throws: StorageError.self) { try store.applyExpiry(days: 0) }

        // An operator's own rule: setting CartoPress's would replace it, so it is refused, naming it.
        let foreign = Array(String(decoding: BucketLifecycle.document(prefix: "archive/", days: 30), as: UTF8.self)
            .replacingOccurrences(of: BucketLifecycle.ruleID, with: "archive-expiry").utf8)
        let put = try store.send("PUT", key: "", query: [("lifecycle", "")],
                                 headers: [("Content-Type", "application/xml"), ("Content-MD5", BucketLifecycle.contentMD5(foreign))], body: foreign)
        #expect(put.isSuccess)
        let refused = #expect(throws: StorageError.self) { try store.applyExpiry(days: 7) }
        #expect(refused?.message.contains("has lifecycle rules of its own (archive-expiry)") == true, "\(String(describing: refused))")
        try store.applyExpiry(days: 7, replacingOtherRules: true)
        #expect(BucketLifecycle.ruleIDs(in: try #require(try store.lifecycle())) == [BucketLifecycle.ruleID])
    }
}
