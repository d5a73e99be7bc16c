import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import RenderService

/// Bad requests over real HTTP: each answered with its documented status, the field at fault and a reason
/// that says what to send instead. Never a 500.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var status: Int
        /// The field named in `details` (nil when the error is about the whole request).
        var field: String?
        /// Text the message must contain.
        var message: String
        var headers: [String: String] = [:]
        var testDescription: String { name }
    }

    static let location = #""location":{"lat":60.17,"lng":24.94}"#
    static let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
    static let bigTitle = String(repeating: "x", count: 1001)
    static let bigSubtitle = String(repeating: "y", count: 501)
    static let tooManyPoints = "<gpx>" + String(repeating: #"<trk><trkseg><trkpt lat="60" lon="24"/></trkseg></trk>"#, count: 101) + "</gpx>"

    static let cases: [Case] = [
        Case(name: "empty body", body: "", status: 400, field: "body", message: "is empty"),
        Case(name: "not JSON", body: "{nope", status: 400, field: "body", message: "is not valid JSON"),
        Case(name: "an array", body: "[]", status: 400, field: "body", message: "must be a JSON object"),
        Case(name: "too deep", body: #"{"options":{"a":"# + deep + "}}", status: 400, field: "body", message: "nests deeper than 32 levels"),
        Case(name: "no location", body: "{}", status: 400, field: "location", message: "is required"),
        Case(name: "location not an object", body: #"{"location":"Helsinki"}"#, status: 400, field: "location", message: "must be an object, not a string"),
        Case(name: "latitude too large", body: #"{"location":{"lat":91,"lng":24}}"#, status: 400, field: "location.lat", message: "it must be from -90 to 90"),
        Case(name: "longitude too small", body: #"{"location":{"lat":60,"lng":-181}}"#, status: 400, field: "location.lng", message: "it must be from -180 to 180"),
        Case(name: "latitude a string", body: #"{"location":{"lat":"60","lng":24}}"#, status: 400, field: "location.lat", message: "must be a number, not a string"),
        Case(name: "missing longitude", body: #"{"location":{"lat":60}}"#, status: 400, field: "location.lng", message: "is required"),
        Case(name: "title too long", body: "{" + location + #","text":{"title":""# + bigTitle + #""}}"#, status: 400, field: "text.title", message: "is 1001 characters long; the limit is 1000"),
        Case(name: "subtitle too long", body: "{" + location + #","text":{"subtitle":""# + bigSubtitle + #""}}"#, status: 400, field: "text.subtitle", message: "the limit is 500"),
        Case(name: "show_title not a boolean", body: "{" + location + #","text":{"show_title":"yes"}}"#, status: 400, field: "text.show_title", message: "must be true or false"),
        Case(name: "bad text colour", body: "{" + location + #","text":{"color":"red"}}"#, status: 400, field: "text.color", message: "is not a #rrggbb or #rgb colour"),
        Case(name: "bad text position", body: "{" + location + #","text":{"position":"left"}}"#, status: 400, field: "text.position", message: "give one of top, bottom, center"),
        Case(name: "zoom too high", body: "{" + location + #","camera":{"zoom":25}}"#, status: 400, field: "camera.zoom", message: "it must be from 1 to 24"),
        Case(name: "bearing negative", body: "{" + location + #","camera":{"bearing":-10}}"#, status: 400, field: "camera.bearing", message: "it must be from 0 to 360"),
        Case(name: "pitch too steep", body: "{" + location + #","camera":{"pitch":75}}"#, status: 400, field: "camera.pitch", message: "it must be from 0 to 60"),
        Case(name: "toggle not a boolean", body: "{" + location + #","options":{"buildings":"off"}}"#, status: 400, field: "options.buildings", message: "must be true or false"),
        Case(name: "bounds inverted", body: "{" + location + #","bounds":{"west":25,"south":60,"east":24,"north":61}}"#, status: 400, field: "bounds", message: "west (25) must be less than east (24)"),
        Case(name: "bounds incomplete", body: "{" + location + #","bounds":{"west":24,"south":60,"east":25}}"#, status: 400, field: "bounds.north", message: "is required"),
        Case(name: "bad aspect ratio", body: "{" + location + #","format":{"aspect_ratio":"wide"}}"#, status: 400, field: "format.aspect_ratio", message: "is not a ratio like 2:3"),
        Case(name: "aspect ratio in exponent form", body: "{" + location + #","format":{"aspect_ratio":"1e1:2"}}"#, status: 400, field: "format.aspect_ratio", message: "is not a ratio like 2:3"),
        Case(name: "full-width hex digits in a colour", body: "{" + location + ##","text":{"color":"#ＡＢＣ123"}}"##, status: 400, field: "text.color", message: "is not a #rrggbb or #rgb colour"),
        Case(name: "title over 1000 code points", body: "{" + location + #","text":{"title":""# + String(repeating: "e\u{301}", count: 501) + #""}}"#, status: 400, field: "text.title", message: "is 1002 characters long; the limit is 1000"),
        Case(name: "margin too wide", body: "{" + location + #","format":{"margin":40}}"#, status: 400, field: "format.margin", message: "it must be from 0 to 25"),
        Case(name: "unknown output format", body: "{" + location + #","output":{"format":"gif"}}"#, status: 400, field: "output.format", message: "give one of png, pdf"),
        Case(name: "side too large", body: "{" + location + #","output":{"width":20000,"height":100}}"#, status: 400, field: "output.width", message: "it must be from 64 to 16384"),
        Case(name: "width not whole", body: "{" + location + #","output":{"width":1000.5,"height":1500}}"#, status: 400, field: "output.width", message: "must be a whole number"),
        Case(name: "too many pixels", body: "{" + location + #","output":{"width":16000,"height":16000}}"#, status: 400, field: "output", message: "is 256000000 pixels; the limit is 174960000"),
        Case(name: "legacy resolution too small", body: "{" + location + #","resolution":{"width":10,"height":10}}"#, status: 400, field: "resolution.width", message: "it must be from 64 to 16384"),
        Case(name: "unknown priority", body: "{" + location + #","priority":"urgent"}"#, status: 400, field: "priority", message: "give one of high, normal, low"),
        Case(name: "webhook not http", body: "{" + location + #","webhook_url":"ftp://example.com/x"}"#, status: 400, field: "webhook_url", message: "is not an http or https URL"),
        Case(name: "webhook with a space in the host", body: "{" + location + #","webhook_url":"http://exa mple.com/x"}"#, status: 400, field: "webhook_url", message: "is not an http or https URL"),
        Case(name: "timeout too short", body: "{" + location + #","timeout_ms":10}"#, status: 400, field: "timeout_ms", message: "it must be from 1000 to 600000"),
        Case(name: "GPX not XML", body: "{" + location + #","overlays":{"gpx":"<gpx><trk>"}}"#, status: 400, field: "overlays.gpx", message: "is not GPX"),
        Case(name: "GPX over the vertex limit", body: "{" + location + #","overlays":{"gpx":""# + tooManyPoints.replacingOccurrences(of: "\"", with: "\\\"") + #""}}"#,
             status: 400, field: "overlays.gpx", message: "has more than 100 points; the limit is 100"),
        Case(name: "GeoJSON over the vertex limit", body: "{" + location + #","overlays":{"geojson":{"type":"LineString","coordinates":["# +
             (0..<101).map { "[24.9,60.\($0)]" }.joined(separator: ",") + "]}}}", status: 400, field: "overlays.geojson", message: "has 101 vertices; the limit is 100"),
        Case(name: "GeoJSON of an unknown type", body: "{" + location + #","overlays":{"geojson":{"type":"Circle"}}}"#, status: 400, field: "overlays.geojson", message: "\"Circle\" is not a GeoJSON type"),
        Case(name: "marker out of range", body: "{" + location + #","overlays":{"markers":[{"lat":60,"lng":200}]}}"#, status: 400, field: "overlays.markers[0].lng", message: "it must be from -180 to 180"),
        Case(name: "bad route colour", body: "{" + location + #","overlays":{"gpx":"<gpx><trk><trkseg><trkpt lat=\"60\" lon=\"24\"/><trkpt lat=\"60.1\" lon=\"24\"/></trkseg></trk></gpx>","route":{"color":"red"}}}"#, status: 400, field: "overlays.route.color", message: "is not a #rrggbb or #rgb colour"),
        Case(name: "bad marker shape", body: "{" + location + #","overlays":{"markers":[{"lat":60.17,"lng":24.94,"shape":"star"}]}}"#, status: 400, field: "overlays.markers[0].shape", message: "give one of pin, dot, ring, crosshair, heart, home"),
        Case(name: "bad border", body: "{" + location + #","format":{"border":"dotted"}}"#, status: 400, field: "format.border", message: "give one of none, thin, thick, double, inset"),
        Case(name: "unknown title font", body: "{" + location + #","text":{"title_font":"Comic Sans"}}"#, status: 400, field: "text.title_font", message: "is not a bundled family"),
        Case(name: "pitched PDF is not drawn", body: "{" + location + #","camera":{"pitch":30},"output":{"format":"pdf"}}"#, status: 422, field: "camera.pitch",
             message: "a pitched map is drawn on PNG posters only; ask for output.format png, or pitch 0 for a PDF"),
        Case(name: "an option the style cannot draw yet", body: "{" + location + #","options":{"population":true}}"#, status: 422, field: "options.population",
             message: "style \"minimal\" cannot draw population yet (it needs a population-density source, Kontur's tiles in carto-art, which CartoPress does not have); send false or leave it out"),
        Case(name: "form-encoded body", body: "lat=60", status: 415, field: nil, message: "Content-Type: application/json", headers: ["Content-Type": "application/x-www-form-urlencoded"]),
        Case(name: "bad idempotency key", body: "{" + location + "}", status: 400, field: "Idempotency-Key", message: "printable ASCII", headers: ["Idempotency-Key": String(repeating: "k", count: 300)]),
        Case(name: "body over the size limit", body: "{" + location + #","text":{"title":""# + String(repeating: "z", count: 70_000) + #""}}"#, status: 413, field: nil, message: "larger than 65536 bytes"),
    ]

    @Test func everyBadRequestGetsItsDocumentedAnswer() async throws {
        #expect(Self.cases.count >= 30)
        let configuration = ServiceHarness.configuration {
            $0.workers = 0
            $0.maxOverlayVertices = 100
            $0.maxBodyBytes = 65_536
        }
        try await ServiceHarness.withService(configuration) { client, _ in
            for item in Self.cases {
                var headers = ServiceHarness.jsonHeaders
                for (name, value) in item.headers { headers[HTTPField.Name(name)!] = value }
                let (status, body) = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: headers,
                                                              body: ByteBuffer(string: item.body)) { ($0.status, ServiceHarness.object($0.body)) }
                #expect(Int(status.code) == item.status, "\(item.name): status \(status.code)")
                // Flat, as carto-art's clients read it: a short title in "error", the words in "message".
                let error = body
                let titles = [400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 406: "Not Acceptable", 413: "Content Too Large",
                              415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests"]
                #expect(body["error"] as? String == titles[item.status] ?? (body["error"] as? String ?? "-"), "\(item.name): \(body)")
                #expect((body["error"] as? String)?.isEmpty == false, "\(item.name): \(body)")
                let message = error["message"] as? String ?? ""
                #expect(message.contains(item.message), "\(item.name): message \(message)")
                #expect(!message.lowercased().contains("swift") && !message.contains("Thread"), "\(item.name) leaks internals: \(message)")
                if let field = item.field {
                    let fields = (error["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                    #expect(fields.contains(field), "\(item.name): fields \(fields)")
                }
            }
        }
    }

    @Test func unknownRoutesAndMethodsAnswerJSONErrors() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, _ in
            let missing = try await client.execute(uri: "/api/v1/nothing", method: .get) { ($0.status, ServiceHarness.object($0.body)) }
            #expect(missing.0 == .notFound && missing.1["code"] as? String == "not_found")
            let job = try await client.execute(uri: "/api/v1/posters/jobs/job_unknown", method: .get) { $0.status }
            #expect(job == .notFound)
            let file = try await client.execute(uri: "/api/v1/posters/files/..%2Fkeys.json", method: .get) { $0.status }
            #expect(file == .notFound)
        }
    }
}
