import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RenderService

/// Place search without an outside service: `GET /api/geocode` from the bundled gazetteer and the tiles'
/// own place names, and `location.query` in a poster request.
@Suite struct PlaceSearchTests {
    static func places(_ client: any TestClientProtocol, _ query: String, limit: Int = 5) async throws -> [[String: String]] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        return try await client.execute(uri: "/api/geocode?q=\(encoded)&limit=\(limit)", method: .get) { response in
            #expect(response.status == .ok, "\(query)")
            return (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: String]]) ?? []
        }
    }

    @Test func citiesAreFoundByPrefixWithoutAccentsAndRankedByPopulation() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, _ in
            let paris = try await Self.places(client, "paris")
            #expect(paris.first?["display_name"] == "Paris, France")
            #expect(paris.first?["place_id"]?.hasPrefix("geonames:") == true && paris.first?["class"] == "place")
            #expect(try await Self.places(client, "Paris, US").first?["country_code"] == "us")
            #expect(try await Self.places(client, "sao paul").first?["display_name"] == "São Paulo, Brazil")
            #expect(try await Self.places(client, "malmo").first?["name"] == "Malmö")
            let helsinki = try #require(try await Self.places(client, "helsin", limit: 1).first)
            #expect(helsinki["display_name"] == "Helsinki, Finland")
            #expect(helsinki["lat"] == "60.16952" && helsinki["lon"] == "24.93545")
            #expect(try await Self.places(client, "Zzyzxqq").isEmpty)
        }
    }

    @Test func placesTheTilesNameAreFoundWithTheirCountry() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, _ in
            // Kaartinkaupunki is a Helsinki quarter: not a GeoNames city, but a place label of the bundled tiles.
            let quarter = try #require(try await Self.places(client, "kaartinkau", limit: 1).first)
            #expect(quarter["display_name"] == "Kaartinkaupunki, Finland", "\(quarter)")
            #expect(quarter["place_id"]?.hasPrefix("tiles:") == true)
            let lat = try #require(Double(quarter["lat"] ?? "")), lon = try #require(Double(quarter["lon"] ?? ""))
            #expect(abs(lat - 60.165) < 0.01 && abs(lon - 24.945) < 0.01, "\(lat), \(lon)")
        }
    }

    @Test func aPosterRequestCanNameItsPlace() async throws {
        try await ServiceHarness.withService(ServiceHarness.configuration { $0.workers = 0 }) { client, runtime in
            let order = try runtime.parser.parse(Array(#"{"location":{"query":"Helsinki"},"output":{"width":600,"height":900}}"#.utf8))
            #expect(abs(order.poster.spec.center.lat - 60.16952) < 1e-6 && abs(order.poster.spec.center.lng - 24.93545) < 1e-6)
            #expect(order.poster.spec.title == "Helsinki" && order.poster.spec.subtitle == "Finland")
            let titled = try runtime.parser.parse(Array(#"{"location":{"query":"Helsinki"},"text":{"title":"Stadi"}}"#.utf8))
            #expect(titled.poster.spec.title == "Stadi" && titled.poster.spec.subtitle == "Finland")
            for (body, phrase) in [
                (#"{"location":{"query":"Atlantis Zzyzx"}}"#, "location.query: no place matches \"Atlantis Zzyzx\""),
                (#"{"location":{"query":"Paris","lat":1,"lng":2}}"#, "location: give either lat and lng or query, not both"),
                (#"{"location":{"query":"  "}}"#, "location.query: is empty"),
            ] {
                let answer = try await client.execute(uri: "/api/v1/posters/generate", method: .post, headers: ServiceHarness.headers(),
                                                      body: ServiceHarness.body(body)) { $0 }
                #expect(answer.status == .badRequest, "\(body)")
                let message = ServiceHarness.object(answer.body)["message"] as? String ?? ""
                #expect(message.contains(phrase), "\(body): \(message)")
            }
        }
    }
}
