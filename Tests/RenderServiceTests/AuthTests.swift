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

            func styles(_ authorization: String?) async throws -> (HTTPResponse.Status, HTTPFields, [String: Any]) {
                var headers: HTTPFields = [:]
                if let authorization { headers[.authorization] = authorization }
                return try await client.execute(uri: "/api/v1/styles", method: .get, headers: headers) { ($0.status, $0.headers, ServiceHarness.object($0.body)) }
            }
            let none = try await styles(nil)
            #expect(none.0 == .unauthorized && none.1[.wwwAuthenticate] == "Bearer")
            #expect(((none.2["error"] as? [String: Any])?["message"] as? String)?.contains("cartopress keys create") == true)
            #expect(try await styles("Basic abc").0 == .unauthorized)
            #expect(try await styles("Bearer cpk_000000000000_" + String(repeating: "a", count: 43)).0 == .unauthorized)
            #expect(try await styles("Bearer \(revokedKey)").0 == .unauthorized)
            let good = try await styles("Bearer \(key)")
            #expect(good.0 == .ok)
            #expect(good.1[HTTPField.Name("X-RateLimit-Limit")!] == String(configuration.rateLimitPerMinute))
            // Health checks stay open for load balancers.
            #expect(try await client.execute(uri: "/healthz", method: .get) { $0.status } == .ok)
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
                let (status, headers) = try await client.execute(uri: "/api/v1/styles", method: .get, headers: [.authorization: "Bearer \(key)"]) { ($0.status, $0.headers) }
                statuses.append(Int(status.code))
                remaining.append(headers[HTTPField.Name("X-RateLimit-Remaining")!] ?? "")
                if status == .tooManyRequests { retryAfter = headers[.retryAfter] }
            }
            // A window boundary can fall inside the loop; then the count starts again, so allow one reset.
            let limited = statuses.filter { $0 == 429 }.count
            #expect(Array(statuses.prefix(5)) == [200, 200, 200, 200, 200] || limited == 0)
            #expect(limited >= 1 || statuses.allSatisfy { $0 == 200 })
            if limited > 0 {
                #expect((1...60).contains(Int(retryAfter ?? "") ?? 0))
                // Each answer counts down the window's budget; the first 429 comes right after the last request it
                // allowed (a window boundary inside the loop may have restarted the count before that).
                let first = try #require(statuses.firstIndex(of: 429))
                #expect(first >= 5 && remaining[first - 1] == "0", "\(remaining)")
                #expect(Array(remaining[(first - 5)..<first]) == ["4", "3", "2", "1", "0"], "\(remaining)")
            }
            // Another key has its own budget.
            #expect(try await client.execute(uri: "/api/v1/styles", method: .get, headers: [.authorization: "Bearer \(otherKey)"]) { $0.status } == .ok)
        }
    }
}
