import Canvas
import Foundation
import Geo
import PosterPipeline
import StyleKit
import TestSupport
import Testing
import TileFetch
import VectorTile
@testable import PosterRenderer

/// Contour lines from the bundled DEM tiles (`Data/jacksboro-dem.pmtiles`) against an independent isoline
/// computation: contourpy on the DEM grid the tiles were cut from (`Tests/Fixtures/dem`). The tiles are a
/// Mercator resampling of that grid and CartoPress smooths it (pixel-corner means, bilinear subdivision),
/// so vertices are compared by their distance to contourpy's line at the same elevation, in DEM cells.
@Suite struct ContourTests {
    static let repo = PipelineTests.repo
    /// The DEM's georeference (`Tests/Fixtures/dem/jacksboro-terrarium.json`).
    static let west = -84.41375, north = 36.7329166667, cell = 0.000833333333
    static let demWidth = 403, demHeight = 344

    /// Every tile of the bundled DEM archive at `z`.
    static func demTiles(z: Int) throws -> DEMTiles {
        let archive = try PMTilesTileSource(path: repo.appendingPathComponent("Data/jacksboro-dem.pmtiles").path)
        var tiles: [TileID: ImageSurface] = [:]
        let n = 1 << z
        // The archive's bounds at z12 are x 1087-1091, y 1598-1602; look a tile further either way.
        let scale = Double(n) / 4096
        for y in Int(1597 * scale)...Int(1603 * scale) {
            for x in Int(1086 * scale)...Int(1092 * scale) where x >= 0 && x < n {
                if let bytes = try archive.tileNow(TileID(z: z, x: x, y: y)) { tiles[TileID(z: z, x: x, y: y)] = try RasterDecoder.decode(bytes) }
            }
        }
        return DEMTiles(tiles: tiles, encoding: "terrarium")
    }

    /// Collects a feature's lines in tile units.
    struct LineCollector: GeometryVisitor {
        var lines: [[(x: Double, y: Double)]] = []
        mutating func moveTo(x: Int32, y: Int32) { lines.append([(Double(x), Double(y))]) }
        mutating func lineTo(x: Int32, y: Int32) { lines[lines.count - 1].append((Double(x), Double(y))) }
        mutating func closePath() {}
    }

    /// The lines of contour tiles by elevation, in DEM grid units (column, row of cell centres).
    static func linesInDEMCells(_ tiles: [TileID: VectorTile]) throws -> [Int: [[(x: Double, y: Double)]]] {
        var result: [Int: [[(x: Double, y: Double)]]] = [:]
        for (id, tile) in tiles {
            let layer = try #require(tile.layer(named: "contours"))
            let bounds = WebMercator.bounds(of: id)
            for feature in try layer.features().features {
                guard case .int(let ele)? = feature.property("ele") else { Issue.record("feature without an integer ele"); continue }
                var collector = LineCollector()
                try feature.decodeGeometry(into: &collector)
                for line in collector.lines {
                    result[Int(ele), default: []].append(line.map { p in
                        let world = WorldPoint(x: bounds.minX + p.x / Double(layer.extent) * (bounds.maxX - bounds.minX),
                                               y: bounds.minY + p.y / Double(layer.extent) * (bounds.maxY - bounds.minY))
                        let lngLat = WebMercator.unproject(world)
                        return ((lngLat.lng - west) / cell - 0.5, (north - lngLat.lat) / cell - 0.5)
                    })
                }
            }
        }
        return result
    }

