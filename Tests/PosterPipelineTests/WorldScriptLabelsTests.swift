import Canvas
import Foundation
import Geo
import PosterRenderer
import StyleKit
import Testing
import VectorTile

/// A map whose places and streets are named in fourteen scripts, as OpenStreetMap names them, under a title
/// and subtitle in three: every label is set (no character without a face), right-to-left names read right
/// to left, Arabic stays joined along its street, and the poster matches its reference
/// (`Tests/Fixtures/golden/world-scripts.png`, looked at full size before it was committed).
@Suite struct WorldScriptLabelsTests {
    static let tile = TileID(z: 14, x: 9326, y: 4741)

    /// Place names on a grid of points, street names on lines (one of them curved).
    static func tileBytes() -> [UInt8] {
        let places = ["東京", "北京", "서울", "القاهرة", "תל אביב", "नई दिल्ली", "ঢাকা", "กรุงเทพฯ", "Αθήνα", "Москва", "சென்னை", "თბილისი",
                      "Երևան", "አዲስ አበባ"]
        let points = places.enumerated().map { i, name in
            VectorTileWriter.Feature(type: .point, parts: [[(x: Int64(600 + (i % 4) * 950), y: Int64(400 + (i / 4) * 750))]],
                                     properties: [("name", .string(name))])
        }
        // A gentle arc below the places, for a name whose clusters must stay whole around a curve.
        func arc(_ i: Int) -> (x: Int64, y: Int64) {
            let rise: Double = 250 * sin(Double(i) / 12 * Double.pi)
            return (x: Int64(300 + i * 290), y: Int64(3450 - rise))
        }
        let streets: [(String, [(x: Int64, y: Int64)])] = [
            ("شارع الملك فهد", [(x: 300, y: 3950), (x: 3800, y: 3950)]),
            ("महात्मा गांधी मार्ग", (0...12).map(arc)),
            ("רחוב הרצל 12", [(x: 300, y: 3700), (x: 3800, y: 3700)]),
            ("中山路", [(x: 3950, y: 300), (x: 3950, y: 3000)]),
        ]
        let lines = streets.map { name, line in
            VectorTileWriter.Feature(type: .lineString, parts: [line], properties: [("name", .string(name))])
        }
        return VectorTileWriter.encode(layer: "place", features: points) + VectorTileWriter.encode(layer: "street", features: lines)
    }

    static let style = #"""
    {"version": 8, "sources": {"t": {"type": "vector"}}, "layers": [
      {"id": "bg", "type": "background", "paint": {"background-color": "#f4f1ea"}},
      {"id": "streets", "type": "line", "source": "t", "source-layer": "street", "paint": {"line-color": "#d9cfc0", "line-width": 12}},
      {"id": "street-names", "type": "symbol", "source": "t", "source-layer": "street",
       "layout": {"text-field": ["get", "name"], "symbol-placement": "line", "text-font": ["Noto Sans Regular"], "text-size": 17},
       "paint": {"text-color": "#4a3f35", "text-halo-color": "#ffffff", "text-halo-width": 1}},
      {"id": "places", "type": "symbol", "source": "t", "source-layer": "place",
       "layout": {"text-field": ["get", "name"], "text-font": ["Noto Sans Regular"], "text-size": 20, "text-allow-overlap": true},
       "paint": {"text-color": "#222222", "text-halo-color": "#ffffff", "text-halo-width": 1.5}}
    ]}
    """#

    static func render() throws -> RenderedPoster {
        let style = try Style.parse(Array(Self.style.utf8), fileName: "world-scripts.json")
        let centre = WebMercator.unproject(WorldPoint(x: (Double(tile.x) + 0.5) / 16384, y: (Double(tile.y) + 0.5) / 16384))
        let spec = PosterSpec(center: centre, zoom: 14, width: 700, height: 900, pixelRatio: 1, title: "東京 · القاهرة",
                              subtitle: "Tel Aviv תל אביב 2024", showCoordinates: false)
        let renderer = PosterRenderer(style: style, fonts: PipelineTests.fonts)
        return try renderer.render(spec, inputs: MapInputs(tiles: [tile: try VectorTile(bytes: tileBytes())]), format: .png)
    }

    @Test func everyLabelIsSetAndTheMapMatchesItsReference() throws {
        let poster = try Self.render()
        // No character went without a face: that would be a warning naming it.
        #expect(!poster.warnings.contains { $0.contains("no installed font") }, "\(poster.warnings)")
        try GoldenImage.expectMatch(poster.bytes, "world-scripts.png")
    }
}

/// Titles in eleven languages and one that mixes directions, each set as a poster's title block, stacked in
/// one reference image (`Tests/Fixtures/golden/world-titles.png`, looked at full size before it was committed).
@Suite struct WorldScriptTitlesTests {
    static let titles: [(title: String, subtitle: String)] = [
        ("東京", "日本"), ("北京", "中国"), ("서울", "대한민국"), ("القاهرة", "مصر"), ("ירושלים", "ישראל"), ("नई दिल्ली", "भारत"),
        ("ঢাকা", "বাংলাদেশ"), ("กรุงเทพมหานคร", "ประเทศไทย"), ("Αθήνα", "Ελλάδα"), ("Москва", "Россия"),
        ("Tel Aviv תל אביב", "Yafo יפו 1909"),
    ]

    @Test func titlesInEveryScriptMatchTheirReference() throws {
        let json = ##"{"version": 8, "sources": {}, "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#dcd3c4"}}]}"##
        let style = try Style.parse(Array(json.utf8), fileName: "titles.json")
        let renderer = PosterRenderer(style: style, fonts: PipelineTests.fonts)
        let width = 480, height = 300
        let sheet = try ImageSurface(width: width, height: height * Self.titles.count)
        var warnings: [String] = []
        for (i, entry) in Self.titles.enumerated() {
            let spec = PosterSpec(center: LngLat(lng: 0, lat: 0), zoom: 2, width: width, height: height, pixelRatio: 1,
                                  title: entry.title, subtitle: entry.subtitle, showCoordinates: false)
            let poster = try renderer.render(spec, inputs: MapInputs(tiles: [:]), format: .png)
            warnings += poster.warnings
            let image = try PNGDecoder.decode(poster.bytes)
            image.withPixels { source in
                sheet.withMutablePixels { target in
                    for y in 0..<height {
                        let from = source.baseAddress! + y * image.stride, to = target.baseAddress! + (i * height + y) * sheet.stride
                        to.copyMemory(from: from, byteCount: width * 4)
                    }
                }
            }
        }
        #expect(!warnings.contains { $0.contains("no installed font") }, "\(warnings)")
        try GoldenImage.expectMatch(try PNGEncoder.encode(sheet), "world-titles.png")
    }
}
