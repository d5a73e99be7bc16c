import Foundation
import Geo
import PosterPipeline
import PosterRenderer
import StyleKit
import TileFetch
import VectorTile

/// Features evaluated per second for a realistic road layer: an expression filter and data-driven width
/// and colour (the shape of OpenMapTiles styles such as OpenFreeMap's), over every transportation feature
/// of the city mosaic's z14 tiles.
enum StyleEvaluationBenchmark {
    static let style = #"""
    {"version": 8, "sources": {"openmaptiles": {"type": "vector"}}, "layers": [{
      "id": "roads", "type": "line", "source": "openmaptiles", "source-layer": "transportation",
      "filter": ["all", ["==", ["geometry-type"], "LineString"], ["!=", ["get", "brunnel"], "tunnel"],
                 ["match", ["get", "class"], ["motorway", "trunk", "primary", "secondary", "tertiary", "minor", "service"], true, false]],
      "paint": {
        "line-width": ["interpolate", ["exponential", 1.2], ["zoom"],
          12, ["match", ["get", "class"], ["motorway", "trunk"], 2, "primary", 1.5, ["secondary", "tertiary"], 1, 0.5],
          18, ["match", ["get", "class"], ["motorway", "trunk"], 24, "primary", 18, ["secondary", "tertiary"], 14, 8]],
        "line-color": ["match", ["get", "class"], ["motorway", "trunk"], "#e9ac77", "primary", "#fea", ["secondary", "tertiary"], "#fff4c6", "#ffffff"]
      }}]}
    """#

    /// Runs the evaluation `runs` times; returns features per second for each run and the feature count.
    static func run(tilesPath: String, runs: Int) throws -> (rates: [Double], features: Int) {
        let parsed = try Style.parse(Array(style.utf8), fileName: "benchmark-road-layer.json")
        guard let layer = parsed.layers.first, let paint = layer.line, let filter = layer.filter else { return ([], 0) }
        let archive = try PMTilesTileSource(path: tilesPath)
        var features: [VectorTileFeature] = []
        for entry in try archiveEntries(archive) where entry.z == 14 {
            guard let bytes = try archive.tile(entry), let tile = try? VectorTile(bytes: bytes),
                  let roads = tile.layer(named: "transportation") else { continue }
            features += (try roads.features()).features
        }
        var rates: [Double] = []
        var checksum = 0.0
        for _ in 0..<runs {
            var stopwatch = Stopwatch()
            for feature in features {
                let context = TileFeatureContext(feature: feature)
                guard filter.matches(context, zoom: 16) else { continue }
                checksum += paint.width.evaluate(zoom: 16, feature: context)
                checksum += paint.color.evaluate(zoom: 16, feature: context).r
            }
            rates.append(Double(features.count) / stopwatch.lap())
        }
        precondition(checksum > 0, "the benchmark layer matched no feature")
        return (rates, features.count)
    }

    private static func archiveEntries(_ source: PMTilesTileSource) throws -> [TileID] {
        // The mosaic's bounds at z14, from the archive header.
        let bounds = source.archive.bounds
        let nw = WebMercator.tile(containing: WebMercator.project(LngLat(lng: bounds.west, lat: bounds.north)), zoom: 14)
        let se = WebMercator.tile(containing: WebMercator.project(LngLat(lng: bounds.east, lat: bounds.south)), zoom: 14)
        var tiles: [TileID] = []
        for y in nw.y...se.y { for x in nw.x...se.x { tiles.append(TileID(z: 14, x: x, y: y)) } }
        return tiles
    }
}