    /// contourpy's isolines of the DEM grid at `levels`, by level, in grid units: the fixture that
    /// scripts/make_contour_fixtures.py writes from the same DEM.
    static func contourpyLines(levels: [Int]) throws -> [Int: [[(x: Double, y: Double)]]] {
        let png = try PNGDecoder.decode([UInt8](try Data(contentsOf: repo.appendingPathComponent("Tests/Fixtures/dem/jacksboro-terrarium.png"))))
        #expect(png.width == demWidth && png.height == demHeight)
        let fixture = repo.appendingPathComponent("Tests/Fixtures/dem/contourpy-jacksboro.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let json = try #require(document["levels"] as? [String: [[[Double]]]])
        #expect(levels.allSatisfy { json[String($0)] != nil }, "the fixture lacks some of \(levels); rerun scripts/make_contour_fixtures.py")
        var result: [Int: [[(x: Double, y: Double)]]] = [:]
        for level in levels {
            let lines = (json[String(level)] ?? []).map { $0.map { (x: $0[0], y: $0[1]) } }
            if !lines.isEmpty { result[level] = lines }
        }
        return result
    }

    /// Segments bucketed by grid cell, for distances from points to the nearest segment.
    struct SegmentIndex {
        var buckets: [Int: [(Double, Double, Double, Double)]] = [:]
        init(_ lines: [[(x: Double, y: Double)]]) {
            for line in lines {
                for (a, b) in zip(line, line.dropFirst()) {
                    let key = Self.key(Int(((a.x + b.x) / 2).rounded(.down)), Int(((a.y + b.y) / 2).rounded(.down)))
                    buckets[key, default: []].append((a.x, a.y, b.x, b.y))
                }
            }
        }
        static func key(_ i: Int, _ j: Int) -> Int { (j + 1000) * 10_000 + i + 1000 }
        /// The distance to the nearest segment, or infinity beyond `radius` cells.
        func distance(_ x: Double, _ y: Double, radius: Int = 3) -> Double {
            var best = Double.infinity
            let ci = Int(x.rounded(.down)), cj = Int(y.rounded(.down))
            for j in (cj - radius)...(cj + radius) {
                for i in (ci - radius)...(ci + radius) {
                    for (ax, ay, bx, by) in buckets[Self.key(i, j)] ?? [] {
                        let dx = bx - ax, dy = by - ay, length = dx * dx + dy * dy
                        let t = length == 0 ? 0 : min(max(((x - ax) * dx + (y - ay) * dy) / length, 0), 1)
                        best = min(best, hypot(x - ax - t * dx, y - ay - t * dy))
                    }
                }
            }
            return best
        }
    }

    /// Distances (in DEM cells) from each vertex of `lines` inside the grid (a cell in from its edge) to
    /// `reference`'s line at the same level; a level missing from `reference` counts every vertex as far.
    static func distances(_ lines: [Int: [[(x: Double, y: Double)]]], to reference: [Int: [[(x: Double, y: Double)]]]) -> [Double] {
        var result: [Double] = []
        for (level, ours) in lines {
            let index = SegmentIndex(reference[level] ?? [])
            for line in ours {
                for p in line where p.x >= 1 && p.y >= 1 && p.x <= Double(demWidth - 2) && p.y <= Double(demHeight - 2) {
                    result.append(index.distance(p.x, p.y))
                }
            }
        }
        return result
    }

    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }

