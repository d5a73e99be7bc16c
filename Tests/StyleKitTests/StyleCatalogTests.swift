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

    @Test func everyBundledStyleAndPaletteValidates() throws {
        let catalog = try StyleCatalog(files: try Self.files())
        #expect(catalog.entries.map(\.id) == ["blueprint", "dark-mode", "midnight", "minimal", "retro", "topographic", "vintage", "watercolor"])
        for entry in catalog.entries {
            #expect(entry.palettes.count >= 4, "\(entry.id)")
            #expect(!entry.description.isEmpty)
            // Every layer group a client can switch off maps to layers.
            for option in ["streets", "water", "parks", "buildings", "boundaries", "background"] {
                #expect(entry.style.toggles[option]?.isEmpty == false, "\(entry.id) \(option)")
            }
        }
    }

    @Test func listingHasTheAPIShape() throws {
        let listing = try StyleCatalog(files: try Self.files()).listing
        let minimal = try #require(listing.styles.first { $0.id == "minimal" })
        #expect(minimal.name == "Minimal")
        #expect(minimal.palettes.first == .init(id: "ink", name: "Ink", colors: .init(background: "#F4F1EA", text: "#1C1C1C", primary: "#262626")))
        let json = String(decoding: try JSONEncoder().encode(listing), as: UTF8.self)
        #expect(json.contains(#""colors":{"#) && json.contains(#""primary":"#))
    }

    @Test func paletteRecoloursByRoleAndTogglesHideLayers() throws {
        let entry = try #require(try StyleCatalog(files: try Self.files()).entry("minimal"))
        let sand = try #require(entry.palette("sand"))
        let recoloured = entry.style.applying(sand)
        let water = try #require(recoloured.layers.first { $0.id == "water" }?.fill)
        #expect(water.color.evaluate(zoom: 15) == StyleColor(css: "#C9D3CF"))
        let hidden = entry.style.applying(toggles: ["buildings": false, "streets": true])
        #expect(hidden.layers.first { $0.id == "building" }?.isVisible == false)
        #expect(hidden.layers.first { $0.id == "road-primary" }?.isVisible == true)
    }

    @Test func paletteErrorsNameFileAndPath() throws {
        var files = try Self.files()
        var palettes = try JSONSerialization.jsonObject(with: Data(files["vintage.palettes.json"]!)) as! [String: Any]
        var list = palettes["palettes"] as! [[String: Any]]
        var colors = list[1]["colors"] as! [String: Any]
        colors["water"] = "#12"
        colors["sky"] = "#FFFFFF"
        colors.removeValue(forKey: "rail")
        list[1]["colors"] = colors
        palettes["palettes"] = list
        files["vintage.palettes.json"] = [UInt8](try JSONSerialization.data(withJSONObject: palettes))
        files["orphan.palettes.json"] = Array(#"{"palettes": []}"#.utf8)
        let error = #expect(throws: StyleErrors.self) { try StyleCatalog(files: files) }
        let messages = error?.errors.map(\.description) ?? []
        #expect(messages.contains(##"vintage.palettes.json: palettes[1].colors.water: string "#12" is not a colour"##))
        #expect(messages.contains { $0.hasPrefix("vintage.palettes.json: palettes[1].colors.sky: unknown role; known roles: background, text") })
        #expect(messages.contains(#"vintage.palettes.json: palettes[1].colors: missing role "rail", which the style uses"#))
        #expect(messages.contains("orphan.palettes.json: palettes for a style that does not exist"))
    }
}
