/// A geographic position in degrees (WGS 84).
public struct LngLat: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Longitude in degrees, east positive.
    public var lng: Double
    /// Latitude in degrees, north positive.
    public var lat: Double

    public init(lng: Double, lat: Double) {
        self.lng = lng
        self.lat = lat
    }

    public var description: String { "(\(lng), \(lat))" }

    /// The position as a poster's coordinates line, e.g. `60.1699° N / 24.9384° E`.
    public func formattedForPoster(fractionDigits: Int = 4) -> String {
        let latHemisphere = lat >= 0 ? "N" : "S"
        let lngHemisphere = lng >= 0 ? "E" : "W"
        return "\(Self.format(abs(lat), fractionDigits))° \(latHemisphere) / \(Self.format(abs(lng), fractionDigits))° \(lngHemisphere)"
    }

    /// Fixed-point formatting without Foundation's locale-dependent formatters.
    static func format(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        let whole = Int(scaled / scale)
        guard digits > 0 else { return String(whole) }
        let fraction = Int(scaled - Double(whole) * scale)
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        return "\(whole).\(fractionText)"
    }
}