    /// Grid subdivisions and simplification: the corner grid as it is, subdivided, and subdivided and
    /// simplified to a tenth of a step (as posters are, to a fifth of a device pixel).
    @Test(arguments: [(1, 0.0), (2, 0.0), (2, 0.1)])
    func linesFromTheBundledTilesFollowContourpysOnTheDEM(subdivisions: Int, tolerance: Double) throws {
        let options = ContourSourceOptions(demSource: "terrain", thresholds: [(12, [50, 250])])
        let builder = ContourTileBuilder(options: options, zoom: 12, subdivisions: subdivisions, tolerance: tolerance)
        let contours = builder.tiles(from: try Self.demTiles(z: 12))
        let ours = try Self.linesInDEMCells(contours)
        let theirs = try Self.contourpyLines(levels: Array(stride(from: 200, through: 1100, by: 50)))
        // The same elevations: every 50 m from 250 to 1050.
        #expect(ours.keys.sorted() == theirs.keys.sorted())
        #expect(ours.keys.sorted() == Array(stride(from: 250, through: 1050, by: 50)))
        let outward = Self.distances(ours, to: theirs), inward = Self.distances(theirs, to: ours)
        let message = "ours→contourpy median \(Self.quantile(outward, 0.5)), p99 \(Self.quantile(outward, 0.99)), max \(outward.max() ?? 0); "
            + "contourpy→ours median \(Self.quantile(inward, 0.5)), p99 \(Self.quantile(inward, 0.99)), max \(inward.max() ?? 0) (\(outward.count) and \(inward.count) vertices)"
        let within = Double(inward.filter { $0 <= 1 }.count) / Double(inward.count)
        print("contourpy vertices within a cell of ours: \(within), p95 \(Self.quantile(inward, 0.95)), p98 \(Self.quantile(inward, 0.98))")
        print("contours vs contourpy, \(subdivisions) subdivisions, tolerance \(tolerance): \(message)")
        #expect(outward.count > (tolerance > 0 ? 10_000 : 100_000))
        // Every vertex of ours is within one DEM cell of contourpy's line at its elevation.
        #expect(Self.quantile(outward, 0.5) < 0.05, "\(message)")
        #expect((outward.max() ?? .infinity) < 1, "\(message)")
        // contourpy's lines are ours too, except the smallest rings, which the smoothing removes.
        #expect(within > 0.985, "\(message)")
        var largestMissed = 0.0
        for (level, lines) in theirs {
            let index = SegmentIndex(ours[level] ?? [])
            for line in lines {
                let found = line.filter { index.distance($0.x, $0.y) <= 1 }.count
                guard found * 2 < line.count else { continue }
                let xs = line.map(\.x), ys = line.map(\.y)
                largestMissed = max(largestMissed, hypot(xs.max()! - xs.min()!, ys.max()! - ys.min()!))
            }
        }
        print("largest contourpy line not found: \(largestMissed) cells across")
        #expect(largestMissed < 4, "a contourpy line \(largestMissed) cells across is missing from ours")
    }

    /// A line's end on a tile edge: its elevation and where along the edge.
    struct EdgePoint: Hashable { var ele: Int64; var y: Int32 }

    /// The ends of a contour tile's lines on the vertical edge at `x` (corners left out), checking levels.
    static func endpoints(_ tile: VectorTile, onX x: Int32, extent: Int32) throws -> [EdgePoint] {
        var points: [EdgePoint] = []
        let layer = try #require(tile.layer(named: "contours"))
        let features = try layer.features().features
        for feature in features {
            guard case .int(let ele)? = feature.property("ele"), case .int(let level)? = feature.property("level") else { continue }
            // Index lines are the multiples of 250 m.
            #expect((level == 1) == (ele % 250 == 0), "ele \(ele) has level \(level)")
            var collector = LineCollector()
            try feature.decodeGeometry(into: &collector)
            for line in collector.lines {
                for end in [line.first!, line.last!] where Int32(end.x) == x && end.y > 0 && end.y < Double(extent) {
                    points.append(EdgePoint(ele: ele, y: Int32(end.y)))
                }
            }
        }
        return points.sorted { ($0.ele, $0.y) < ($1.ele, $1.y) }
    }

    @Test func linesRunOnAcrossTileEdgesAndIndexLinesAreMarked() throws {
        let options = ContourSourceOptions(demSource: "terrain", thresholds: [(12, [50, 250])])
        let contours = ContourTileBuilder(options: options, zoom: 12, subdivisions: 2).tiles(from: try Self.demTiles(z: 12))
        let extent = Int32(ContourTileBuilder.extent)
        // Where a tile's lines leave it through its east edge, and where its eastern neighbour's lines leave
        // through its west edge: the same points at the same elevations.
        var edges = 0, shared = 0
        for (id, tile) in contours {
            guard let east = contours[TileID(z: id.z, x: id.x + 1, y: id.y)] else { continue }
            let leaving = try Self.endpoints(tile, onX: extent, extent: extent), entering = try Self.endpoints(east, onX: 0, extent: extent)
            #expect(leaving == entering, "tile \(id) and its eastern neighbour")
            edges += 1
            shared += leaving.count
        }
        #expect(edges == 20 && shared > 300, "\(edges) shared edges, \(shared) crossings")
    }

