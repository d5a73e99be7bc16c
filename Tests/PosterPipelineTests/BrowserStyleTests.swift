import Foundation
import Geo
import VectorTile
import PosterPipeline
import StyleKit
import Testing

/// The style documents served to browsers draw what the renderer draws: parsed back, every layer has the
/// renderer's visibility, colours and text field, for every style, palette and a set of toggles.
@Suite struct BrowserStyleTests {
    static let base = "http://127.0.0.1:8080"

    /// The document's layers, parsed back, against the style the renderer draws for the same choices.
    static func expectSameLayers(_ document: JSONValue, _ drawn: Style, _ label: String) throws {
        let bytes = try JSONEncoder().encode(document)
        let parsed = try Style.parse([UInt8](bytes), fileName: "\(label).json")
        #expect(parsed.layers.map(\.id) == drawn.layers.map(\.id), "\(label)")
        for (served, rendered) in zip(parsed.layers, drawn.layers) {
            #expect(served.isVisible == rendered.isVisible, "\(label) \(served.id) visibility")
            #expect(served.rawLayout["text-field"] == rendered.rawLayout["text-field"], "\(label) \(served.id) text-field")
            for property in Palette.colorProperties {
                guard let want = rendered.colorProperty(property)?.constantValue else { continue }
                let got = try #require(served.colorProperty(property)?.constantValue, "\(label) \(served.id) \(property)")
                // Written as whole channels: within half a step of 255.
                #expect(abs(got.r - want.r) <= 0.5 / 255 + 1e-9 && abs(got.g - want.g) <= 0.5 / 255 + 1e-9
                        && abs(got.b - want.b) <= 0.5 / 255 + 1e-9 && abs(got.a - want.a) <= 0.0005 + 1e-9,
                        "\(label) \(served.id) \(property): \(got) vs \(want)")
            }
        }
    }

    @Test func everyStyleAndPaletteMatchesTheRenderer() throws {
        let pipeline = try PipelineTests.pipeline()
        for entry in try pipeline.catalog.entries {
            for palette in entry.palettes {
                let toggles = ["labels": true, "buildings": false, "parks": false]
                let document = try #require(try pipeline.browserStyle(id: entry.id, palette: palette.id, toggles: toggles, labelLanguage: nil,
                                                                       baseURL: Self.base))
                let drawn = entry.style.applying(palette).applying(toggles: toggles)
                try Self.expectSameLayers(document, drawn, "\(entry.id)/\(palette.id)")
            }
        }
    }

    @Test func sourcesGlyphsAndLanguagePointAtTheService() throws {
        let pipeline = try PipelineTests.pipeline()
        let document = try #require(try pipeline.browserStyle(id: "minimal", palette: nil, toggles: ["labels": true],
                                                               labelLanguage: LabelLanguage("ja"), baseURL: Self.base + "/"))
        guard case .object(let root) = document, case .object(let sources)? = root["sources"] else { Issue.record("not a style"); return }
        #expect(root["glyphs"] == .string("http://127.0.0.1:8080/fonts/{fontstack}/{range}.pbf"))
        #expect(sources["openmaptiles"] == .object(["type": .string("vector"), "url": .string("http://127.0.0.1:8080/tiles/openmaptiles.json")]))
        guard case .object(let terrain)? = sources["terrain"] else { Issue.record("no terrain source"); return }
        #expect(terrain["url"] == .string("http://127.0.0.1:8080/tiles/terrain.json"))
        #expect(terrain["encoding"] == .string("terrarium"))
        let entry = try #require(try pipeline.bundledStyle("minimal"))
        let drawn = entry.style.applying(entry.palettes[0]).applying(toggles: ["labels": true]).applying(labelLanguage: LabelLanguage("ja")!)
        try Self.expectSameLayers(document, drawn, "minimal/ja")
        let label = try #require(drawn.layers.first { $0.id == "labels-city" })
        #expect(label.rawLayout["text-field"] == LabelLanguage("ja")!.textField)
    }

    @Test func choicesAreCheckedAsPosterRequestsAre() throws {
        let pipeline = try PipelineTests.pipeline()
        #expect(try pipeline.browserStyle(id: "no-such-style", palette: nil, toggles: [:], labelLanguage: nil, baseURL: Self.base) == nil)
        #expect {
            try pipeline.browserStyle(id: "minimal", palette: "neon", toggles: [:], labelLanguage: nil, baseURL: Self.base)
        } throws: { ($0 as? PipelineError)?.message.contains("has no palette \"neon\"; its palettes are minimal-ink") == true }
        #expect {
            try pipeline.browserStyle(id: "minimal", palette: nil, toggles: ["volcanoes": true], labelLanguage: nil, baseURL: Self.base)
        } throws: { ($0 as? PipelineError)?.message.contains("option volcanoes: is not an option of style \"minimal\"") == true }
    }

    @Test func tileJSONAndTilesComeFromTheConfiguredArchives() throws {
        let pipeline = try PipelineTests.pipeline()
        let json = try #require(try pipeline.tileJSON(source: "openmaptiles", baseURL: Self.base))
        guard case .object(let fields) = json else { Issue.record("not an object"); return }
        #expect(fields["tiles"] == .array([.string("http://127.0.0.1:8080/tiles/openmaptiles/{z}/{x}/{y}.pbf")]))
        #expect(fields["maxzoom"] == .number(14))
        #expect(fields["attribution"] == .string("© OpenStreetMap contributors"))
        let dem = try #require(try pipeline.tileJSON(source: "terrain", baseURL: Self.base))
        guard case .object(let demFields) = dem else { Issue.record("not an object"); return }
        #expect(demFields["tiles"] == .array([.string("http://127.0.0.1:8080/tiles/terrain/{z}/{x}/{y}.png")]))
        // Central Helsinki at z14 (tile 9326/4742) has features; the same tile's bytes as the archive holds.
        let tile = try #require(try pipeline.browserTile(source: "openmaptiles", tile: TileID(z: 14, x: 9326, y: 4742)))
        #expect(tile.contentType == "application/x-protobuf")
        #expect(tile.bytes.count > 10_000)
        #expect(try pipeline.browserTile(source: "openmaptiles", tile: TileID(z: 14, x: 0, y: 0)) == nil)
        #expect(try pipeline.tileJSON(source: "nope", baseURL: Self.base) == nil)
        #expect { try pipeline.browserTile(source: "openmaptiles", tile: TileID(z: 3, x: 9, y: 0)) }
            throws: { ($0 as? PipelineError)?.code == .invalidRequest }
    }

    @Test func contourTilesAreBuiltFromTheHeightsAtTheZoomAsked() throws {
        let pipeline = try PipelineTests.pipeline()
        let json = try #require(try pipeline.tileJSON(source: "contours", baseURL: Self.base))
        guard case .object(let fields) = json else { Issue.record("not an object"); return }
        #expect(fields["tiles"] == .array([.string("http://127.0.0.1:8080/tiles/contours/{z}/{x}/{y}.pbf")]))
        // The bundled DEM (z12 at most) covers Jacksboro, Tennessee; z12 is read as it is, z14 from its z12 parent.
        for (tile, interval) in [(TileID(z: 12, x: 1089, y: 1600), 50.0), (TileID(z: 14, x: 4357, y: 6400), 10.0)] {
            let served = try #require(try pipeline.browserTile(source: "contours", tile: tile), "\(tile)")
            #expect(served.contentType == "application/x-protobuf")
            let decoded = try VectorTile(bytes: served.bytes)
            let layer = try #require(decoded.layer(named: "contours"))
            #expect(layer.featureCount > 3, "\(tile)")
            for index in 0..<layer.featureCount {
                let feature = try layer.feature(at: index)
                #expect(feature.type == .lineString)
                let elevation: Double? = switch feature.property("ele") {
                case .int(let value)?: Double(value)
                case .double(let value)?: value
                default: nil
                }
                // The thresholds of the zoom asked: 50 m lines at z12, 10 m at z14.
                let metres = try #require(elevation)
                #expect(metres.truncatingRemainder(dividingBy: interval) == 0, "\(tile): \(metres)")
            }
        }
        // Outside the heights: no lines, and no failure.
        #expect(try pipeline.browserTile(source: "contours", tile: TileID(z: 14, x: 9326, y: 4742)) == nil)
    }
}
