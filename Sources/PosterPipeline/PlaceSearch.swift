import Foundation
public import Geo
import TileFetch

/// Place search without an outside service: GeoNames' cities of 15,000 people or more (bundled in
/// `Data/gazetteer/`, CC BY 4.0) and the places the configured tiles name, built on first use and kept.
public final class PlaceSearch: @unchecked Sendable {
    // @unchecked: `built` is set once under `lock`; Gazetteer is an immutable value afterwards.
    private let file: String
    private let tiles: @Sendable () -> (any SyncTileSource)?
    private let lock = NSLock()
    private var built: Result<Gazetteer, PipelineError>?

    /// - Parameters:
    ///   - file: the gazetteer TSV (`Data/gazetteer/cities15000.tsv`).
    ///   - tiles: the vector tiles whose place labels are added, read once.
    init(file: String, tiles: @escaping @Sendable () -> (any SyncTileSource)?) {
        self.file = file
        self.tiles = tiles
    }

    /// The gazetteer, read on first use.
    public func gazetteer() throws(PipelineError) -> Gazetteer {
        try lock.withLock { () -> Result<Gazetteer, PipelineError> in
            if let built { return built }
            let result = Result { () throws(PipelineError) -> Gazetteer in try build() }
            built = result
            return result
        }.get()
    }

    /// The places matching `query`, best first (see ``Gazetteer/search(_:limit:)``).
    public func search(_ query: String, limit: Int) throws(PipelineError) -> [GazetteerPlace] {
        try gazetteer().search(query, limit: limit)
    }

    private func build() throws(PipelineError) -> Gazetteer {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PipelineError(.resourcesNotFound, "the gazetteer \(file) cannot be read; it ships in Data/gazetteer/ (scripts/build-gazetteer.py writes it)")
        }
        var gazetteer: Gazetteer
        do {
            gazetteer = try Gazetteer(tsv: [UInt8](data))
        } catch {
            throw PipelineError(.resourcesNotFound, "the gazetteer \(file) is damaged: \(error)", cause: error)
        }
        if let source = tiles() {
            gazetteer.add(Self.withCountries(TilePlaceNames.read(source), from: gazetteer))
        }
        return gazetteer
    }

    /// Tile places carry no country: each takes that of the nearest city within 100 km.
    static func withCountries(_ places: [GazetteerPlace], from gazetteer: Gazetteer) -> [GazetteerPlace] {
        guard let minLat = places.map(\.latitude).min(), let maxLat = places.map(\.latitude).max(),
              let minLng = places.map(\.longitude).min(), let maxLng = places.map(\.longitude).max() else { return places }
        // About 100 km around the places, so that the nearest-city search looks at a few cities, not all.
        let nearby = gazetteer.places.filter {
            $0.latitude >= minLat - 1 && $0.latitude <= maxLat + 1 && $0.longitude >= minLng - 2 && $0.longitude <= maxLng + 2 && !$0.countryCode.isEmpty
        }
        return places.map { place in
            var place = place
            let scale = cos(place.latitude * .pi / 180)
            func distance(_ other: GazetteerPlace) -> Double {
                let dy = other.latitude - place.latitude, dx = (other.longitude - place.longitude) * scale
                return dx * dx + dy * dy
            }
            if let nearest = nearby.min(by: { distance($0) < distance($1) }), distance(nearest) < 1 {
                place.countryCode = nearest.countryCode
                place.countryName = nearest.countryName
            }
            return place
        }
    }
}
