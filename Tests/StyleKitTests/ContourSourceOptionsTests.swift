import Foundation
import Testing
@testable import StyleKit

/// Contour sources written as maplibre-contour writes them (`dem-contour://…?thresholds=…`): options, the
/// intervals of each zoom, index levels, and errors that name the style file and the JSON path.
@Suite struct ContourSourceOptionsTests {
    static func style(contourURL: String, dems: [String] = ["terrain"]) -> [UInt8] {
        let demSources = dems.map { "\"\($0)\": {\"type\": \"raster-dem\", \"url\": \"pmtiles://Data/dem.pmtiles\", \"encoding\": \"terrarium\"}" }
        let json = """
        {"version": 8, "sources": {\((demSources + ["\"contours\": {\"type\": \"vector\", \"tiles\": [\"\(contourURL)\"]}"]).joined(separator: ", "))},
         "layers": [{"id": "c", "type": "line", "source": "contours", "source-layer": "contours"}]}
        """
        return Array(json.utf8)
    }

    @Test func optionsAreReadFromTheURL() throws {
        let url = "dem-contour://{z}/{x}/{y}?buffer=1&contourLayer=lines&elevationKey=height&levelKey=rank&multiplier=3.28084&overzoom=1&thresholds=11*200*1000~14*50*200~12*100*500"
        let style = try Style.parse(Self.style(contourURL: url), fileName: "topo.json")
        let options = try #require(style.sources["contours"]?.contours)
        #expect(options.demSource == "terrain")
        #expect(style.sources["terrain"]?.encoding == "terrarium")
        #expect(options.multiplier == 3.28084)
        #expect(options.layerName == "lines" && options.elevationKey == "height" && options.levelKey == "rank")
        #expect(options.thresholds.map(\.zoom) == [11, 12, 14])
        // A zoom takes the intervals of the highest threshold at or below it; below the lowest, none.
        #expect(options.levels(atZoom: 10) == [])
        #expect(options.levels(atZoom: 11) == [200, 1000])
        #expect(options.levels(atZoom: 13) == [100, 500])
        #expect(options.levels(atZoom: 18) == [50, 200])
        #expect(ContourSourceOptions.level(of: 1500, levels: [100, 500]) == 1)
        #expect(ContourSourceOptions.level(of: 1300, levels: [100, 500]) == 0)
        #expect(ContourSourceOptions.level(of: 40, levels: [5, 20, 40]) == 2)
    }

    @Test func aNamedDEMSourceIsChosenAmongSeveral() throws {
        let style = try Style.parse(Self.style(contourURL: "dem-contour://{z}/{x}/{y}?source=fine&thresholds=12*50*250", dems: ["coarse", "fine"]),
                                    fileName: "topo.json")
        #expect(style.sources["contours"]?.contours?.demSource == "fine")
    }

    @Test(arguments: [
        ("dem-contour://{z}/{x}/{y}", "topo.json: sources.contours.tiles[0]: a dem-contour URL needs options after \"?\", at least thresholds=zoom*minor*major"),
        ("dem-contour://{z}/{x}/{y}?multiplier=2", "topo.json: sources.contours.tiles[0]: a dem-contour URL needs thresholds=zoom*minor*major~… (for example 11*100*500~13*20*100)"),
        ("dem-contour://{z}/{x}/{y}?thresholds=12*50*250&smooth=2", "topo.json: sources.contours.tiles[0]: unknown dem-contour option \"smooth\"; expected one of source, thresholds, multiplier, contourLayer, elevationKey, levelKey, overzoom, buffer, extent"),
        ("dem-contour://{z}/{x}/{y}?thresholds=12.5*50", "topo.json: sources.contours.tiles[0]: threshold \"12.5*50\" must be zoom*minor[*major…] with a whole zoom 0-24 and positive intervals in metres"),
        ("dem-contour://{z}/{x}/{y}?thresholds=12*50*120", "topo.json: sources.contours.tiles[0]: threshold \"12*50*120\": each interval must be a larger multiple of the one before"),
        ("dem-contour://{z}/{x}/{y}?thresholds=12*50&multiplier=-1", "topo.json: sources.contours.tiles[0]: multiplier \"-1\" must be a positive number (3.28084 for feet)"),
        ("dem-contour://{z}/{x}/{y}?thresholds=12*50&source=dem", "topo.json: sources.contours.tiles[0]: source=dem is not a raster-dem source of this style; its raster-dem sources: terrain"),
    ])
    func badContourURLsAreErrorsAtTheirKeyPath(url: String, expected: String) {
        let (_, errors) = Style.parseCollectingErrors(Self.style(contourURL: url), fileName: "topo.json")
        #expect(errors.map(\.description) == [expected])
    }

    @Test func aContourSourceNeedsOneDEMToDefaultTo() {
        let (_, none) = Style.parseCollectingErrors(Self.style(contourURL: "dem-contour://{z}/{x}/{y}?thresholds=12*50", dems: []), fileName: "topo.json")
        #expect(none.map(\.description) == ["topo.json: sources.contours.tiles[0]: a dem-contour source needs a raster-dem source in \"sources\" to compute its lines from"])
        let (_, two) = Style.parseCollectingErrors(Self.style(contourURL: "dem-contour://{z}/{x}/{y}?thresholds=12*50", dems: ["a", "b"]), fileName: "topo.json")
        #expect(two.map(\.description) == ["topo.json: sources.contours.tiles[0]: the style has several raster-dem sources (a, b); name one with source=ID"])
        let (_, encoding) = Style.parseCollectingErrors(Array("""
            {"version": 8, "sources": {"t": {"type": "raster-dem", "url": "x", "encoding": "lerc"}}, "layers": []}
            """.utf8), fileName: "topo.json")
        #expect(encoding.map(\.description) == ["topo.json: sources.t.encoding: expected one of [terrarium, mapbox], \"lerc\" found"])
    }
}
