import Foundation
import Testing
@testable import StyleKit

@Suite struct StyleCatalogTests {
    static let stylesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Styles")

    static func files() throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: stylesDirectory.path) where name.hasSuffix(".json") {
            files[name] = [UInt8](try Data(contentsOf: stylesDirectory.appendingPathComponent(name)))
        }
        return files
    }

    /// carto-art's styles in its order, each with its palettes (first the default), as carto-art ef97c4f has them.
    static let cartoArtPalettes: [(style: String, count: Int, default: String)] = [
        ("minimal", 21, "minimal-ink"), ("dark-mode", 7, "dark-gold"), ("midnight", 1, "midnight-classic"),
        ("blueprint", 5, "blueprint-classic"), ("vintage", 6, "vintage-parchment"), ("topographic", 5, "topo-survey"),
        ("watercolor", 6, "watercolor-coastal"), ("abstract", 9, "abstract-blocks"), ("atmospheric", 9, "atmospheric-desert-dusk"),
        ("organic", 15, "organic-abyss"), ("retro", 5, "retro-70s-earth"),
    ]

    @Test func everyBundledStyleAndPaletteValidates() throws {
        let catalog = try StyleCatalog(files: try Self.files())
        #expect(catalog.entries.map(\.id) == Self.cartoArtPalettes.map(\.style))
        #expect(catalog.entries.map(\.palettes.count) == Self.cartoArtPalettes.map(\.count))
        #expect(catalog.entries.map { $0.palettes.first?.id } == Self.cartoArtPalettes.map(\.default))
        #expect(catalog.entries.reduce(0) { $0 + $1.palettes.count } == 89)
        for entry in catalog.entries {
            #expect(!entry.description.isEmpty)
            // Every option of carto-art's API that a style draws maps to layers.
            for option in ["streets", "water", "parks", "buildings", "buildings_3d", "labels", "background", "terrain", "contours",
                           "terrain_under_water", "boundaries", "landcover_wood", "landcover_grass", "landcover_farmland",
                           "landcover_ice", "landuse_forest", "landuse_orchard", "landuse_vineyard", "landuse_cemetery", "landuse_grass", "pois"] {
                #expect(entry.style.toggles[option]?.isEmpty == false, "\(entry.id) \(option)")
            }
            #expect(entry.style.toggles["population"] == nil, "\(entry.id)")
        }
    }

    @Test func optionsDefaultAsCartoArtsAPIRoute() throws {
        let listing = try StyleCatalog(files: try Self.files()).listing
        for style in listing.styles {
            let on = Set(style.options.filter(\.default).map(\.id))
            // Railways are no option of carto-art's API; its renderer's defaults draw them.
            #expect(on == ["background", "buildings", "labels", "parks", "railroads", "streets", "water"], "\(style.id)")
        }
    }

    @Test func eachStyleTitlesInCartoArtsFont() throws {
        let catalog = try StyleCatalog(files: try Self.files())
        let fonts = catalog.entries.map { "\($0.id): \($0.style.titleFont?.family ?? "-") \($0.style.titleFont?.weight ?? 0)" }
        // Vintage's IM Fell English is in no registry CartoPress installs from: its next recommended font stands in.
        #expect(fonts == [
            "minimal: Inter 800", "dark-mode: Montserrat 800", "midnight: Outfit 800", "blueprint: JetBrains Mono 800",
            "vintage: Playfair Display 800", "topographic: Spectral 800", "watercolor: Quicksand 800", "abstract: Outfit 800",
            "atmospheric: Outfit 800", "organic: Outfit 800", "retro: Outfit 800",
        ])
    }

    @Test func listingHasTheAPIShape() throws {
        let listing = try StyleCatalog(files: try Self.files()).listing
        let minimal = try #require(listing.styles.first { $0.id == "minimal" })
        #expect(minimal.name == "Minimal Line Art")
        #expect(minimal.palettes.first == .init(id: "minimal-ink", name: "Ink & Paper", colors: .init(background: "#F7F5F0", text: "#2C2C2C", primary: "#2C2C2C")))
        let dark = try #require(listing.styles.first { $0.id == "dark-mode" })
        #expect(dark.palettes.first == .init(id: "dark-gold", name: "Gold Standard", colors: .init(background: "#0A0A0F", text: "#D4AF37", primary: "#C9A432")))
        #expect(listing.styles.first { $0.id == "blueprint" }?.palettes.first?.colors.background == "#0A2647")
        let json = String(decoding: try JSONEncoder().encode(listing), as: UTF8.self)
        #expect(json.contains(#""colors":{"#) && json.contains(#""primary":"#))
    }

    @Test func paletteRecoloursByRoleAndTogglesHideLayers() throws {
        let entry = try #require(try StyleCatalog(files: try Self.files()).entry("minimal"))
        let navy = try #require(entry.palette("minimal-navy"))
        let recoloured = entry.style.applying(navy)
        let water = try #require(recoloured.layers.first { $0.id == "water" }?.fill)
        #expect(water.color.evaluate(zoom: 15) == StyleColor(css: navy.colors["water"].map(StyleCatalog.hex) ?? ""))
        // Labels stand on a halo of the palette's paper.
        let city = try #require(recoloured.layers.first { $0.id == "labels-city" }?.symbol)
        #expect(city.textHaloColor.evaluate(zoom: 12) == StyleColor(css: "#FDF6E3"))
        let hidden = entry.style.applying(toggles: ["buildings": false, "streets": true])
        #expect(hidden.layers.first { $0.id == "buildings" }?.isVisible == false)
        #expect(hidden.layers.first { $0.id == "road-primary" }?.isVisible == true)
    }

    @Test func labelsSwitchBetweenTheDimmedAndTheFullRoads() throws {
        let style = try #require(try StyleCatalog(files: try Self.files()).entry("dark-mode")).style
        func shown(_ toggles: [String: Bool]) -> [String] {
            style.applying(toggles: toggles).layers.filter { $0.isVisible && $0.id.hasPrefix("road-") }.map(\.id)
        }
        #expect(shown([:]).contains("road-primary") && !shown([:]).contains("road-primary-unlabelled"))
        #expect(shown(["labels": false]).contains("road-primary-unlabelled") && !shown(["labels": false]).contains("road-primary"))
        #expect(shown(["labels": false, "streets": false]).isEmpty)
        #expect(shown(["streets": false]).isEmpty)
        let dimmed = try #require(style.layers.first { $0.id == "road-primary" }?.line)
        let full = try #require(style.layers.first { $0.id == "road-primary-unlabelled" }?.line)
        #expect(dimmed.opacity.evaluate(zoom: 12) == 0.7 && full.opacity.evaluate(zoom: 12) == 1)
        #expect(abs(dimmed.width.evaluate(zoom: 14) - 2.08) < 1e-9 && full.width.evaluate(zoom: 14) == 2.6)
    }

    @Test func paletteErrorsNameFileAndPath() throws {
        var files = try Self.files()
        var palettes = try JSONSerialization.jsonObject(with: Data(files["vintage.palettes.json"]!)) as! [String: Any]
        var list = palettes["palettes"] as! [[String: Any]]
        var colors = list[1]["colors"] as! [String: Any]
        colors["water"] = "#12"
        colors["sky"] = "#FFFFFF"
        colors.removeValue(forKey: "road-trunk")
        list[1]["colors"] = colors
        palettes["palettes"] = list
        files["vintage.palettes.json"] = [UInt8](try JSONSerialization.data(withJSONObject: palettes))
        files["orphan.palettes.json"] = Array(#"{"palettes": []}"#.utf8)
        let error = #expect(throws: StyleErrors.self) { try StyleCatalog(files: files) }
        let messages = error?.errors.map(\.description) ?? []
        #expect(messages.contains(##"vintage.palettes.json: palettes[1].colors.water: string "#12" is not a colour"##))
        #expect(messages.contains { $0.hasPrefix("vintage.palettes.json: palettes[1].colors.sky: unknown role; known roles: background, text") })
        #expect(messages.contains(#"vintage.palettes.json: palettes[1].colors: missing role "road-trunk", which the style uses"#))
        #expect(messages.contains("orphan.palettes.json: palettes for a style that does not exist"))
    }
}

