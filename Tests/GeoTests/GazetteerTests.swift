import Foundation
import Testing
@testable import Geo

/// Place search over the bundled GeoNames file (Data/gazetteer/cities15000.tsv) and small inline files:
/// folding, prefix matching, ranking, the `, country` part, tile places and the file's error messages.
@Suite struct GazetteerTests {
    static let bundledFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/gazetteer/cities15000.tsv")
    /// Read once for the whole suite: the tests only search it.
    static let bundled = Result { try Gazetteer(tsv: [UInt8](Data(contentsOf: bundledFile))) }

    func bundled() throws -> Gazetteer { try Self.bundled.get() }

    func first(_ query: String) throws -> GazetteerPlace? { try bundled().search(query, limit: 1).first }

    /// A file in the bundled format; `|` between alternates, columns as in the header.
    static let smallFile = """
        # A test gazetteer: geonameid, name, asciiname, country code, country name, admin1, lat, lon, population, alternates
        1\tParisot\tParisot\tFR\tFrance\t76\t44.26\t1.86\t1000000\t
        2\tParis\tParis\tFR\tFrance\t11\t48.85341\t2.3488\t1000\tLutetia|Paname
        3\tMalmö\tMalmo\tSE\tSweden\t27\t55.60587\t13.00073\t362133\tMalmoe|Мальмё

        4\tAbbeville\tAbbeville\tFR\tFrance\t32\t50.1\t1.83\t1000\t
        5\tAarau\tAarau\tCH\tSwitzerland\tAG\t47.39\t8.04\t1000
        """

    // MARK: the bundled file

    @Test func theBundledFileHasEveryCityWithItsValues() throws {
        let gazetteer = try bundled()
        #expect(gazetteer.count == 34_006)
        let helsinki = try #require(try first("Helsinki"))
        #expect(helsinki.id == 658_225)
        #expect(helsinki.name == "Helsinki" && helsinki.kind == "city")
        #expect(helsinki.countryCode == "FI" && helsinki.countryName == "Finland" && helsinki.admin1 == "01")
        #expect(abs(helsinki.latitude - 60.16952) < 1e-9 && abs(helsinki.longitude - 24.93545) < 1e-9)
        #expect(helsinki.population == 658_864)
        #expect(helsinki.displayName == "Helsinki, Finland")
        #expect(helsinki.position == LngLat(lng: 24.93545, lat: 60.16952))
    }

    @Test func namesAreFoundIgnoringCaseAccentsAndSpacing() throws {
        let expected: [(query: String, id: Int, name: String)] = [
            ("paris", 2_988_507, "Paris"),
            ("malmo", 2_692_969, "Malmö"),
            ("MALMÖ", 2_692_969, "Malmö"),
            ("sao paulo", 3_448_439, "São Paulo"),
            ("  São   Paulo ", 3_448_439, "São Paulo"),
            ("giessen", 2_920_512, "Gießen"),
            ("lodz", 3_093_133, "Łódź"),
            ("helsin", 658_225, "Helsinki"),
            ("new y", 5_128_581, "New York City"),
        ]
        for (query, id, name) in expected {
            let place = try first(query)
            #expect(place?.id == id && place?.name == name, "\(query) → \(String(describing: place?.displayName))")
        }
    }

    @Test func alternateNamesFindThePlaceTheyName() throws {
        let expected: [(query: String, id: Int)] = [
            ("helsingfors", 658_225), ("Helsingfors", 658_225),
            ("wien", 2_761_369), ("München", 2_867_714), ("munich", 2_867_714),
            ("東京", 1_850_147), ("Ｔｏｋｙｏ", 1_850_147), ("Хельсинки", 658_225), ("Peking", 1_816_670),
        ]
        for (query, id) in expected {
            let place = try first(query)
            #expect(place?.id == id, "\(query) → \(String(describing: place?.displayName))")
        }
    }

    @Test func aCountryAfterACommaNarrowsTheSearch() throws {
        let gazetteer = try bundled()
        for query in ["Paris, US", "paris,us", "Paris, United States", "Paris, united", "Paris, USA", "Paris, TX"] {
            let results = gazetteer.search(query, limit: 5)
            #expect(!results.isEmpty && results.allSatisfy { $0.countryCode == "US" }, "\(query)")
            #expect(results.first?.id == 4_717_560 && results.first?.admin1 == "TX", "\(query)")
        }
        #expect(gazetteer.search("Paris, France", limit: 1).first?.id == 2_988_507)
        #expect(gazetteer.search("London, UK", limit: 1).first?.countryCode == "GB")
        #expect(gazetteer.search("Paris, Atlantis", limit: 5).isEmpty)
        // A comma with nothing after it is no filter.
        #expect(gazetteer.search("Paris,", limit: 1).first?.id == 2_988_507)
    }

