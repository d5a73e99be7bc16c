import Canvas
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PosterPipeline
import TestSupport
import Testing
@testable import RenderService

/// carto-art's TypeScript SDK (`sdk/`) and MCP tool (`mcp-server/`) at ef97c4f, replayed request for
/// request against the service: the exact headers and bodies they send, and every field they read from
/// the answers. Neither can send `Prefer`, so their key is made with `--sync-json`; the MCP tool's geocode
/// goes to `/api/geocode`, answered here by a Nominatim stand-in on loopback.
@Suite(.serialized, .tags(.slow)) struct CartoArtClientTests {
    /// What `CartoArtClient.request` sends with every call: JSON and the bearer key, no Accept, no Prefer.
    static func sdkHeaders(_ key: String) -> HTTPFields {
        [.contentType: "application/json", .authorization: "Bearer \(key)"]
    }

    /// sdk/examples/basic.ts: Los Angeles in the first listed style, with its `marker` toggle.
    static func basicExample(style: String) -> String {
        #"{"location":{"lat":34.0522,"lng":-118.2437},"style":"\#(style)","text":{"title":"LOS ANGELES","subtitle":"California, USA","position":"bottom"},"options":{"buildings_3d":true,"parks":true,"water":true,"marker":true}}"#
    }

    /// sdk/README.md's complete example: Paris in the first listed style, tilted 30° and turned 45°, with 3D buildings.
    static func completeExample(style: String) -> String {
        #"{"location":{"lat":48.8566,"lng":2.3522},"style":"\#(style)","camera":{"pitch":30,"bearing":45,"zoom":15},"options":{"high_res":true,"buildings_3d":true,"streets":true,"water":true,"parks":true}}"#
    }

    /// sdk/examples/verify.ts.
    static let verifyExample = #"{"location":{"lat":34.0522,"lng":-118.2437},"style":"minimal","options":{"high_res":false}}"#

    /// mcp-server/index.ts with only `location` given (geocoded to Paris): JSON.stringify drops the undefined
    /// fields, leaving `text: {}` and `options: {high_res: true}`.
    static let mcpPayload = #"{"location":{"lat":48.8566,"lng":2.3522},"style":"minimal","camera":{"pitch":0,"bearing":0,"zoom":12},"text":{},"options":{"high_res":true}}"#

    static func service(tiles: String?, geocoder: String? = nil, _ body: @Sendable @escaping (any TestClientProtocol, String) async throws -> Void) async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration {
            $0.authRequired = true
            $0.tilesPath = tiles
            $0.geocoderURL = geocoder
        }) { client, runtime in
            var (key, record) = runtime.hasher.makeKey(name: "carto-art")
            record.syncJSON = true
            try runtime.keys.save(record)
            try await body(client, key)
        }
    }

    @Test func theSDKExamplesGetAPosterWhereTheTilesCoverThePlace() async throws {
        let server = try TestTileServer(root: RemoteTilesFixture.root)
        defer { server.stop() }
        try await Self.service(tiles: "\(server.base)/planet") { client, key in
            // client.styles.list(): styles.styles[0].id and .name, styles.styles.length.
            let listing = try await client.execute(uri: "/api/v1/styles", method: .get, headers: Self.sdkHeaders(key)) { ServiceHarness.object($0.body) }
            let styles = try #require(listing["styles"] as? [[String: Any]])
            #expect(styles.count == 11)
            let first = try #require(styles.first)
            let style = try #require(first["id"] as? String)
            #expect(style == "minimal" && (first["name"] as? String)?.isEmpty == false)

            for body in [Self.basicExample(style: style), Self.verifyExample, Self.completeExample(style: style)] {
                let answer = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: Self.sdkHeaders(key),
                                                      body: ServiceHarness.body(body)) { $0 }
                #expect(answer.status == .ok, "\(String(buffer: answer.body))")
                let poster = ServiceHarness.object(answer.body)
                // What the SDK's examples and the docs page read.
                let id = try #require(poster["id"] as? String)
                #expect(poster["status"] as? String == "completed")
                #expect(poster["job_id"] as? String == id)
                let metadata = try #require(poster["metadata"] as? [String: Any])
                #expect((metadata["render_time_ms"] as? Int ?? -1) >= 0)
                #expect(metadata["dimensions"] as? String == "2400x3600")
                let url = try #require(poster["download_url"] as? String)
                // basic.ts downloads it with a plain fetch: no key.
                let path = try #require(URL(string: url)).path + "?" + (URL(string: url)?.query ?? "")
                let download = try await client.execute(uri: path, method: .get) { $0 }
                #expect(download.status == .ok && download.headers[.contentType] == "image/png")
                let bytes = [UInt8](download.body.readableBytesView)
                #expect(bytes.count == metadata["file_size_bytes"] as? Int)
                let image = try PNGDecoder.decode(bytes)
                #expect(image.width == 2400 && image.height == 3600)
                // The stand-in planet tiles are the bundled extract's, placed anywhere: under Paris at zoom 15 (the
                // complete example, tilted and turned) only the bottom left of the map gets streets, from 0.74 of the
                // sheet's height down, so that is where colours are counted.
                let corner = body.contains("\"pitch\":30")
                let rows = corner ? (image.height * 7 / 10)..<(image.height * 9 / 10) : (image.height / 15)..<(image.height * 3 / 4)
                #expect(Self.distinctColours(image, rows: rows) > (corner ? 5 : 8), "the map is blank: \(body)")
            }
            // The marker toggle of basic.ts is drawn, so nothing is left to warn about.
            #expect(try server.count("/world/") > 0)
        }
    }

    @Test func theMCPToolGetsADownloadURL() async throws {
        let server = try TestTileServer(root: RemoteTilesFixture.root)
        defer { server.stop() }
        try await Self.service(tiles: "\(server.base)/planet", geocoder: "\(server.base)/search") { client, key in
            // 1. The geocode: `${API_URL without /api/v1/posters/generate}/api/geocode?q=…&limit=1`, the key alone.
            let geocode = try await client.execute(uri: "/api/geocode?q=Paris%2C%20France&limit=1", method: .get,
                                                   headers: [.authorization: "Bearer \(key)"]) { $0 }
            #expect(geocode.status == .ok)
            let places = try #require(try JSONSerialization.jsonObject(with: Data(geocode.body.readableBytesView)) as? [[String: Any]])
            // It reads geocodeData[0].lat and .lon and parseFloat()s them.
            let first = try #require(places.first)
            let lat = Double(first["lat"] as? String ?? ""), lon = Double(first["lon"] as? String ?? "")
            #expect(places.count == 1 && lat == 48.8566 && lon == 2.3522)
            let nowhere = try await client.execute(uri: "/api/geocode?q=Atlantis&limit=1", method: .get, headers: [.authorization: "Bearer \(key)"]) {
                String(buffer: $0.body)
            }
            #expect(nowhere == "[]")
            // 2. The poster, with Accept: application/json.
            var headers = Self.sdkHeaders(key)
            headers[.accept] = "application/json"
            let answer = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: headers,
                                                  body: ServiceHarness.body(Self.mcpPayload)) { $0 }
            #expect(answer.status == .ok)
            let data = ServiceHarness.object(answer.body)
            let url = try #require(data["download_url"] as? String, "API response missing download_url. Got: \(data)")
            #expect(url.contains("/api/v1/posters/files/") && url.contains("signature="))
            // high_res: 3 device pixels per CSS pixel on carto-art's 2400x3600 frame... as pixels of the file.
            let metadata = try #require(data["metadata"] as? [String: Any])
            #expect(metadata["dimensions"] as? String == "2400x3600")
        }
    }

    @Test func theSDKShowsWordsWhenThePlaceIsOutsideTheBundledTiles() async throws {
        try await Self.service(tiles: nil) { client, key in
            let answer = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: Self.sdkHeaders(key),
                                                  body: ServiceHarness.body(Self.verifyExample)) { $0 }
            #expect(answer.status == .unprocessableContent)
            let error = ServiceHarness.object(answer.body)
            // CartoArtClient: `${message}${details}${code}` from body.message (else body.error) and body.code.
            let message = try #require(error["message"] as? String)
            #expect(message.contains("have no map at lat 34.0522, lng -118.2437"))
            #expect(message.contains("they cover lng 24.9352 to 24.9534, lat 60.1642 to 60.1791"))
            #expect(error["code"] as? String == "location_outside_tiles")
            #expect(error["error"] as? String == "Unprocessable Content")
            // Without a geocoder configured, the MCP tool's first call is answered by the bundled gazetteer.
            let geocode = try await client.execute(uri: "/api/geocode?q=Paris&limit=1", method: .get, headers: [.authorization: "Bearer \(key)"]) { $0 }
            #expect(geocode.status == .ok)
            let places = try #require(try JSONSerialization.jsonObject(with: Data(geocode.body.readableBytesView)) as? [[String: String]])
            #expect(places.count == 1 && places.first?["display_name"] == "Paris, France", "\(places)")
            #expect(Double(places.first?["lat"] ?? "").map { abs($0 - 48.8534) < 0.001 } == true)
        }
    }

    /// carto-art's example locations (its docs and SDK): each renders a real map from planet-wide tiles.
    @Test(arguments: [("Los Angeles", 34.0522, -118.2437), ("New York", 40.7128, -74.006), ("London", 51.5074, -0.1278),
                      ("Paris", 48.8566, 2.3522), ("Tokyo", 35.6762, 139.6503)])
    func everyExampleLocationIsAMapWithPlanetTilesAndA422WithTheExtract(place: String, lat: Double, lng: Double) async throws {
        let server = try TestTileServer(root: RemoteTilesFixture.root)
        defer { server.stop() }
        let body = #"{"location":{"lat":\#(lat),"lng":\#(lng)},"camera":{"zoom":13},"text":{"title":"\#(place)"},"output":{"width":600,"height":900}}"#
        for tiles in ["\(server.base)/planet", nil] {
            try await ServiceHarness.withService(ServiceHarness.configuration { $0.tilesPath = tiles; $0.workers = 0 }) { client, _ in
                let answer = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(accept: "image/png"),
                                                      body: ServiceHarness.body(body)) { $0 }
                if tiles == nil {
                    #expect(answer.status == .unprocessableContent)
                    #expect(ServiceHarness.object(answer.body)["code"] as? String == "location_outside_tiles")
                } else {
                    #expect(answer.status == .ok)
                    let image = try PNGDecoder.decode([UInt8](answer.body.readableBytesView))
                    #expect(Self.distinctColours(image) > 8, "\(place) is blank")
                }
            }
        }
    }

    /// A DEM anywhere: Terrarium tiles as AWS serves them (here from the loopback server) shade a poster far
    /// from the bundled DEM, with no "no tiles under the poster" warning.
    @Test func terrariumTilesShadeAnywhere() async throws {
        let server = try TestTileServer(root: RemoteTilesFixture.root)
        defer { server.stop() }
        let body = #"{"location":{"lat":35.6762,"lng":139.6503},"camera":{"zoom":12},"options":{"terrain":true},"output":{"width":600,"height":900}}"#
        let configuration = ServiceHarness.configuration {
            $0.tilesPath = "\(server.base)/planet"
            $0.terrain = TerrainSetting(location: "\(server.base)/terrarium/{z}/{x}/{y}.png", encoding: "terrarium", maxZoom: 12, attribution: "Terrain Tiles: Mapzen, AWS")
            $0.workers = 0
        }
        try await ServiceHarness.withService(configuration) { client, _ in
            let answer = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(accept: "image/png"),
                                                  body: ServiceHarness.body(body)) { $0 }
            #expect(answer.status == .ok)
            #expect(answer.headers[HTTPField.Name("X-Poster-Warnings")!] == nil)
        }
        #expect(try server.count("/terrarium/12/") > 0)
    }

    static func distinctColours(_ image: ImageSurface, rows: Range<Int>? = nil) -> Int {
        var colours = Set<UInt32>()
        let rows = rows ?? (image.height / 15)..<(image.height * 3 / 4)
        for y in stride(from: rows.lowerBound, to: rows.upperBound, by: max(1, image.height / 120)) {
            for x in stride(from: image.width / 15, to: image.width * 14 / 15, by: max(1, image.width / 80)) {
                let p = image.pixel(x: x, y: y)
                colours.insert(UInt32(p.red * 31) << 10 | UInt32(p.green * 31) << 5 | UInt32(p.blue * 31))
            }
        }
        return colours.count
    }
}
