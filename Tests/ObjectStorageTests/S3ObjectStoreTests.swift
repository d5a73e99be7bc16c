import Foundation
import HTTPTransport
import Testing
import TestSupport
@testable import ObjectStorage

/// The S3 store against a real S3-compatible server that checks signatures (SeaweedFS on loopback).
@Suite(.serialized, .tags(.slow)) struct S3ObjectStoreTests {
    static func store(_ server: TestS3Server, secret: String = TestS3Server.secretKey,
                      _ adjust: (inout S3Configuration) -> Void = { _ in }) throws -> S3ObjectStore {
        var configuration = S3Configuration(endpoint: try S3Endpoint(endpoint: server.endpoint, bucket: server.bucket, addressing: .path),
                                            region: "us-east-1",
                                            credentials: AWSCredentials(accessKeyID: TestS3Server.accessKey, secretAccessKey: secret))
        configuration.keyPrefix = "posters/"
        adjust(&configuration)
        return try S3ObjectStore(configuration: configuration)
    }

    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        // A fixed xorshift sequence: incompressible, and the same on every run.
        var state = seed | 1
        var bytes = [UInt8](repeating: 0, count: count)
        for i in stride(from: 0, to: count, by: 8) {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            withUnsafeBytes(of: state) { word in for j in 0..<min(8, count - i) { bytes[i + j] = word[j] } }
        }
        return bytes
    }

    @Test func objectsOf1KB5MBAnd100MBRoundTripByteForByte() throws {
        let server = try TestS3Server()
        let store = try Self.store(server)
        for (size, name) in [(1 << 10, "small.png"), (5 << 20, "medium.png"), (100 << 20, "large.png")] {
            let bytes = Self.randomBytes(size, seed: UInt64(size))
            let url = try store.put(name: name, bytes: bytes, contentType: "image/png")
            #expect(url.contains("/posters/posters/\(name)?") && url.contains("X-Amz-Signature="))
            let back = try store.get(key: "posters/\(name)")
            #expect(back.count == bytes.count)
            #expect(back == bytes, "\(name) came back different")
            let head = try #require(try store.head(key: "posters/\(name)"))
            #expect(head.header("Content-Length") == String(size))
            #expect(head.header("Content-Type") == "image/png")
            #expect(head.header("Cache-Control") == "public, max-age=31536000, immutable")
            // 100 MB is past the multipart threshold: S3 marks multipart ETags with the part count.
            let etag = head.header("ETag") ?? ""
            #expect(size >= store.configuration.multipartThreshold ? etag.hasSuffix("-13\"") : !etag.contains("-"), "ETag \(etag)")
        }
    }

    @Test func aRetriedUploadOverwritesTheSameObject() throws {
        let server = try TestS3Server()
        let store = try Self.store(server)
        _ = try store.put(name: "job_1.png", bytes: Array("first".utf8), contentType: "image/png")
        _ = try store.put(name: "job_1.png", bytes: Array("second".utf8), contentType: "image/png")
        #expect(try store.get(key: "posters/job_1.png") == Array("second".utf8))
    }

    @Test func keysWithAwkwardCharactersRoundTrip() throws {
        let server = try TestS3Server()
        let store = try Self.store(server) { $0.keyPrefix = "" }
        for key in ["a b=c+d~e%f/ääkkönen.png", "x/!'()*$&,;:@[]^{}|.pdf", "日本語/キー.png", "plus+plus==equals"] {
            let bytes = Array("poster \(key)".utf8)
            let url = try store.put(name: key, bytes: bytes, contentType: "application/pdf")
            #expect(try store.get(key: key) == bytes, "\(key)")
            // The presigned URL of the same key downloads it too.
            let response = try CurlTransport().send(HTTPRequest(url: url))
            #expect(response.status == 200 && response.body == bytes, "presigned \(key): \(response.status)")
        }
    }

    @Test func aWrongSecretIsRefusedWithAMessageSayingWhatToCheck() throws {
        let server = try TestS3Server()
        let store = try Self.store(server, secret: "not-the-secret")
        do {
            _ = try store.put(name: "x.png", bytes: [1, 2, 3], contentType: "image/png")
            Issue.record("an upload signed with the wrong secret was accepted")
        } catch {
            #expect(error.code == .refused)
            #expect(error.message.contains("SignatureDoesNotMatch") && error.message.contains("HTTP 403"), "\(error)")
            #expect(error.message.contains("CARTOPRESS_S3_SECRET_ACCESS_KEY"), "\(error)")
        }
        guard case .failure(let error) = store.check() else {
            Issue.record("the readiness check passed with a wrong secret")
            return
        }
        #expect(error.code == .refused)
        // Nothing was stored by the refused upload.
        #expect(try Self.store(server).head(key: "posters/x.png") == nil)
    }

    @Test func presignedURLsWorkAndExpire() throws {
        let server = try TestS3Server()
        let store = try Self.store(server)
        let bytes = Self.randomBytes(10_000, seed: 7)
        try store.upload(key: "posters/p.png", bytes: bytes, contentType: "image/png")
        let transport = CurlTransport(configuration: { var c = TransportConfiguration(); c.retry = .none; return c }())
        let fresh = try transport.send(HTTPRequest(url: store.presignedURL(key: "posters/p.png", expires: 600)))
        #expect(fresh.status == 200 && fresh.body == bytes)
        #expect(fresh.header("Content-Type") == "image/png")

        let shortLived = store.presignedURL(key: "posters/p.png", expires: 1)
        Thread.sleep(forTimeInterval: 2.2)
        let expired = try transport.send(HTTPRequest(url: shortLived))
        #expect(expired.status == 403)
        #expect(String(decoding: expired.body, as: UTF8.self).contains("expired"), "\(String(decoding: expired.body, as: UTF8.self))")
        // A tampered signature is refused as well.
        let tampered = store.presignedURL(key: "posters/p.png", expires: 600).replacingOccurrences(of: "X-Amz-Expires=600", with: "X-Amz-Expires=601")
        #expect(try transport.send(HTTPRequest(url: tampered)).status == 403)
    }

    @Test func theReadinessCheckNamesAMissingBucket() throws {
        let server = try TestS3Server()
        #expect(throws: Never.self) { try Self.store(server).check().get() }
        let missing = try S3ObjectStore(configuration: {
            var c = try Self.store(server).configuration
            c.endpoint = try S3Endpoint(endpoint: server.endpoint, bucket: "no-such-bucket", addressing: .path)
            return c
        }())
        guard case .failure(let error) = missing.check() else {
            Issue.record("a missing bucket passed the readiness check")
            return
        }
        #expect(error.code == .refused && error.message.contains("no-such-bucket") && error.message.contains("CARTOPRESS_S3_BUCKET"), "\(error)")
        do {
            _ = try missing.put(name: "x.png", bytes: [1], contentType: "image/png")
            Issue.record("an upload to a missing bucket succeeded")
        } catch {
            #expect(error.message.contains("NoSuchBucket"), "\(error)")
        }
    }

    @Test func aServerThatIsDownIsReportedAsUnavailableAndWorksWhenBack() throws {
        let port = try TestS3Server.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-s3-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = S3Configuration(endpoint: try S3Endpoint(endpoint: "http://127.0.0.1:\(port)", bucket: "posters", addressing: .path),
                                            region: "us-east-1",
                                            credentials: AWSCredentials(accessKeyID: TestS3Server.accessKey, secretAccessKey: TestS3Server.secretKey))
        configuration.keyPrefix = "posters/"
        var transport = TransportConfiguration()
        transport.retry = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05)
        let store = try S3ObjectStore(configuration: configuration, transport: CurlTransport(configuration: transport))
        do {
            _ = try store.put(name: "down.png", bytes: [1, 2, 3], contentType: "image/png")
            Issue.record("an upload to a server that is down succeeded")
        } catch {
            #expect(error.code == .unavailable && error.message.contains("127.0.0.1:\(port)"), "\(error)")
        }
        let server = try TestS3Server(port: port, directory: directory)
        #expect(server.port == port)
        _ = try store.put(name: "down.png", bytes: [1, 2, 3], contentType: "image/png")
        #expect(try store.get(key: "posters/down.png") == [1, 2, 3])
    }

    @Test func aPublicBaseURLReplacesPresigning() throws {
        var configuration = S3Configuration(endpoint: try S3Endpoint(endpoint: "https://s3.eu-north-1.amazonaws.com", bucket: "prints", addressing: .virtualHost),
                                            region: "eu-north-1", credentials: AWSCredentials(accessKeyID: "AK", secretAccessKey: "SK"))
        configuration.publicBaseURL = "https://cdn.example.com/p/"
        let store = try S3ObjectStore(configuration: configuration)
        #expect(store.downloadURL(key: "posters/job_1 a+b.png") == "https://cdn.example.com/p/posters/job_1%20a%2Bb.png")
        configuration.publicBaseURL = nil
        let presigning = try S3ObjectStore(configuration: configuration)
        let url = presigning.downloadURL(key: "posters/job_1.png", now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(url.hasPrefix("https://prints.s3.eu-north-1.amazonaws.com/posters/job_1.png?X-Amz-Algorithm=AWS4-HMAC-SHA256"))
        #expect(url.contains("X-Amz-Expires=604800") && url.contains("X-Amz-Credential=AK%2F20270115%2Feu-north-1%2Fs3%2Faws4_request"))
    }

    @Test func settingsS3WouldRefuseAreCaughtFirst() throws {
        let endpoint = try S3Endpoint(endpoint: "http://127.0.0.1:9000", bucket: "b", addressing: .path)
        var configuration = S3Configuration(endpoint: endpoint, region: "us-east-1", credentials: AWSCredentials(accessKeyID: "AK", secretAccessKey: "SK"))
        configuration.partSize = 1 << 20
        #expect(throws: StorageError.self) { try S3ObjectStore(configuration: configuration) }
        configuration.partSize = 8 << 20
        configuration.presignExpiry = 8 * 86_400
        do {
            _ = try S3ObjectStore(configuration: configuration)
            Issue.record("an 8-day presigned URL lifetime was accepted")
        } catch {
            #expect(error.code == .configuration && error.message.contains("604800"))
        }
    }
}