    @Test func resultsAreRankedOnceEachAndLimited() throws {
        let gazetteer = try bundled()
        for query in ["", "   ", ",", " - ", "'", ", US"] {
            #expect(gazetteer.search(query, limit: 10).isEmpty, "\(query)")
        }
        #expect(gazetteer.search("paris", limit: 0).isEmpty)
        let many = gazetteer.search("s", limit: 25)
        #expect(many.count == 25)
        #expect(zip(many, many.dropFirst()).allSatisfy { $0.population >= $1.population })
        #expect(many.first?.name == "Shanghai")
        // Helsinki has many keys starting with "hel" (Helsinki, Helsingfors, ...): it is listed once.
        let hel = gazetteer.search("hel", limit: 50)
        #expect(Set(hel.map(\.id)).count == hel.count)
        #expect(hel.filter { $0.id == 658_225 }.count == 1)
        // Places called York, the small one in the US too, come before New York City, which a key only starts
        // with "york" (its Basque name, York Berri).
        let york = gazetteer.search("york", limit: 10).map(\.displayName)
        #expect(york.first == "York, United Kingdom")
        let yorkUS = try #require(york.firstIndex(of: "York, United States"))
        let newYork = try #require(york.firstIndex(of: "New York City, United States"))
        #expect(yorkUS < newYork)
    }

    @Test func ownNamesRankAboveAlternateNames() throws {
        let gazetteer = try Self.bundled.get()
        // Jakarta was once "New York Van Java" and Aleppo is "Haleb" in some languages: neither may come first.
        let newY = gazetteer.search("new y", limit: 3).map(\.displayName)
        #expect(newY.first == "New York City, United States", "\(newY)")
        #expect(!newY.prefix(2).contains("Jakarta, Indonesia"), "\(newY)")
        #expect(gazetteer.search("hel", limit: 1).first?.name == "Helsinki")
        // A name found only as an alternate still comes, after the places named so.
        #expect(gazetteer.search("helsingfors", limit: 1).first?.name == "Helsinki")
    }

    // MARK: small files

