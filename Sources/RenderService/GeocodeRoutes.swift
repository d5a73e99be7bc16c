import Foundation
import Hummingbird
import NIOCore

/// `GET /api/geocode?q=…&limit=…`: place names to coordinates, at the path carto-art's MCP tool asks
/// (`[{lat, lon, display_name}]`, Nominatim's shape, coordinates as strings). CartoPress has no gazetteer of
/// its own: the answer comes from the Nominatim-compatible search endpoint in `GEOCODER_URL` (the
/// operator's own Nominatim, or openstreetmap.org's within its usage policy). Unset, the route says so.
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
            throw APIError.notFound("geocoding is not configured here: the operator sets CARTOPRESS_GEOCODER_URL to a Nominatim search endpoint; or give location{lat,lng} yourself")
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

    static func coordinate(_ value: Any?) -> String? {
        if let text = value as? String, Double(text) != nil { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