    @Test func terrariumAndTerrainRGBPixelsDecodeToMetres() throws {
        let image = try ImageSurface(width: 2, height: 1)
        image.withMutablePixels { pixels in
            // Terrarium: 131 * 256 + 232 + 128 / 256 - 32768 = 1000.5 m.
            pixels.storeBytes(of: 0xFF83_E880 as UInt32, toByteOffset: 0, as: UInt32.self)
            // Terrain-RGB: (1 * 65536 + 173 * 256 + 181) / 10 - 10000 = 1000.5 m.
            pixels.storeBytes(of: 0xFF01_ADB5 as UInt32, toByteOffset: 4, as: UInt32.self)
        }
        #expect(DEMTiles.metres(of: image, encoding: "terrarium")[0] == 1000.5)
        #expect(DEMTiles.metres(of: image, encoding: "mapbox")[1] == 1000.5)
    }

    /// The topographic poster of the DEM's area at a sixth of print size.
    /// Terrain and contours are off by default, as in carto-art's API; these posters switch them on.
    static func topographicJob(toggles: [String: Bool] = [:]) -> PosterRequest {
        let toggles = ["terrain": true, "contours": true].merging(toggles) { $1 }
        let spec = PosterSpec(center: LngLat(lng: -84.245, lat: 36.59), zoom: 11.2, width: 400, height: 600, pixelRatio: 0.5, dpi: 50,
                              title: "Jacksboro Fault", subtitle: "Tennessee")
        return PosterRequest(spec: spec, style: "topographic", toggles: toggles, tilesPath: repo.appendingPathComponent("Data/helsinki.pmtiles").path, format: .png)
    }

    @Test func theTopographicPosterMatchesItsReferenceImage() throws {
        let poster = try PipelineTests.pipeline().run(Self.topographicJob())
        // The vector tiles (the Helsinki extract) have nothing in Tennessee: the poster is the DEM's, and says so.
        #expect(poster.warnings.count == 1 && poster.warnings[0].contains("have no map at lat 36.5900, lng -84.2450"), "\(poster.warnings)")
        // The DEM's credit joins OpenStreetMap's (the layout is checked through the reference image).
        let style = try Style.parse([UInt8](try Data(contentsOf: Self.repo.appendingPathComponent("Styles/topographic.json"))), fileName: "topographic.json")
        #expect(style.sources["terrain"]?.attribution == "Elevation: matplotlib sample data")
        try GoldenImage.expectMatch(poster.bytes, "topographic-jacksboro.png")
    }

    @Test func terrainAndContoursAreTheirOwnToggles() throws {
        let pipeline = try PipelineTests.pipeline()
        func image(_ toggles: [String: Bool]) throws -> ImageSurface { try PNGDecoder.decode(pipeline.run(Self.topographicJob(toggles: toggles)).bytes) }
        let both = try image([:]), flat = try image(["terrain": false])
        // With neither, the map (no vector data in Tennessee) would be the paper alone: refused, never shipped.
        let bare = #expect(throws: PipelineError.self) { try image(["terrain": false, "contours": false]) }
        #expect(bare?.code == .locationOutsideTiles)
        let paper = flat.pixel(x: 2, y: 2)
        var shaded = 0, lined = 0
        for y in stride(from: 40, to: 440, by: 2) {
            for x in stride(from: 30, to: 370, by: 2) {
                let f = flat.pixel(x: x, y: y), s = both.pixel(x: x, y: y)
                if abs(f.red - paper.red) + abs(f.green - paper.green) + abs(f.blue - paper.blue) > 0.03 { lined += 1 }
                if abs(s.red - f.red) + abs(s.green - f.green) + abs(s.blue - f.blue) > 0.03 { shaded += 1 }
            }
        }
        // Contour lines cover a few percent of the map; hillshading most of it.
        #expect(lined > 500 && lined < 8_000, "\(lined) of 34000 samples show contours")
        #expect(shaded > 15_000, "\(shaded) of 34000 samples show hillshading")
    }

