import HTTPTransport

/// Asks a Nominatim-compatible search endpoint (`GEOCODER_URL`) over libcurl. Kept apart from the routes,
/// whose HTTP types share their names with the transport's.
struct GeocoderClient: Sendable {
    let transport: any HTTPTransport

    init() {
        var configuration = TransportConfiguration()
        configuration.maxResponseBytes = 1 << 20
        // Nominatim's usage policy asks for an identifying User-Agent.
        configuration.userAgent = "CartoPress/1.0 (poster service; geocoding for carto-art's clients)"
        transport = CurlTransport(configuration: configuration)
    }

    /// The status and body of a GET on `url`.
    func get(_ url: String) throws(HTTPTransportError) -> (status: Int, body: [UInt8]) {
        let response = try transport.send(HTTPRequest(url: url, headers: [(name: "Accept", value: "application/json")], timeout: 10))
        return (response.status, response.body)
    }
}
