import Foundation
import Geo
import HTTPTypes
import PosterPipeline
import Hummingbird
import NIOCore

/// `GET /api/geocode?q=…&limit=…`: place names to coordinates, at the path carto-art's MCP tool asks
/// (`[{lat, lon, display_name, …}]`, Nominatim's shape, coordinates as strings). Answered from the bundled
/// gazetteer (GeoNames' cities and the configured tiles' place names: no outside service), or, when the
/// operator sets `CARTOPRESS_GEOCODER_URL`, by that Nominatim-compatible search endpoint instead.
struct GeocodeRoutes {
    let runtime: ServiceRuntime
    let client = GeocoderClient()

    /// Most results one request may ask for.
    static let maxLimit = 10

    func add(to group: RouterGroup<ServiceRequestContext>) {
        group.get("geocode") { request, _ in try await geocode(request) }
    }

    private func geocode(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        var problems: [APIError.Detail] = []
        for name in Set(query.map { String($0.key) }).subtracting(["q", "limit"]).sorted() {
            problems.append(.init(field: String(name.prefix(100)), reason: "is not a parameter; give q and limit"))
        }
        let text = query.get("q") ?? ""
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || text.unicodeScalars.count > 200 {
            problems.append(.init(field: "q", reason: "give a place name of 1 to 200 characters"))
        }
        let limit = query.get("limit").map { Int($0) ?? -1 } ?? 1
        if !(1...Self.maxLimit).contains(limit) { problems.append(.init(field: "limit", reason: "must be a whole number from 1 to \(Self.maxLimit)")) }
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        guard let base = runtime.configuration.geocoderURL else {
            let places = runtime.pipeline.places
            let found = try await Offload.api { () throws(APIError) -> [GazetteerPlace] in
                do throws(PipelineError) { return try places.search(text, limit: limit) } catch {
                    throw APIError(.internal, "place search is unavailable: \(error)", cause: error)
                }
            }
            var response = try JSONBody.response(found.map(Self.answer), status: .ok)
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
        var components = URLComponents(string: base)
        let existing = components?.queryItems ?? []
        components?.queryItems = existing + [URLQueryItem(name: "q", value: text), URLQueryItem(name: "format", value: "jsonv2"),
                                             URLQueryItem(name: "limit", value: String(limit))]
        guard let url = components?.url?.absoluteString else { throw APIError(.internal, "CARTOPRESS_GEOCODER_URL is not a URL") }
        let client = self.client
        let response = try await Offload.api { () throws(APIError) -> (status: Int, body: [UInt8]) in
            do { return try client.get(url) } catch {
                throw APIError(.unavailable, "the geocoder did not answer: \(error); retry shortly", headers: [.retryAfter: "5"], cause: error)
            }
        }
        guard response.status == 200, let places = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] else {
            throw APIError(.unavailable, "the geocoder answered HTTP \(response.status) without a list of places; retry shortly", headers: [.retryAfter: "5"])
        }
        // Only what a client reads, in Nominatim's own form (coordinates as strings).
        let answer: [[String: String]] = places.prefix(limit).compactMap { place in
            guard let lat = Self.coordinate(place["lat"]), let lon = Self.coordinate(place["lon"]) else { return nil }
            return ["lat": lat, "lon": lon, "display_name": place["display_name"] as? String ?? ""]
        }
        return try JSONBody.response(answer, status: .ok)
    }

    /// A gazetteer place in Nominatim's form, as carto-art's clients read it.
    static func answer(_ place: GazetteerPlace) -> [String: String] {
        [
            "place_id": place.id > 0 ? "geonames:\(place.id)" : "tiles:\(-place.id)",
            "lat": String(format: "%.5f", place.latitude), "lon": String(format: "%.5f", place.longitude),
            "display_name": place.displayName, "name": place.name, "class": "place", "type": place.kind,
            "country_code": place.countryCode.lowercased(),
        ]
    }

    static func coordinate(_ value: Any?) -> String? {
        if let text = value as? String, Double(text) != nil { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
