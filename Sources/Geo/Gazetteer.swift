import Foundation

/// Place search without an outside service: the world's cities from the bundled GeoNames file
/// (`Data/gazetteer/cities15000.tsv`, every place of 15 000 inhabitants or more), plus whatever place labels
/// the caller adds from map tiles.
///
/// Names are matched by prefix, ignoring case, accents and punctuation (``GazetteerFolding``), on a place's
/// name, its ASCII spelling and its alternate names, so "helsin", "Helsingfors" and "ヘルシンキ" all find
/// Helsinki and "sao paulo" finds São Paulo. A query may end in `, country` ("Paris, US",
/// "Paris, United States", or a US state's code: "Paris, TX").
///
/// Results are ranked with places whose whole key equals the query first ("Paris" before "Parisot"), then by
/// population, largest first, then by name. Building takes one pass over the file and a radix sort of the
/// keys; a search is a binary search and a walk over the keys that start with the query.
public struct Gazetteer: Sendable {
    /// Every place, in the order they were read and added.
    public private(set) var places: [GazetteerPlace] = []
    private var index = GazetteerKeyIndex()
    /// Indices into `places`, best first: ``GazetteerPlace/rankingPopulation`` descending, then name, then id.
    private var order: [Int32] = []
    /// Each place's position in `order`, so that ranking two places is comparing two integers.
    private var rank: [Int32] = []
    /// Country codes with their folded names, for the `, country` part of a query.
    private var countryKeys: [String: [UInt8]] = [:]

    /// A gazetteer without places, for ``add(_:)``.
    public init() {}

    /// Reads the bundled gazetteer file: `#` comment lines, then per line ten tab-separated fields,
    /// geonameid, name, asciiname, country code, country name, admin1 code, latitude, longitude, population
    /// and `|`-separated alternate names (the last may be left off). Empty lines are skipped.
    ///
    /// - Throws: ``GazetteerError`` with the line number of the first line that does not read.
    public init(tsv: [UInt8]) throws(GazetteerError) {
        let reader = try GazetteerTSVReader(tsv)
        places = reader.places
        index = reader.index
        for case let country? in reader.countries { countryKeys[country.code] = GazetteerFolding.key(country.name) }
        order = Self.ranked(Array(0..<Int32(places.count)), places)
        rank = Self.ranks(of: order)
    }

    /// How many places there are.
    public var count: Int { places.count }

    /// Adds places read elsewhere, such as the place labels of map tiles, searchable by their name.
    ///
    /// A place is left out when it repeats one already here: a place with the same name (any of its keys,
    /// once folded) within 10 km, such as a tile's "Helsinki" label beside GeoNames' Helsinki, or the same
    /// label read from two tiles. Places without a population rank by ``GazetteerPlace/typicalPopulation(ofKind:)``.
    ///
    /// - Returns: how many places were added.
    @discardableResult
    public mutating func add(_ newPlaces: [GazetteerPlace]) -> Int {
        var added = GazetteerKeyIndex()
        var addedByKey: [[UInt8]: [Int]] = [:]
        let firstNew = places.count
        for place in newPlaces {
            let key = GazetteerFolding.key(place.name)
            guard !key.isEmpty, !hasPlace(withKey: key, near: place), !(addedByKey[key] ?? []).contains(where: { Self.isNear(places[$0], place) }) else { continue }
            addedByKey[key, default: []].append(places.count)
            added.addKey(of: place.name, place: Int32(places.count))
            places.append(place)
            if !place.countryCode.isEmpty, countryKeys[place.countryCode] == nil {
                countryKeys[place.countryCode] = GazetteerFolding.key(place.countryName)
            }
        }
        guard places.count > firstNew else { return 0 }
        added.sort()
        index.merge(added)
        order = Self.merged(order, Self.ranked(Array(Int32(firstNew)..<Int32(places.count)), places), places)
        rank = Self.ranks(of: order)
        return places.count - firstNew
    }

