import Canvas
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import RenderService

/// The API end to end on loopback: submit, poll, download; synchronous mode; idempotency; cancel.
@Suite struct PosterAPITests {
    static let helsinki = #"{"location":{"lat":60.1716,"lng":24.9445},"camera":{"zoom":15.5},"text":{"title":"Helsinki","subtitle":"Finland"},"output":{"width":600,"height":900}}"#

    @Test func aQueuedPosterCompletesAndDownloadsAsThePNGItDescribes() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration()) { client, _ in
            let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                    body: ServiceHarness.body(Self.helsinki)) { $0 }
            #expect(accepted.status == .accepted)
            let body = ServiceHarness.object(accepted.body)
            let id = try #require(body["job_id"] as? String)
            #expect(body["status"] as? String == "queued")
            #expect((body["estimated_time"] as? Double ?? -1) >= 0)
            #expect(accepted.headers[.location] == "/api/v1/posters/jobs/\(id)")

            let job = try await ServiceHarness.waitForJob(client, id: id)
            #expect(job["status"] as? String == "completed")
            #expect(job["progress"] as? Int == 100)
            #expect(job["attempts"] as? Int == 1)
            let result = try #require(job["result"] as? [String: Any])
            #expect(result["format"] as? String == "png" && result["width"] as? Int == 600 && result["height"] as? Int == 900)
            let url = try #require(result["download_url"] as? String)
            let path = try #require(URL(string: url)?.path)
            #expect(path == "/api/v1/posters/files/\(id).png")

            let download = try await client.execute(uri: path, method: .get) { $0 }
            #expect(download.status == .ok && download.headers[.contentType] == "image/png")
            let bytes = [UInt8](download.body.readableBytesView)
            #expect(bytes.count == result["file_size"] as? Int)
            let image = try PNGDecoder.decode(bytes)
            #expect(image.width == 600 && image.height == 900)
            // The minimal style's paper (#F5F3EE-ish) in the corner, and the map drawn: many colours in the frame.
            let corner = image.pixel(x: 2, y: 2)
            #expect(corner.red > 0.9 && corner.green > 0.9 && corner.blue > 0.88)
            var colours = Set<UInt32>()
            for y in stride(from: 60, to: 700, by: 7) {
                for x in stride(from: 40, to: 560, by: 7) {
                    let p = image.pixel(x: x, y: y)
                    colours.insert(UInt32(p.red * 31) << 10 | UInt32(p.green * 31) << 5 | UInt32(p.blue * 31))
                }
            }
            #expect(colours.count > 8, "the map frame looks blank: \(colours.count) colours")
        }
    }

    @Test func theSynchronousModeAnswersThePosterItself() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, _ in
            let png = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(accept: "image/png"),
                                               body: ServiceHarness.body(Self.helsinki)) { $0 }
            #expect(png.status == .ok)
            #expect(png.headers[.contentType] == "image/png")
            #expect(png.headers[HTTPField.Name("X-Poster-ID")!]?.hasPrefix("pst_") == true)
            #expect(Int(png.headers[HTTPField.Name("X-Render-Time-Ms")!] ?? "") != nil)
            let image = try PNGDecoder.decode([UInt8](png.body.readableBytesView))
            #expect(image.width == 600 && image.height == 900)

            let pdf = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(accept: "application/pdf"),
                                               body: ServiceHarness.body(Self.helsinki)) { $0 }
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            #expect(String(decoding: pdf.body.readableBytesView.prefix(5), as: UTF8.self) == "%PDF-")

            let refused = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(accept: "text/html"),
                                                   body: ServiceHarness.body(Self.helsinki)) { $0 }
            #expect(refused.status == .notAcceptable)
        }
    }

    /// Terrain over Helsinki, which the bundled DEM (Tennessee) does not cover: the poster is made and the
    /// client is told, in the job's result and in the synchronous answer's headers.
    @Test func whatARenderCouldNotDoIsSaidNotSwallowed() async throws {
        let terrain = #"{"location":{"lat":60.1716,"lng":24.9445},"camera":{"zoom":13},"options":{"terrain":true},"output":{"width":300,"height":450}}"#
        try await ServiceHarness.withService(ServiceHarness.configuration()) { client, _ in
            let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                    body: ServiceHarness.body(terrain)) { ServiceHarness.object($0.body) }
            let id = try #require(accepted["job_id"] as? String)
            let job = try await ServiceHarness.waitForJob(client, id: id)
            #expect(job["status"] as? String == "completed", "\(job)")
            let warnings = (job["result"] as? [String: Any])?["warnings"] as? [String] ?? []
            #expect(warnings.count == 1 && warnings.first?.contains("has no tiles under the poster") == true, "\(warnings)")

            let png = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(accept: "image/png"),
                                               body: ServiceHarness.body(terrain)) { $0 }
            #expect(png.status == .ok)
            #expect(png.headers[HTTPField.Name("X-Poster-Warnings")!]?.contains("has no tiles under the poster") == true)
            // A poster with nothing to say carries no such header.
            let plain = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(accept: "image/png"),
                                                 body: ServiceHarness.body(Self.helsinki)) { $0 }
            #expect(plain.status == .ok && plain.headers[HTTPField.Name("X-Poster-Warnings")!] == nil)
        }
    }

    @Test func anIdempotencyKeyReturnsTheFirstJobAndRefusesADifferentRequest() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, _ in
            func submit(_ body: String, key: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(idempotency: key),
                                         body: ServiceHarness.body(body)) { ($0.status, ServiceHarness.object($0.body)) }
            }
            let (firstStatus, first) = try await submit(Self.helsinki, key: "order-1001")
            let (againStatus, again) = try await submit(Self.helsinki, key: "order-1001")
            #expect(firstStatus == .accepted && againStatus == .accepted)
            #expect(first["job_id"] as? String == again["job_id"] as? String)
            let (otherStatus, other) = try await submit(Self.helsinki, key: "order-1002")
            #expect(otherStatus == .accepted && other["job_id"] as? String != first["job_id"] as? String)
            let changed = Self.helsinki.replacingOccurrences(of: "Helsinki", with: "Tampere")
            let (conflictStatus, conflict) = try await submit(changed, key: "order-1001")
            #expect(conflictStatus == .conflict)
            #expect(conflict["code"] as? String == "conflict")
        }
    }

    @Test func aQueuedJobCanBeCancelledOnce() async throws {
        // No workers: the job stays queued until cancelled.
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, _ in
            let id = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                              body: ServiceHarness.body(Self.helsinki)) { ServiceHarness.object($0.body)["job_id"] as? String }
            let jobID = try #require(id)
            let cancel = try await client.execute(uri: "/api/v1/posters/jobs/\(jobID)", method: .delete) { ($0.status, ServiceHarness.object($0.body)) }
            #expect(cancel.0 == .ok && cancel.1["status"] as? String == "cancelled")
            let status = try await client.execute(uri: "/api/v1/posters/jobs/\(jobID)", method: .get) { ServiceHarness.object($0.body) }
            #expect(status["status"] as? String == "cancelled")
            let again = try await client.execute(uri: "/api/v1/posters/jobs/\(jobID)", method: .delete) { $0.status }
            #expect(again == .conflict)
            let unknown = try await client.execute(uri: "/api/v1/posters/jobs/job_nothing", method: .delete) { $0.status }
            #expect(unknown == .notFound)
        }
    }

    @Test func operationalEndpointsAnswer() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration()) { client, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get) { ServiceHarness.object($0.body)["status"] as? String } == "ok")
            let ready = try await client.execute(uri: "/readyz", method: .get) { ($0.status, ServiceHarness.object($0.body)) }
            #expect(ready.0 == .ok && ready.1["status"] as? String == "ready")
            #expect(Set((ready.1["checks"] as? [String: Any] ?? [:]).keys) == ["queue", "storage", "styles", "fonts"])
            let styles = try await client.execute(uri: "/api/v1/styles", method: .get) { ServiceHarness.object($0.body)["styles"] as? [[String: Any]] }
            #expect(styles?.count == 11 && styles?.first?["id"] as? String == "minimal")
            #expect(styles?.reduce(0) { $0 + (($1["palettes"] as? [Any])?.count ?? 0) } == 89)
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            for name in ["cartopress_queue_depth{priority=\"high\"}", "cartopress_pool_contexts{state=\"capacity\"}", "cartopress_process_resident_bytes"] {
                #expect(metrics.contains(name), "metrics lack \(name)")
            }
            let openapi = try await client.execute(uri: "/openapi.json", method: .get) { ServiceHarness.object($0.body) }
            #expect(openapi["openapi"] as? String == "3.1.0")
        }
    }
}
