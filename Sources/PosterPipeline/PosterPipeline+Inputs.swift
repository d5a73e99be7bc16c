import Canvas
import Foundation
public import Geo
public import PosterRenderer
public import StyleKit
import TileFetch

extension PosterPipeline {
    /// The decoded raster-dem tiles a poster needs, by source id: the sources of visible hillshade layers
    /// and the DEMs of contour sources that visible layers draw. Each source is read at the zoom MapLibre
    /// would pick for its tile size (within its zoom range), over the tiles under the camera and a ring of
    /// neighbours, which shading and contours read across tile edges. A source without tiles under the
    /// poster is left out, with a warning.
    public func loadTerrain(for style: Style, camera: Camera, warnings: inout [String]) throws(PipelineError) -> [String: DEMTiles] {
        var needed = Set<String>()
        for layer in style.layers where layer.isVisible(atZoom: camera.zoom) {
            guard let id = layer.source, let source = style.sources[id] else { continue }
            if layer.type == .hillshade && source.type == "raster-dem" { needed.insert(id) }
            if let contours = source.contours { needed.insert(contours.demSource) }
        }
        var result: [String: DEMTiles] = [:]
        for id in needed.sorted() {
            guard let source = style.sources[id] else { continue }
            let location = try demLocation(of: source, id: id)
            let tiles: any SyncTileSource
            do {
                tiles = try archives.source(location)
            } catch {
                throw TileFailure.error(error, "terrain source \"\(id)\" (\(location)): \(error)")
            }
            guard tiles.tileType == .png || tiles.tileType == .jpeg || tiles.tileType == .unknown else {
                throw PipelineError(.tileInvalid, "terrain source \"\(id)\" (\(location)) holds \(tiles.tileType) tiles; a raster-dem source needs PNG tiles of heights")
            }
            let tileSize = Double(source.tileSize > 0 ? source.tileSize : 512)
            let ideal = Int((camera.zoom + log2(WebMercator.tileSize / tileSize)).rounded())
            let z = min(max(ideal, source.minZoom, tiles.minZoom), min(source.maxZoom, tiles.maxZoom))
            let under = camera.coveringTiles(minZoom: z, maxZoom: z, bufferPixels: 16)
            guard let first = under.first else { continue }
            // The ring of neighbours around the tiles under the camera.
            let xs = under.map(\.x), ys = under.map(\.y), n = 1 << z
            var ids: [TileID] = []
            for y in max(0, ys.min()! - 1)...min(n - 1, ys.max()! + 1) {
                for x in (xs.min()! - 1)...(xs.max()! + 1) { ids.append(TileID(z: first.z, x: x, y: y)) }
            }
            let raw = try readTiles(ids.filter { (0..<n).contains($0.x) }, from: tiles, describing: "terrain source \"\(id)\"")
            var images: [TileID: ImageSurface] = [:]
            for (tile, bytes) in raw where !bytes.isEmpty {
                do {
                    images[tile] = try RasterDecoder.decode(bytes)
                } catch {
                    throw PipelineError(.tileInvalid, "DEM tile \(tile) of terrain source \"\(id)\" (\(location)): \(error)")
                }
            }
            if let odd = images.first(where: { $0.value.width != $0.value.height || $0.value.width != images.first!.value.width }) {
                throw PipelineError(.tileInvalid, "DEM tile \(odd.key) of terrain source \"\(id)\" is \(odd.value.width)x\(odd.value.height); the tiles of a raster-dem source must be square and all one size")
            }
            guard under.contains(where: { images[$0] != nil }) else {
                warnings.append("terrain source \"\(id)\" (\(location)) has no tiles under the poster at zoom \(z): no hillshade or contours are drawn")
                continue
            }
            result[id] = DEMTiles(tiles: images, encoding: source.encoding, drawn: Set(under))
        }
        return result
    }

    /// Where a raster-dem source's tiles are: `pmtiles://` a path (relative to the resources' root) or a URL,
    /// a TileJSON `url`, or the first `tiles` template.
    func demLocation(of source: StyleSource, id: String) throws(PipelineError) -> String {
        if let url = source.url {
            if url.hasPrefix("pmtiles://") {
                let rest = String(url.dropFirst("pmtiles://".count))
                if rest.hasPrefix("http://") || rest.hasPrefix("https://") || rest.hasPrefix("/") { return rest }
                return resources.root + "/" + rest
            }
            return url
        }
        if let template = source.tiles.first { return template }
        throw PipelineError(.styleInvalid, "raster-dem source \"\(id)\" has neither a \"url\" nor \"tiles\"; point it at a Terrarium or terrain-RGB tileset (pmtiles://Data/jacksboro-dem.pmtiles is bundled)")
    }

    /// The bytes of `ids` that exist: straight from a local archive, which answers in microseconds, or
    /// through the tile loader's threads and deadline from a remote source.
    func readTiles(_ ids: [TileID], from source: any SyncTileSource, describing name: String) throws(PipelineError) -> [(TileID, [UInt8])] {
        if source is PMTilesTileSource {
            var raw: [(TileID, [UInt8])] = []
            for id in ids {
                do {
                    if let bytes = try source.tileNow(id) { raw.append((id, bytes)) }
                } catch {
                    throw TileFailure.error(error, "reading tile \(id) of \(name): \(error)")
                }
            }
            return raw
        }
        do {
            return try TileLoader(concurrency: tileFetch.concurrency, deadline: tileFetch.deadline).load(ids, from: source)
        } catch {
            throw TileFailure.error(error, "\(error)")
        }
    }
}
