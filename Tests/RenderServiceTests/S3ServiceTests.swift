import Canvas
import Foundation
import HTTPTransport
import HummingbirdTesting
import Testing
import TestSupport
@testable import RenderService

/// The service uploading to a real S3-compatible server: an outage makes the job retry, and it completes
/// once the server is back; the download URL is presigned and serves the poster.
@Suite(.tags(.slow), .tags(.slow)) struct S3ServiceTests {
    @Test func aJobWaitsOutAStorageOutageAndCompletesWhenTheServerIsBack() async throws {
        // Held while the server is down, so that no other test's server answers on it meanwhile.
        let reservation = try PortReservation()
        let port = reservation.port
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-s3-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The bucket exists before the outage, as it does in production: a first server (on another port)
        // makes it in `directory`, where the server that comes back finds it from its first request. A bucket
        // made only as the server comes back raced the job's next retry, which then met NoSuchBucket.
        try TestS3Server(port: 0, directory: directory).stop()
        let configuration = ServiceHarness.configuration {
            $0.s3 = ServiceHarness.s3(port: port)
            $0.retryBaseSeconds = 1
            $0.outageRetryCapSeconds = 2
            // One attempt: an outage must not use it up.
            $0.maxAttempts = 1
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            #expect(runtime.store.summary.contains("s3 bucket posters at http://127.0.0.1:\(port)"))
            let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                    body: ServiceHarness.body(PosterAPITests.helsinki)) { ServiceHarness.object($0.body) }
            let id = try #require(accepted["job_id"] as? String)
            // The server is down: the upload fails and the job is retrying, with the reason.
            var status: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                status = try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: .get) { ServiceHarness.object($0.body) }
                if status["status"] as? String == "retrying" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(status["status"] as? String == "retrying", "\(status)")
            let error = try #require(status["error"] as? [String: Any])
            #expect(error["code"] as? String == "storage" && (error["message"] as? String)?.contains("127.0.0.1:\(port)") == true, "\(error)")
            let ready = try await client.execute(uri: "/readyz", method: .get) { $0.status }
            #expect(ready == .serviceUnavailable)

            reservation.release()
            let server = try TestS3Server(port: port, directory: directory)
            let job = try await ServiceHarness.waitForJob(client, id: id, timeout: 90)
            #expect(job["status"] as? String == "completed", "\(job)")
            #expect(job["attempts"] as? Int == 1, "the outage used up attempts: \(job)")
            let result = try #require(job["result"] as? [String: Any])
            let url = try #require(result["download_url"] as? String)
            #expect(url.hasPrefix("http://127.0.0.1:\(port)/posters/posters/\(id).png?") && url.contains("X-Amz-Expires=604800"))
            let download = try CurlTransport().send(HTTPRequest(url: url))
            #expect(download.status == 200 && download.header("Content-Type") == "image/png")
            #expect(download.body.count == result["file_size"] as? Int)
            let image = try PNGDecoder.decode(download.body)
            #expect(image.width == 600 && image.height == 900)
            #expect(try await client.execute(uri: "/readyz", method: .get) { $0.status } == .ok)
            server.stop()
        }
    }

    @Test func s3SettingsAreReadKeyByKeyWithClearErrors() throws {
        let good = try ServiceConfiguration.from(values: ["s3_endpoint": "https://s3.eu-north-1.amazonaws.com", "s3_bucket": "prints",
                                                          "s3_region": "eu-north-1", "s3_access_key_id": "AK", "s3_secret_access_key": "SK",
                                                          "s3_presign_seconds": "3600", "s3_public_base_url": "https://cdn.example.com"])
        let s3 = try #require(try good.s3Configuration())
        #expect(s3.endpoint.addressing == .virtualHost && s3.endpoint.requestHost == "prints.s3.eu-north-1.amazonaws.com")
        #expect(s3.presignExpiry == 3600 && s3.keyPrefix == "posters/" && s3.publicBaseURL == "https://cdn.example.com")
        let minio = try ServiceConfiguration.from(values: ["s3_endpoint": "http://10.0.0.5:9000", "s3_bucket": "p", "s3_access_key_id": "A",
                                                           "s3_secret_access_key": "S"])
        #expect(try minio.s3Configuration()?.endpoint.addressing == .path)
        #expect(try ServiceConfiguration.from(values: [:]).s3 == nil)
        let cases: [([String: String], String)] = [
            (["s3_bucket": "p"], "CARTOPRESS_S3_ENDPOINT must be set too"),
            (["s3_region": "eu-north-1"], "CARTOPRESS_S3_REGION is set but CARTOPRESS_S3_ENDPOINT and CARTOPRESS_S3_BUCKET are not"),
            (["s3_endpoint": "http://h:9000", "s3_bucket": "p", "s3_access_key_id": "A"], "CARTOPRESS_S3_SECRET_ACCESS_KEY must be set"),
            (["s3_endpoint": "ftp://h", "s3_bucket": "p", "s3_access_key_id": "A", "s3_secret_access_key": "S"], "CARTOPRESS_S3_ENDPOINT is unusable"),
            (["s3_endpoint": "http://h", "s3_bucket": "p", "s3_access_key_id": "A", "s3_secret_access_key": "S", "s3_addressing": "dns"],
             "CARTOPRESS_S3_ADDRESSING is \"dns\"; give path or virtual"),
            (["s3_endpoint": "http://h", "s3_bucket": "p", "s3_access_key_id": "A", "s3_secret_access_key": "S", "s3_presign_seconds": "999999"],
             "CARTOPRESS_S3_PRESIGN_SECONDS"),
            (["webhook_allowed_networks": "10.0.0.0/8, nonsense"], "CARTOPRESS_WEBHOOK_ALLOWED_NETWORKS has \"nonsense\""),
            (["webhook_secret": "hunter2"], "CARTOPRESS_WEBHOOK_SECRET must be whsec_"),
        ]
        for (values, message) in cases {
            do {
                _ = try ServiceConfiguration.from(values: values)
                Issue.record("\(values) was accepted")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }
}
