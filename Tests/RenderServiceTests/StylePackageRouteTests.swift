import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RenderService

/// The style package over HTTP: style documents, TileJSON and tiles, public and cacheable with ETags, with
/// clear errors for what does not exist.
@Suite struct StylePackageRouteTests {
    static func configuration() -> ServiceConfiguration {
        ServiceHarness.configuration { $0.publicURL = "http://cartopress.test" }
    }

    @Test func aStyleDocumentIsCacheableAndPointsAtTheService() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, _ in
            let uri = "/api/v1/styles/dark-mode/style.json?palette=dark-gold&labels=true&buildings=false"
            let (etag, style) = try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=300")
                return (response.headers[.eTag], ServiceHarness.object(response.body))
            }
            let tag = try #require(etag)
            #expect(tag.hasPrefix("\"") && tag.count == 26, "\(tag)")
            #expect(style["glyphs"] as? String == "http://cartopress.test/fonts/{fontstack}/{range}.pbf")
            let sources = try #require(style["sources"] as? [String: [String: Any]])
            #expect(sources["openmaptiles"]?["url"] as? String == "http://cartopress.test/tiles/openmaptiles.json")
            let layers = try #require(style["layers"] as? [[String: Any]])
            let buildings = try #require(layers.first { $0["id"] as? String == "buildings" })
            #expect((buildings["layout"] as? [String: Any])?["visibility"] as? String == "none")
            try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func withoutAPublicURLTheStylePointsAtTheHostItWasAskedOf() {
        var configuration = ServiceConfiguration()
        configuration.port = 8080
        func base(_ authority: String?) -> String {
            StylePackageRoutes.baseURL(HTTPRequest(method: .get, scheme: "http", authority: authority, path: "/"), configuration: configuration)
        }
        // A port mapped by a container or chosen by the system is the one the browser used.
        #expect(base("posters.example:49152") == "http://posters.example:49152")
        #expect(base("[::1]:8080") == "http://[::1]:8080")
        // Nothing that could change a URL's meaning is taken from the request.
        #expect(base("evil.example/path?") == "http://127.0.0.1:8080")
        #expect(base("a b") == "http://127.0.0.1:8080")
        #expect(base(nil) == "http://127.0.0.1:8080")
        configuration.publicURL = "https://maps.example/"
        #expect(base("posters.example:49152") == "https://maps.example")
    }

    @Test func badChoicesAreRefusedByName() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, _ in
            for (uri, status, phrase) in [
                ("/api/v1/styles/minimal/style.json?palette=neon", 400, "has no palette \"neon\""),
                ("/api/v1/styles/minimal/style.json?streets=maybe", 400, "streets: must be true or false"),
                ("/api/v1/styles/minimal/style.json?volcanoes=true", 400, "option volcanoes: is not an option of style \"minimal\""),
                ("/api/v1/styles/minimal/style.json?label_language=klingon-ish", 400, "label_language: must be a language tag"),
                ("/api/v1/styles/nope/style.json", 404, "no style \"nope\"; the styles are minimal"),
                ("/tiles/nope.json", 404, "no style has a source \"nope\""),
                ("/tiles/openmaptiles/14/9326/abc.pbf", 400, "whole numbers z, x and y"),
                ("/tiles/openmaptiles/3/9/0.pbf", 400, "does not exist"),
                ("/tiles/volcanoes/3/1/1.pbf", 400, "no style has a source \"volcanoes\""),
                ("/sprites/minimal.json", 404, "name no sprite"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(Int(response.status.code) == status, "\(uri)")
                    let message = ServiceHarness.object(response.body)["message"] as? String ?? ""
                    #expect(message.contains(phrase), "\(uri): \(message)")
                }
            }
        }
    }

    @Test func tileJSONAndTilesAreServed() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, _ in
            let tileJSON = try await client.execute(uri: "/tiles/openmaptiles.json", method: .get, headers: [.origin: "https://designer.example"]) { response in
                // Public: a map on another origin may load it.
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                return ServiceHarness.object(response.body)
            }
            #expect(tileJSON["tiles"] as? [String] == ["http://cartopress.test/tiles/openmaptiles/{z}/{x}/{y}.pbf"])
            #expect(tileJSON["maxzoom"] as? Int == 14)
            let etag = try await client.execute(uri: "/tiles/openmaptiles/14/9326/4742.pbf", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-protobuf")
                #expect(response.body.readableBytes > 10_000)
                return response.headers[.eTag]
            }
            try await client.execute(uri: "/tiles/openmaptiles/14/9326/4742.pbf", method: .get, headers: [.ifNoneMatch: try #require(etag)]) { response in
                #expect(response.status == .notModified)
            }
            // Outside the archive: nothing to draw, which is not a failed request.
            try await client.execute(uri: "/tiles/openmaptiles/14/0/0.pbf", method: .get) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/tiles/terrain.json", method: .get) { response in
                let body = ServiceHarness.object(response.body)
                #expect((body["tiles"] as? [String])?.first == "http://cartopress.test/tiles/terrain/{z}/{x}/{y}.png")
            }
        }
    }

    @Test func glyphRangesAreMadeFromTheBundledFonts() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, _ in
            let etag = try await client.execute(uri: "/fonts/Noto%20Sans%20Regular/0-255.pbf", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-protobuf")
                // 95 printable ASCII and about as many Latin-1 glyphs, each a field of about 20x26 bytes.
                #expect(response.body.readableBytes > 40_000, "\(response.body.readableBytes)")
                return response.headers[.eTag]
            }
            try await client.execute(uri: "/fonts/Noto%20Sans%20Regular/0-255.pbf", method: .get, headers: [.ifNoneMatch: try #require(etag)]) { response in
                #expect(response.status == .notModified)
            }
            for uri in ["/fonts/Noto%20Sans%20Regular/0-256.pbf", "/fonts/Noto%20Sans%20Regular/100-355.pbf", "/fonts/Noto%20Sans%20Regular/65536-65791.pbf"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect((ServiceHarness.object(response.body)["message"] as? String)?.contains("range of 256 code points") == true)
                }
            }
        }
    }

    @Test func theDesignerSetsItsTitlesInThePrintsFaces() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, _ in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("/web/fonts.css"))
            }
            let css = try await client.execute(uri: "/web/fonts.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                return String(buffer: response.body)
            }
            // Inter 600 is the theme's title face; a family without a weight takes its nearest file.
            #expect(css.contains(#"font-family: "Inter"; font-weight: 600; font-style: normal; font-display: swap; src: url("/web/fonts/Inter-SemiBold.otf")"#))
            #expect(css.contains(#"font-family: "Bebas Neue"; font-weight: 700;"#) && css.contains("BebasNeue-Regular.ttf"))
            try await client.execute(uri: "/web/fonts/Inter-SemiBold.otf", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "font/otf")
                #expect(response.body.readableBytes > 100_000)
            }
            // Only the files the stylesheet names: nothing else of the disk.
            for uri in ["/web/fonts/LICENSE-Inter.txt", "/web/fonts/..%2F..%2FPackage.swift", "/web/../Package.swift"] {
                try await client.execute(uri: uri, method: .get) { response in #expect(response.status == .notFound, "\(uri)") }
            }
        }
    }

    @Test func jobEventsStreamEveryStageUntilTheJobEnds() async throws {
        try await ServiceHarness.withService(Self.configuration()) { client, _ in
            let accepted = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                    body: ServiceHarness.body(PosterAPITests.helsinki)) { ServiceHarness.object($0.body) }
            let id = try #require(accepted["job_id"] as? String)
            let text = try await client.execute(uri: "/api/v1/posters/jobs/\(id)/events", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
                return String(buffer: response.body)
            }
            let events = text.components(separatedBy: "\n\n").filter { $0.hasPrefix("event: status") }
            let documents = events.compactMap { event -> [String: Any]? in
                guard let line = event.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { return nil }
                return try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
            }
            #expect(documents.count == events.count && !documents.isEmpty, "\(text)")
            let progress = documents.compactMap { $0["progress"] as? Int }
            #expect(progress == progress.sorted(), "\(progress)")
            #expect(documents.last?["status"] as? String == "completed", "\(text)")
            #expect((documents.last?["result"] as? [String: Any])?["download_url"] is String)
            // Polling with the status document's ETag costs a bodiless 304 until the job changes.
            let etag = try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: .get) { response in
                #expect(response.headers[.cacheControl] == "private, no-cache")
                return response.headers[.eTag]
            }
            try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: .get, headers: [.ifNoneMatch: try #require(etag)]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/v1/posters/jobs/\(id)", method: .get, headers: [.ifNoneMatch: "\"stale\""]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/posters/jobs/no-such-job/events", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
