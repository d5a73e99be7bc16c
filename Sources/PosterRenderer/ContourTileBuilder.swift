import Dispatch
import Foundation
public import Geo
public import StyleKit
public import VectorTile

/// Contour lines of a raster-dem source as vector tiles, one per DEM tile, for a style's `dem-contour`
/// source to be drawn and labelled like any vector source.
///
/// Each tile's heights are first averaged from pixel centres onto pixel corners (with the neighbouring
/// tiles' pixels at the edges), so that adjacent tiles share their edge values exactly and lines continue
/// across tile edges without a seam; the 2x2 average is also the first smoothing. Where a DEM pixel
/// would be drawn larger than a few device pixels, the corner grid is subdivided by bilinear
/// interpolation, so lines bend smoothly instead of showing the DEM's cells. Lines come from marching
/// squares at every multiple of the zoom's minor interval; each carries its elevation and its level
/// (1 on index lines with two intervals).
public struct ContourTileBuilder: Sendable {
    public var options: ContourSourceOptions
    /// The tile zoom whose thresholds apply (the map's zoom rounded down).
    public var zoom: Int
    /// Grid steps per DEM pixel (1 draws the corner grid as it is).
    public var subdivisions: Int
    /// Douglas–Peucker tolerance in grid steps: points closer than this to the simplified line are dropped
    /// (0 keeps every point).
    public var tolerance: Double
    /// Tile units across a tile of the output.
    public static let extent = 8192

    public init(options: ContourSourceOptions, zoom: Int, subdivisions: Int, tolerance: Double = 0) {
        self.options = options
        self.zoom = zoom
        self.subdivisions = max(1, subdivisions)
        self.tolerance = max(0, tolerance)
    }

    /// A builder for a camera: the thresholds of its zoom, enough subdivisions that a grid step is at most
    /// 3 device pixels (at most 8 per DEM pixel), and lines simplified to a fifth of a device pixel.
    public init(options: ContourSourceOptions, camera: Camera, demZoom: Int, demTileSize: Int) {
        let pixelsPerCell = WebMercator.tileSize * pow(2, camera.zoom - Double(demZoom)) / Double(max(demTileSize, 1)) * camera.pixelRatio
        var steps = 1
        while pixelsPerCell / Double(steps) > 3 && steps < 8 { steps *= 2 }
        self.init(options: options, zoom: Int(max(0, camera.zoom.rounded(.down))), subdivisions: steps,
                  tolerance: 0.2 / max(pixelsPerCell / Double(steps), 1e-9))
    }

    /// Contour tiles for the DEM's drawn tiles, built in parallel.
    public func tiles(from dem: DEMTiles) -> [TileID: VectorTile] {
        let levels = options.levels(atZoom: zoom)
        guard let interval = levels.first else { return [:] }
        let sizes = Set(dem.tiles.values.map(\.width))
        guard sizes.count == 1, let size = sizes.first, size >= 2, dem.tiles.values.allSatisfy({ $0.height == size }) else { return [:] }
        let wanted = dem.drawnTiles
        let metres = dem.heights(around: wanted)
        let built = ResultSlots<VectorTile?>(count: wanted.count)
        DispatchQueue.concurrentPerform(iterations: wanted.count) { i in
            built.store(i, tile(wanted[i], size: size, metres: metres, levels: levels, interval: interval))
        }
        var result: [TileID: VectorTile] = [:]
        for (i, tile) in wanted.enumerated() {
            if let vector = built.take(i) ?? nil { result[tile] = vector }
        }
        return result
    }

    /// The heights on the tile's subdivided corner grid, `(size * subdivisions + 1)` on a side.
    func grid(_ tile: TileID, size: Int, metres: [TileID: [Double]]) -> [Double] {
        let side = size + 2
        let padded = DEMTiles.padded(tile, size: size, heights: metres)
        // Pixel corners: the mean of the four pixels around each.
        let cornersSide = size + 1
        var corners = [Double](repeating: 0, count: cornersSide * cornersSide)
        let scale = options.multiplier / 4
        for j in 0..<cornersSide {
            for i in 0..<cornersSide {
                let top = j * side + i, bottom = top + side
                corners[j * cornersSide + i] = (padded[top] + padded[top + 1] + padded[bottom] + padded[bottom + 1]) * scale
            }
        }
        guard subdivisions > 1 else { return corners }
        let k = subdivisions, fineSide = size * k + 1
        var fine = [Double](repeating: 0, count: fineSide * fineSide)
        let weights = (0...k).map { Double($0) / Double(k) }
        for v in 0..<fineSide {
            let j = min(v / k, size - 1), fy = weights[v - j * k]
            for u in 0..<fineSide {
                let i = min(u / k, size - 1), fx = weights[u - i * k]
                let a = corners[j * cornersSide + i], b = corners[j * cornersSide + i + 1]
                let c = corners[(j + 1) * cornersSide + i], d = corners[(j + 1) * cornersSide + i + 1]
                fine[v * fineSide + u] = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy
            }
        }
        return fine
    }

    private func tile(_ tile: TileID, size: Int, metres: [TileID: [Double]], levels: [Double], interval: Double) -> VectorTile? {
        let features = self.features(tile, size: size, metres: metres, levels: levels, interval: interval)
        guard !features.isEmpty else { return nil }
        return try? VectorTile(bytes: VectorTileWriter.encode(layer: options.layerName, extent: UInt32(Self.extent), features: features))
    }

    /// The contour lines of one DEM tile, one feature per level, in its coordinates (extent ``extent``).
    func features(_ tile: TileID, size: Int, metres: [TileID: [Double]], levels: [Double],
                          interval: Double) -> [VectorTileWriter.Feature] {
        let values = grid(tile, size: size, metres: metres)
        let side = size * subdivisions + 1
        let scale = Double(Self.extent) / Double(side - 1)
        var features: [VectorTileWriter.Feature] = []
        for entry in ContourGenerator.isolines(values: values, width: side, height: side, interval: interval) {
            let elevation: PropertyValue = entry.level == entry.level.rounded() && abs(entry.level) < 1e15
                ? .int(Int64(entry.level)) : .double(entry.level)
            let properties: [(key: String, value: PropertyValue)] = [
                (options.elevationKey, elevation),
                (options.levelKey, .int(Int64(ContourSourceOptions.level(of: entry.level, levels: levels)))),
            ]
            var parts: [[(x: Int64, y: Int64)]] = []
            for line in entry.lines {
                var part: [(x: Int64, y: Int64)] = []
                let kept = tolerance > 0 ? LineSimplifier.simplify(x: line.x, y: line.y, tolerance: tolerance) : Array(line.x.indices)
                part.reserveCapacity(kept.count)
                for (x, y) in kept.lazy.map({ (line.x[$0], line.y[$0]) }) {
                    let point = (x: Int64((x * scale).rounded()), y: Int64((y * scale).rounded()))
                    if let last = part.last, last == point { continue }
                    part.append(point)
                }
                if part.count >= 2 { parts.append(part) }
            }
            // One feature per level, as maplibre-contour writes them.
            if !parts.isEmpty { features.append(VectorTileWriter.Feature(type: .lineString, parts: parts, properties: properties)) }
        }
        return features
    }
}