    /// The places matching `query`, best first, each at most once; none for a query without letters or
    /// digits, or with a `, country` part no place matches.
    public func search(_ query: String, limit: Int) -> [GazetteerPlace] {
        guard limit > 0 else { return [] }
        var name = Substring(query)
        var filter: CountryFilter?
        if let comma = query.lastIndex(of: ",") {
            name = query[..<comma]
            let wanted = GazetteerFolding.key(String(query[query.index(after: comma)...]))
            if !wanted.isEmpty { filter = CountryFilter(wanted, countryKeys: countryKeys) }
        }
        let key = GazetteerFolding.key(String(name))
        guard !key.isEmpty else { return [] }

        // Ranks of the places one of whose keys is the query; then of the best `limit` others whose own name
        // starts with it, then of those found only by an alternate name (so that "new y" finds New York before
        // Jakarta, once called "New York Van Java"); each ascending.
        var exact: [Int32] = []
        var named: [Int32] = []
        var alternate: [Int32] = []
        func insert(_ placeRank: Int32, into list: inout [Int32]) {
            if list.count == limit, placeRank >= list[limit - 1] { return }
            var slot = list.count
            while slot > 0 && list[slot - 1] >= placeRank { slot -= 1 }
            if slot < list.count && list[slot] == placeRank { return }
            list.insert(placeRank, at: slot)
            if list.count > limit { list.removeLast() }
        }
        index.forEachKey(startingWith: key) { place, isWholeKey in
            let candidate = places[Int(place)]
            if let filter, !filter.accepts(candidate) { return }
            let placeRank = rank[Int(place)]
            if isWholeKey {
                if !exact.contains(placeRank) { exact.append(placeRank) }
                return
            }
            // The whole keys come first in key order, so `exact` is complete by now.
            if exact.contains(placeRank) { return }
            if GazetteerFolding.key(candidate.name).starts(with: key) {
                alternate.removeAll { $0 == placeRank }
                insert(placeRank, into: &named)
            } else if !named.contains(placeRank) {
                insert(placeRank, into: &alternate)
            }
        }
        return (exact.sorted() + named + alternate).prefix(limit).map { places[Int(order[Int($0)])] }
    }

    private func hasPlace(withKey key: [UInt8], near place: GazetteerPlace) -> Bool {
        var found = false
        index.forEachKey(startingWith: key) { other, isWholeKey in
            if isWholeKey && Self.isNear(places[Int(other)], place) { found = true }
        }
        return found
    }

    /// Within 10 km: a city's label in the tiles and its GeoNames point can lie a few kilometres apart, and
    /// two real places of one name are rarely closer.
    private static func isNear(_ one: GazetteerPlace, _ other: GazetteerPlace) -> Bool {
        let kilometresPerDegree = 111.2
        let north = (one.latitude - other.latitude) * kilometresPerDegree
        var longitudeDifference = abs(one.longitude - other.longitude)
        if longitudeDifference > 180 { longitudeDifference = 360 - longitudeDifference }
        let east = longitudeDifference * kilometresPerDegree * cos((one.latitude + other.latitude) / 2 * .pi / 180)
        return north * north + east * east <= 10 * 10
    }

    private static func ranksBefore(_ one: GazetteerPlace, _ other: GazetteerPlace) -> Bool {
        let onePopulation = one.rankingPopulation
        let otherPopulation = other.rankingPopulation
        if onePopulation != otherPopulation { return onePopulation > otherPopulation }
        if one.name != other.name { return one.name < other.name }
        return one.id < other.id
    }

    /// `indices` best first. The bundled file is nearly in this order already (only places without a
    /// population move up, to their stand-in population): the in-order ones are kept, the few others sorted
    /// and merged in, which costs far less than sorting everything.
    private static func ranked(_ indices: [Int32], _ places: [GazetteerPlace]) -> [Int32] {
        var inOrder: [Int32] = []
        var stragglers: [Int32] = []
        inOrder.reserveCapacity(indices.count)
        for index in indices {
            if let last = inOrder.last, ranksBefore(places[Int(index)], places[Int(last)]) {
                stragglers.append(index)
            } else {
                inOrder.append(index)
            }
        }
        return merged(inOrder, stragglers.sorted { ranksBefore(places[Int($0)], places[Int($1)]) }, places)
    }

    private static func merged(_ one: [Int32], _ other: [Int32], _ places: [GazetteerPlace]) -> [Int32] {
        var merged: [Int32] = []
        merged.reserveCapacity(one.count + other.count)
        var first = 0
        var second = 0
        while first < one.count || second < other.count {
            if second == other.count || (first < one.count && !ranksBefore(places[Int(other[second])], places[Int(one[first])])) {
                merged.append(one[first])
                first += 1
            } else {
                merged.append(other[second])
                second += 1
            }
        }
        return merged
    }

    private static func ranks(of order: [Int32]) -> [Int32] {
        var rank = [Int32](repeating: 0, count: order.count)
        for (position, place) in order.enumerated() { rank[Int(place)] = Int32(position) }
        return rank
    }

    /// The `, country` part of a query: a country code ("us"), the start of a country's name ("united
    /// states", "united"), a common short form ("uk", "usa"), or an admin1 code ("tx", a US state).
    private struct CountryFilter {
        private static let shortForms: [String: String] = ["uk": "GB", "usa": "US", "uae": "AE"]
        let countryCodes: Set<String>
        let admin1: String

        init(_ wanted: [UInt8], countryKeys: [String: [UInt8]]) {
            let text = String(decoding: wanted, as: UTF8.self)
            var codes = Set(countryKeys.filter { code, nameKey in code.lowercased() == text || nameKey.starts(with: wanted) }.keys)
            if let code = Self.shortForms[text] { codes.insert(code) }
            countryCodes = codes
            admin1 = text.uppercased()
        }

        func accepts(_ place: GazetteerPlace) -> Bool {
            countryCodes.contains(place.countryCode) || (!place.admin1.isEmpty && place.admin1 == admin1)
        }
    }
}