    @Test func aConfiguredDEMIsWhatTheStylesShade() throws {
        // The same DEM named by the operator draws the same poster; a missing one fails naming it.
        let dem = Self.repo.appendingPathComponent("Data/jacksboro-dem.pmtiles").path
        let setting = TerrainSetting(location: dem, maxZoom: 12, attribution: "Elevation: matplotlib sample data")
        let configured = try PosterPipeline(resources: ResourceLocator(root: Self.repo.path), terrain: setting)
        let bundled = try PipelineTests.pipeline().run(Self.topographicJob())
        #expect(try configured.run(Self.topographicJob()).bytes == bundled.bytes)
        let missing = try PosterPipeline(resources: ResourceLocator(root: Self.repo.path), terrain: TerrainSetting(location: "/nonexistent/dem.pmtiles"))
        let error = #expect(throws: PipelineError.self) { try missing.run(Self.topographicJob()) }
        #expect(error.map { "\($0)".contains("terrain source \"terrain\"") && "\($0)".contains("/nonexistent/dem.pmtiles") } == true, "\(String(describing: error))")
    }

    @Test func aTurnedMapIsShadedIntoItsCorners() throws {
        // Turned 40°, the frame's corners reach DEM tiles beyond those an unturned frame covers (the map
        // starts 48 px in; shading only the unturned frame's tiles left the top-left box at 32 of 576).
        // carto-art lights slopes in the paper's own colour, so only shadows would show: this copy of the style
        // lights them in white, so that every slope, lit or not, differs from the paper.
        var style = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repo.appendingPathComponent("Styles/topographic.json"))) as! [String: Any]
        var layers = style["layers"] as! [[String: Any]]
        let hillshade = try #require(layers.firstIndex { $0["id"] as? String == "hillshade" })
        var paint = layers[hillshade]["paint"] as! [String: Any]
        paint["hillshade-highlight-color"] = "#FFFFFF"
        layers[hillshade]["paint"] = paint
        style["layers"] = layers
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-lit-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: style).write(to: file)
        func job(_ toggles: [String: Bool]) -> PosterRequest {
            var job = Self.topographicJob(toggles: toggles)
            job.style = file.path
            job.spec = PosterSpec(center: LngLat(lng: -84.245, lat: 36.59), zoom: 12, bearing: 40, width: 800, height: 1200, pixelRatio: 1, dpi: 100,
                                  title: "Jacksboro Fault")
            return job
        }
        let pipeline = try PipelineTests.pipeline()
        let withTerrain = try PNGDecoder.decode(pipeline.run(job(["contours": false])).bytes)
        // Without terrain the map would be the paper alone (nothing else is in Tennessee): the paper's colour.
        let b = withTerrain.pixel(x: 2, y: 2)
        for (x0, y0) in [(49, 49), (727, 49), (49, 945), (727, 945)] {
            var differing = 0
            for y in y0..<(y0 + 24) {
                for x in x0..<(x0 + 24) {
                    let a = withTerrain.pixel(x: x, y: y)
                    if abs(a.red - b.red) + abs(a.green - b.green) + abs(a.blue - b.blue) > 0.02 { differing += 1 }
                }
            }
            #expect(differing > 60, "the corner at (\(x0), \(y0)) has \(differing) of 576 pixels shaded")
        }
    }

    @Test func aPosterBeyondTheDEMSaysSoAndAMissingDEMIsAClearError() throws {
        var job = Self.topographicJob()
        job.spec.center = LngLat(lng: 24.94, lat: 60.17)
        let poster = try PipelineTests.pipeline().run(job)
        #expect(poster.warnings.count == 1)
        #expect(poster.warnings.first?.hasSuffix("has no tiles under the poster at zoom 12: no hillshade or contours are drawn") == true, "\(poster.warnings)")

        // A style whose DEM file is missing fails naming the source and the file.
        let style = try String(contentsOf: Self.repo.appendingPathComponent("Styles/topographic.json"), encoding: .utf8)
            .replacingOccurrences(of: "Data/jacksboro-dem.pmtiles", with: "Data/no-such-dem.pmtiles")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-topographic-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try style.write(to: file, atomically: true, encoding: .utf8)
        var broken = Self.topographicJob()
        broken.style = file.path
        #expect {
            try PipelineTests.pipeline().run(broken)
        } throws: { error in
            let text = "\(error)"
            return text.contains("terrain source \"terrain\"") && text.contains("Data/no-such-dem.pmtiles")
        }
    }
}