/// An operator's DEM replaces the bundled one in every catalogue style.
@Suite struct TerrainReplacementTests {
    @Test func theTerrainSourceReadsTheGivenDEM() throws {
        let catalog = try StyleCatalog(files: try StyleCatalogTests.files())
        let xyz = catalog.replacingTerrain(url: "https://dem.example/terrarium/{z}/{x}/{y}.png", encoding: "terrarium", maxZoom: 15,
                                           attribution: "Terrain: Mapzen")
        for entry in xyz.entries {
            let source = try #require(entry.style.sources["terrain"])
            #expect(source.url == nil && source.tiles == ["https://dem.example/terrarium/{z}/{x}/{y}.png"], "\(entry.id)")
            #expect(source.maxZoom == 15 && source.encoding == "terrarium" && source.attribution == "Terrain: Mapzen")
        }
        let file = catalog.replacingTerrain(url: "/srv/dem/world.pmtiles", encoding: "mapbox", maxZoom: 12, attribution: nil)
        let source = try #require(file.entry("minimal")?.style.sources["terrain"])
        #expect(source.url == "pmtiles:///srv/dem/world.pmtiles" && source.tiles.isEmpty && source.encoding == "mapbox")
        // Nothing else changes.
        #expect(file.entries.map(\.id) == catalog.entries.map(\.id))
        #expect(file.entry("minimal")?.style.layers.count == catalog.entry("minimal")?.style.layers.count)
    }
}
