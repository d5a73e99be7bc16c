import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import RenderService

/// Bearer keys stored as peppered hashes, and the per-key rate limit.
@Suite struct AuthTests {
    @Test func keysAreHashedAndComparedByPrefix() throws {
        let hasher = APIKeyHasher(pepper: "pepper-1")
        let (key, record) = hasher.makeKey(name: "web app")
        #expect(key.hasPrefix(record.prefix + "_"))
        #expect(APIKeyHasher.prefix(of: key) == record.prefix)
        #expect(!record.hash.contains(key) && record.hash.count == 64)
        #expect(hasher.matches(key, record))
        #expect(!hasher.matches(key + "x", record))
        // Another pepper hashes differently: a stolen key table is useless without the server's pepper.
        #expect(!APIKeyHasher(pepper: "pepper-2").matches(key, record))
        #expect(APIKeyHasher.prefix(of: "cpk_zz_short") == nil)
    }

    @Test func requestsNeedAValidUnrevokedKey() async throws {
        let configuration = ServiceHarness.configuration {
            $0.authRequired = true
            $0.workers = 0
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let (key, record) = runtime.hasher.makeKey(name: "tests")
            try runtime.keys.save(record)
            let (revokedKey, revokedRecord) = runtime.hasher.makeKey(name: "old")
            try runtime.keys.save(revokedRecord)
            #expect(try runtime.keys.revoke(prefix: revokedRecord.prefix))
            // The key file holds hashes only.
            let file = try String(contentsOfFile: configuration.dataDirectory + "/keys.json", encoding: .utf8)
            #expect(!file.contains(key) && file.contains(record.prefix))

            // A job status read: authenticated; a job that does not exist answers 404 to a good key.
            func jobStatus(_ authorization: String?) async throws -> (HTTPResponse.Status, HTTPFields, [String: Any]) {
                var headers: HTTPFields = [:]
                if let authorization { headers[.authorization] = authorization }
                return try await client.execute(uri: "/api/v1/posters/jobs/job_none", method: .get, headers: headers) { ($0.status, $0.headers, ServiceHarness.object($0.body)) }
            }
            let none = try await jobStatus(nil)
            #expect(none.0 == .unauthorized && none.1[.wwwAuthenticate] == "Bearer")
            #expect((none.2["message"] as? String)?.contains("cartopress keys create") == true)
            #expect(try await jobStatus("Basic abc").0 == .unauthorized)
            #expect(try await jobStatus("Bearer cpk_000000000000_" + String(repeating: "a", count: 43)).0 == .unauthorized)
            #expect(try await jobStatus("Bearer \(revokedKey)").0 == .unauthorized)
            let good = try await jobStatus("Bearer \(key)")
            #expect(good.0 == .notFound)
            // Even a refused request tells the key what is left of its budget.
            #expect(good.1[HTTPField.Name("X-RateLimit-Limit")!] == String(configuration.rateLimitPerMinute))
            // Health checks stay open for load balancers, and the style catalogue for pages without a key.
            #expect(try await client.execute(uri: "/healthz", method: .get) { $0.status } == .ok)
            let catalogue = try await client.execute(uri: "/api/v1/styles", method: .get) { ($0.status, $0.headers[.cacheControl], ServiceHarness.object($0.body)) }
            #expect(catalogue.0 == .ok && catalogue.1 == "public, max-age=300")
            let listed = try #require(catalogue.2["styles"] as? [[String: Any]])
            #expect(listed.contains { $0["id"] as? String == "minimal" && ($0["options"] as? [[String: Any]])?.isEmpty == false })
        }
    }

    @Test func aKeyOverItsRateLimitGets429WithRetryAfter() async throws {
        let configuration = ServiceHarness.configuration {
            $0.authRequired = true
            $0.workers = 0
            $0.rateLimitPerMinute = 5
        }
        try await ServiceHarness.withService(configuration) { client, runtime in
            let (key, record) = runtime.hasher.makeKey(name: "busy")
            try runtime.keys.save(record)
            let (otherKey, otherRecord) = runtime.hasher.makeKey(name: "quiet")
            try runtime.keys.save(otherRecord)
            var statuses: [Int] = []
            var retryAfter: String?
            var remaining: [String] = []
            for _ in 0..<7 {
                let (status, headers) = try await client.execute(uri: "/api/v1/posters/jobs/job_none", method: .get, headers: [.authorization: "Bearer \(key)"]) { ($0.status, $0.headers) }
                statuses.append(Int(status.code))
                remaining.append(headers[HTTPField.Name("X-RateLimit-Remaining")!] ?? "")
                if status == .tooManyRequests { retryAfter = headers[.retryAfter] }
            }
            // A window boundary can fall inside the loop; then the count starts again, so allow one reset.
            let limited = statuses.filter { $0 == 429 }.count
            #expect(Array(statuses.prefix(5)) == [404, 404, 404, 404, 404] || limited == 0)
            #expect(limited >= 1 || statuses.allSatisfy { $0 == 404 })
            if limited > 0 {
                #expect((1...60).contains(Int(retryAfter ?? "") ?? 0))
                // Each answer counts down the window's budget; the first 429 comes right after the last request it
                // allowed (a window boundary inside the loop may have restarted the count before that).
                let first = try #require(statuses.firstIndex(of: 429))
                #expect(first >= 5 && remaining[first - 1] == "0", "\(remaining)")
                #expect(Array(remaining[(first - 5)..<first]) == ["4", "3", "2", "1", "0"], "\(remaining)")
            }
            // Another key has its own budget.
            #expect(try await client.execute(uri: "/api/v1/posters/jobs/job_none", method: .get, headers: [.authorization: "Bearer \(otherKey)"]) { $0.status } == .notFound)
        }
    }
}