    @Test func aSmallFileRanksWholeNamesFirstThenByPopulation() throws {
        let gazetteer = try Gazetteer(tsv: Array(Self.smallFile.utf8))
        #expect(gazetteer.count == 5)
        #expect(gazetteer.search("pari", limit: 5).map(\.id) == [1, 2])
        // "Paris" is the whole name of the smaller place: it comes first.
        #expect(gazetteer.search("paris", limit: 5).map(\.id) == [2, 1])
        #expect(gazetteer.search("paris", limit: 1).map(\.id) == [2])
        #expect(gazetteer.search("paname", limit: 5).map(\.id) == [2])
        #expect(gazetteer.search("мальме", limit: 5).map(\.id) == [3])
        // Equal populations rank by name.
        #expect(gazetteer.search("a", limit: 5).map(\.id) == [5, 4])
        let aarau = try #require(gazetteer.search("aarau", limit: 1).first)
        #expect(aarau == GazetteerPlace(id: 5, name: "Aarau", countryCode: "CH", countryName: "Switzerland", admin1: "AG",
                                        latitude: 47.39, longitude: 8.04, population: 1000, kind: "city"))
        #expect(gazetteer.search("Paris, CH", limit: 5).isEmpty)
        #expect(gazetteer.search("Pa, fr", limit: 5).map(\.id) == [1, 2])
    }

    @Test func aBadLineIsNamedWithWhatIsWrong() {
        let cases: [(line: String, reason: String)] = [
            ("7\tNowhere\tNowhere\tFR\tFrance", "expected 10 tab-separated fields, found 5"),
            ("7\tNowhere\tNowhere\tFR\tFrance\t11\t91.5\t2.0\t10\t", "latitude \"91.5\" is not a number between -90 and 90"),
            ("7\tNowhere\tNowhere\tFR\tFrance\t11\t45\t2,0\t10\t", "longitude \"2,0\" is not a number between -180 and 180"),
            ("7\tNowhere\tNowhere\tfr\tFrance\t11\t45\t2\t10\t", "country code \"fr\" is not two capital letters"),
            ("7\tNowhere\tNowhere\tFR\tFrance\t11\t45\t2\t-10\t", "population \"-10\" is not a whole number of 0 or more"),
            ("x7\tNowhere\tNowhere\tFR\tFrance\t11\t45\t2\t10\t", "geonameid \"x7\" is not a whole number"),
            ("7\t\tNowhere\tFR\tFrance\t11\t45\t2\t10\t", "the name is empty"),
        ]
        for (line, reason) in cases {
            // The comment and the blank lines count: the bad line is the file's 9th.
            let file = Self.smallFile + "\n\n" + line + "\n"
            let error = #expect(throws: GazetteerError.self) { try Gazetteer(tsv: Array(file.utf8)) }
            #expect(error == GazetteerError(line: 9, reason: reason), "\(String(describing: error))")
            #expect(error?.description.hasPrefix("gazetteer line 9: \(reason)") == true)
            #expect(error?.description.contains("scripts/build-gazetteer.py") == true)
        }
    }

    @Test func windowsLineEndsAndAMissingFinalNewlineRead() throws {
        let file = "# comment\r\n2\tParis\tParis\tFR\tFrance\t11\t48.85341\t2.3488\t1000\tLutetia\r\n3\tLyon\tLyon\tFR\tFrance\t84\t45.75\t4.85\t500"
        let gazetteer = try Gazetteer(tsv: Array(file.utf8))
        #expect(gazetteer.search("lutetia", limit: 1).first?.name == "Paris")
        #expect(gazetteer.search("lyon", limit: 1).first?.population == 500)
    }

    // MARK: tile places

    @Test func tilePlacesAreAddedOnceAndRankedByTheirKind() throws {
        var gazetteer = try Gazetteer(tsv: Array(Self.smallFile.utf8))
        let added = gazetteer.add([
            GazetteerPlace(id: -1, name: "Parc Montsouris", countryCode: "FR", countryName: "France", latitude: 48.822, longitude: 2.338, kind: "suburb"),
            GazetteerPlace(id: -2, name: "Pärnu", latitude: 58.385, longitude: 24.497, kind: "town"),
            // The same label from a neighbouring tile, and a label for a city the file has.
            GazetteerPlace(id: -3, name: "Parc Montsouris", countryCode: "FR", countryName: "France", latitude: 48.8221, longitude: 2.3381, kind: "suburb"),
            GazetteerPlace(id: -4, name: "Paris", countryCode: "FR", countryName: "France", latitude: 48.8566, longitude: 2.3522, kind: "city"),
            // Same name, another place.
            GazetteerPlace(id: -5, name: "Paris", countryCode: "CA", countryName: "Canada", latitude: 43.2, longitude: -80.38, kind: "town"),
        ])
        #expect(added == 3)
        #expect(gazetteer.count == 8)
        // Parisot 1 000 000, Paris (Canada) and Pärnu as towns 10 000, Parc Montsouris as a suburb 5 000, Paris 1 000.
        // Paris (Canada) and Pärnu both rank as towns: by name.
        #expect(gazetteer.search("par", limit: 10).map(\.id) == [1, -5, -2, -1, 2])
        #expect(gazetteer.search("paris", limit: 10).map(\.id) == [-5, 2, 1])
        #expect(gazetteer.search("parnu", limit: 10).first?.displayName == "Pärnu")
        #expect(gazetteer.search("par, canada", limit: 10).map(\.id) == [-5])
        #expect(gazetteer.add([]) == 0)
    }

    @Test func keysFoldTheWayTheScriptDocuments() {
        let expected: [(String, String)] = [
            ("São Paulo", "sao paulo"), ("Gießen", "giessen"), ("L'Aquila", "laquila"), ("St. Louis", "st louis"),
            ("  New   York-City ", "new york city"), ("Ｔｏｋｙｏ", "tokyo"), ("Ελσίνκι", "ελσινκι"), ("Łódź", "lodz"),
            ("Ærøskøbing", "aeroskobing"), ("Þórshöfn", "thorshofn"), ("Frankfurt (Oder)", "frankfurt oder"), ("東京", "東京"),
            ("Malm\u{F6}", "malmo"), ("Malmo\u{308}", "malmo"),  // precomposed and decomposed ö
            ("Xi\u{2019}an", "xian"), ("Paris, US", "paris us"),
        ]
        for (text, key) in expected {
            #expect(GazetteerFolding.key(text) == Array(key.utf8), "\(text)")
        }
    }
}
