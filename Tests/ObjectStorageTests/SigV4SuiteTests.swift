import Foundation
import Testing
@testable import ObjectStorage

/// The AWS Signature Version 4 test suite (from aws-c-auth, in `Tests/Fixtures/aws-sigv4`): for every case,
/// the canonical request, the string to sign and the signature, for header and for query (presigned) signing.
@Suite struct SigV4SuiteTests {
    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/aws-sigv4")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: suite.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: suite.appendingPathComponent("\($0)/request.txt").path) }
            .sorted()
    }

    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int?
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    /// Reads `request.txt`: a request line, header lines (a line starting with whitespace continues the
    /// previous value), a blank line and the body.
    static func request(_ text: String) throws -> (SignableRequest, body: String) {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        let method = String(requestLine[0])
        // The target is everything between the method and the protocol (paths may contain spaces).
        let target = requestLine.dropFirst().dropLast().joined(separator: " ")
        var headers: [(name: String, value: String)] = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody { bodyLines.append(line); continue }
            if line.isEmpty { inBody = true; continue }
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else {
                let colon = try #require(line.firstIndex(of: ":"))
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let path: String, query: String
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = ""
        }
        return (SignableRequest(method: method, path: path, query: SigV4Encoding.parseQuery(query), headers: headers),
                bodyLines.joined(separator: "\n"))
    }

    static func read(_ name: String, _ file: String) -> String? {
        (try? String(contentsOf: suite.appendingPathComponent("\(name)/\(file)"), encoding: .utf8))
            .map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }
    }

    @Test func theSuiteIsThere() {
        #expect(Self.cases.count == 38, "\(Self.cases)")
    }

    @Test(arguments: cases)
    func headerSigning(_ name: String) throws {
        let context = try JSONDecoder().decode(Context.self, from: Data(try #require(Self.read(name, "context.json")).utf8))
        let (request, body) = try Self.request(try #require(Self.read(name, "request.txt")))
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: context.credentials.access_key_id,
                                                             secretAccessKey: context.credentials.secret_access_key,
                                                             sessionToken: context.credentials.token),
                                 region: context.region, service: context.service)
        let signed = signer.sign(request, payloadHash: SigV4Signer.hash(Data(body.utf8)), date: date,
                                 sendPayloadHash: context.sign_body, normalizePath: context.normalize,
                                 signSessionToken: !(context.omit_session_token ?? false))
        if let expected = Self.read(name, "header-canonical-request.txt") { #expect(signed.canonicalRequest == expected) }
        if let expected = Self.read(name, "header-string-to-sign.txt") { #expect(signed.stringToSign == expected) }
        let signature = try #require(Self.read(name, "header-signature.txt"))
        #expect(signed.signature == signature)
    }

    @Test(arguments: cases)
    func querySigning(_ name: String) throws {
        let context = try JSONDecoder().decode(Context.self, from: Data(try #require(Self.read(name, "context.json")).utf8))
        let (request, body) = try Self.request(try #require(Self.read(name, "request.txt")))
        guard let signature = Self.read(name, "query-signature.txt") else { return }
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: context.credentials.access_key_id,
                                                             secretAccessKey: context.credentials.secret_access_key,
                                                             sessionToken: context.credentials.token),
                                 region: context.region, service: context.service)
        let signed = signer.presign(request, expires: context.expiration_in_seconds ?? 3600, date: date,
                                    payloadHash: SigV4Signer.hash(Data(body.utf8)), normalizePath: context.normalize,
                                    signSessionToken: !(context.omit_session_token ?? false))
        if let expected = Self.read(name, "query-canonical-request.txt") { #expect(signed.canonicalRequest == expected) }
        if let expected = Self.read(name, "query-string-to-sign.txt") { #expect(signed.stringToSign == expected) }
        #expect(signed.signature == signature)
    }
}
