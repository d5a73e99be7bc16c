/// A named place that ``Gazetteer`` can find: a GeoNames city from the bundled file, or a place label read
/// from map tiles.
public struct GazetteerPlace: Sendable, Hashable {
    /// GeoNames' geonameid for bundled places; whatever the caller chose for others (negative numbers keep
    /// them apart from GeoNames').
    public var id: Int
    /// The name as the source writes it, accents and all ("Malmö", "São Paulo").
    public var name: String
    /// ISO 3166-1 alpha-2, upper case ("FI"); empty when unknown.
    public var countryCode: String
    /// The country's English name ("Finland"); empty when unknown.
    public var countryName: String
    /// GeoNames' first-level administrative division code ("01", or a US state such as "TX"); empty when unknown.
    public var admin1: String
    /// Degrees, north positive.
    public var latitude: Double
    /// Degrees, east positive.
    public var longitude: Double
    /// Inhabitants; 0 when unknown, and then search ranks the place by ``typicalPopulation(ofKind:)``.
    public var population: Int
    /// "city" for GeoNames places; the OpenStreetMap `place` class ("town", "suburb", ...) for tile labels.
    public var kind: String

    public init(id: Int, name: String, countryCode: String = "", countryName: String = "", admin1: String = "",
                latitude: Double, longitude: Double, population: Int = 0, kind: String) {
        self.id = id
        self.name = name
        self.countryCode = countryCode
        self.countryName = countryName
        self.admin1 = admin1
        self.latitude = latitude
        self.longitude = longitude
        self.population = population
        self.kind = kind
    }

    /// The name with its country, as a search result shows it: "Helsinki, Finland" (just the name when the
    /// country is unknown).
    public var displayName: String { countryName.isEmpty ? name : "\(name), \(countryName)" }

    public var position: LngLat { LngLat(lng: longitude, lat: latitude) }

    /// The population search ranks by: the real one when known, else the typical one for the kind.
    public var rankingPopulation: Int { population > 0 ? population : Self.typicalPopulation(ofKind: kind) }

    /// A stand-in population for a place whose labels carry none (OpenStreetMap `place` classes), so that a
    /// town outranks a village of the same name and every GeoNames city (15 000 or more) outranks a suburb.
    ///
    /// city 100 000, borough 50 000, town 10 000, suburb 5 000, quarter 2 000, village and neighbourhood 1 000,
    /// hamlet 100, anything else (isolated_dwelling, locality, farm, unknown) 10.
    public static func typicalPopulation(ofKind kind: String) -> Int {
        switch kind {
        case "city": 100_000
        case "borough": 50_000
        case "town": 10_000
        case "suburb": 5_000
        case "quarter": 2_000
        case "village", "neighbourhood": 1_000
        case "hamlet": 100
        default: 10
        }
    }
}
