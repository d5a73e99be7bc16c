import Foundation
import Testing
@testable import HTTPTransport

/// The libcurl transport against a real HTTP server on loopback.
@Suite(.tags(.slow), .tags(.slow)) struct CurlTransportTests {
    static func transport(_ adjust: (inout TransportConfiguration) -> Void = { _ in }) -> CurlTransport {
        var configuration = TransportConfiguration()
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)
        adjust(&configuration)
        return CurlTransport(configuration: configuration)
    }

    @Test func sendsMethodHeadersAndBodyAndReadsTheAnswer() throws {
        let server = try TestHTTPServer()
        let body = Array("poster bytes \u{0}\u{1}".utf8) + [0xff]
        let response = try Self.transport().send(HTTPRequest(method: "PUT", url: server.base + "/echo?x=1",
                                                             headers: [("X-Amz-Date", "20261122T000000Z"), ("Content-Type", "image/png")],
                                                             body: body))
        #expect(response.status == 200)
        #expect(response.header("x-test") == "yes")
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(echo["method"] as? String == "PUT")
        #expect(echo["path"] as? String == "/echo?x=1")
        let headers = try #require(echo["headers"] as? [String: String])
        #expect(headers["x-amz-date"] == "20261122T000000Z" && headers["content-type"] == "image/png")
        #expect(headers["expect"] == nil)
        #expect(Array((echo["body"] as? String ?? "").unicodeScalars.map { UInt8($0.value) }) == body)
    }

    @Test func aSlowServerTimesOut() throws {
        let server = try TestHTTPServer()
        let started = Date()
        #expect(throws: HTTPTransportError.self) {
            _ = try Self.transport { $0.retry = .none }.send(HTTPRequest(url: server.base + "/slow?s=3", timeout: 0.5))
        }
        do {
            _ = try Self.transport { $0.retry = .none }.send(HTTPRequest(url: server.base + "/slow?s=3", timeout: 0.3))
        } catch {
            #expect(error.code == .timeout, "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test func aLargeResponseIsCutOff() throws {
        let server = try TestHTTPServer()
        let transport = Self.transport { $0.maxResponseBytes = 1 << 20 }
        #expect(try transport.send(HTTPRequest(url: server.base + "/big?n=1000")).body.count == 1000)
        do {
            _ = try transport.send(HTTPRequest(url: server.base + "/big?n=10000000"))
            Issue.record("10 MB read past a 1 MiB cap")
        } catch {
            #expect(error.code == .responseTooLarge && error.message.contains("larger than 1048576 bytes"), "\(error)")
        }
    }

    @Test func aCallerThatWantsTheStatusGetsItWithTheBodyTruncated() throws {
        // As webhook deliveries read a receiver's answer: a 2xx with a large body is still a 2xx.
        let server = try TestHTTPServer()
        let transport = Self.transport {
            $0.maxResponseBytes = 64 << 10
            $0.truncatesLargeBodies = true
        }
        let response = try transport.send(HTTPRequest(url: server.base + "/big?n=10000000"))
        #expect(response.status == 200 && response.body.count == 64 << 10)
    }

    @Test func redirectsAreNotFollowed() throws {
        let server = try TestHTTPServer()
        let response = try Self.transport().send(HTTPRequest(url: server.base + "/redirect"))
        #expect(response.status == 302 && response.header("location") == "/echo")
    }

    @Test func failuresWorthRetryingAreRetriedAndOthersAreNot() throws {
        let server = try TestHTTPServer()
        let transport = Self.transport()
        func count(_ key: String) throws -> String {
            String(decoding: try transport.send(HTTPRequest(url: server.base + "/count?key=\(key)")).body, as: UTF8.self)
        }
        #expect(try transport.send(HTTPRequest(url: server.base + "/flaky?key=a&fail=2")).status == 200)
        #expect(try count("a") == "3")
        #expect(try transport.send(HTTPRequest(url: server.base + "/flaky?key=b&fail=2&status=429&retry_after=0")).status == 200)
        #expect(try count("b") == "3")
        // A 404 is an answer, not a failure.
        #expect(try transport.send(HTTPRequest(url: server.base + "/flaky?key=c&fail=5&status=404")).status == 404)
        #expect(try count("c") == "1")
        // Out of attempts: the last answer is returned.
        #expect(try transport.send(HTTPRequest(url: server.base + "/flaky?key=d&fail=9")).status == 503)
        #expect(try count("d") == "4")
    }

    @Test func theAddressPolicyRefusesPrivateAddressesAtConnectTime() throws {
        let server = try TestHTTPServer()
        let guarded = Self.transport { $0.addressPolicy = .publicOnly }
        for host in ["127.0.0.1", "localhost"] {
            do {
                _ = try guarded.send(HTTPRequest(url: "http://\(host):\(server.port)/echo"))
                Issue.record("\(host) was reached through the guard")
            } catch {
                #expect(error.code == .blockedAddress && error.message.contains("not a public address"), "\(error)")
            }
        }
        // An explicit allow-list lets the tests' own receiver through.
        let allowed = Self.transport { $0.addressPolicy = AddressPolicy(blockPrivate: true, allowed: ["127.0.0.1/32"]) }
        #expect(try allowed.send(HTTPRequest(url: server.base + "/echo")).status == 200)
        do {
            _ = try guarded.send(HTTPRequest(url: "ftp://127.0.0.1/x"))
            Issue.record("ftp was requested")
        } catch {
            #expect(error.code == .invalidURL, "\(error)")
        }
    }
}
