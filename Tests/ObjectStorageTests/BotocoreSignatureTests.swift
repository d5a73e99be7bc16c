import Foundation
import Testing
@testable import ObjectStorage

/// Our signatures against botocore's for the same S3 requests (`Tests/Fixtures/botocore-sigv4.json`, made by
/// `scripts/botocore_sigv4_vectors.py`): fixed credentials whose secret holds `/`, `+` and `=`, a fixed time,
/// and object keys with spaces, `=`, `+`, `~`, `%` and non-ASCII characters, path-style and virtual-hosted.
@Suite(.tags(.slow), .tags(.slow)) struct BotocoreSignatureTests {
    struct Vectors: Decodable {
        struct Case: Decodable {
            var operation: String
            var addressing: String
            var key: String
            var method: String
            var host: String
            var path: String
            var query: String
            var signed_headers: [String: String]?
            var authorization: String?
            var expires: Int?
        }
        var time: String
        var access_key_id: String
        var secret_access_key: String
        var region: String
        var bucket: String
        var endpoint: String
        var body: String
        var cases: [Case]
    }

    static let vectors: Vectors = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/botocore-sigv4.json")
        return try! JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }()

    static var caseNames: [String] { vectors.cases.map { "\($0.operation) \($0.addressing) \($0.key)" } }

    @Test(arguments: caseNames)
    func signatureMatchesBotocore(_ name: String) throws {
        let v = Self.vectors
        let c = try #require(v.cases.first { "\($0.operation) \($0.addressing) \($0.key)" == name })
        let endpoint = try S3Endpoint(endpoint: v.endpoint, bucket: v.bucket, addressing: c.addressing == "path" ? .path : .virtualHost)
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: v.access_key_id, secretAccessKey: v.secret_access_key),
                                 region: v.region)
        let date = try #require(ISO8601DateFormatter().date(from: v.time))
        #expect(endpoint.requestHost == c.host)
        var request = SignableRequest(method: c.method, path: endpoint.path(key: c.key), headers: [("Host", endpoint.requestHost)])
        // The same bytes on the wire as botocore sends.
        #expect(request.encodedPath == c.path)
        if let expires = c.expires {
            let signed = signer.presign(request, expires: expires, date: date)
            let ours = Set(signed.request.encodedQuery.split(separator: "&").map(String.init))
            let theirs = Set(c.query.split(separator: "&").map(String.init))
            #expect(ours == theirs)
        } else {
            for (name, value) in (c.signed_headers ?? [:]) where !["x-amz-date", "x-amz-content-sha256"].contains(name) {
                request.headers.append((name, value))
            }
            let signed = signer.sign(request, payloadHash: SigV4Signer.hash(Data(v.body.utf8)), date: date)
            #expect(signed.request.header("Authorization") == c.authorization)
            #expect(signed.request.header("x-amz-content-sha256") == c.signed_headers?["x-amz-content-sha256"])
        }
    }

    @Test func theVectorsCoverTheAwkwardKeys() {
        let keys = Set(Self.vectors.cases.map(\.key)).joined()
        for character in [" ", "=", "+", "~", "%", "ä", "日"] { #expect(keys.contains(character)) }
        #expect(Self.vectors.secret_access_key.contains("+") && Self.vectors.secret_access_key.contains("="))
        #expect(Self.vectors.cases.count == 36)
    }
}
