public import Geo
public import StyleKit
import Canvas
import PosterRenderer
import TileFetch

/// The style package for browsers (`/api/v1/styles/{id}/style.json`, `/tiles/…`): the catalogue's styles as
/// MapLibre GL JS loads them and their tiled sources, read through the same archives and tile cache as posters.
extension PosterPipeline {
    /// The style `id` as MapLibre GL JS should load it for a palette, toggles and label language: the same
    /// choices a poster request makes, checked the same way (an unknown palette or toggle is an error).
    /// Nil if the catalogue has no such style.
    public func browserStyle(id: String, palette: String?, toggles: [String: Bool], labelLanguage: LabelLanguage?,
                             baseURL: String) throws(PipelineError) -> JSONValue? {
        guard let entry = try bundledStyle(id), let document = styles.document(id) else { return nil }
        guard let chosen = entry.palette(palette) else {
            throw PipelineError(.invalidRequest, "style \"\(id)\" has no palette \"\(palette ?? "")\"; its palettes are \(entry.palettes.map(\.id).joined(separator: ", "))")
        }
        let drawn = try Self.applyingChoices(to: entry.style.applying(chosen), styleID: id, toggles: toggles, labelLanguage: labelLanguage)
        return BrowserStyle(baseURL: baseURL, styleID: id).document(from: document, drawn: drawn)
    }

    /// The tiled sources the catalogue's styles share, by id (every bundled style names the same ones).
    func browserSources() throws(PipelineError) -> [String: StyleSource] {
        var sources: [String: StyleSource] = [:]
        for entry in try catalog.entries {
            for (id, source) in entry.style.sources where sources[id] == nil && ["vector", "raster", "raster-dem"].contains(source.type) {
                sources[id] = source
            }
        }
        return sources
    }

    /// The TileJSON (3.0.0) of the catalogue source `id`, its tiles under `baseURL/tiles/id/`; nil if no style
    /// has such a source.
    public func tileJSON(source id: String, baseURL: String) throws(PipelineError) -> JSONValue? {
        guard let source = try browserSources()[id] else { return nil }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var fields: [String: JSONValue] = ["tilejson": .string("3.0.0"), "scheme": .string("xyz")]
        if source.contours != nil {
            // Contour lines are built from the heights on the service, as they are for posters.
            fields["tiles"] = .array([.string("\(base)/tiles/\(id)/{z}/{x}/{y}.pbf")])
            fields["minzoom"] = .number(Double(source.minZoom))
            fields["maxzoom"] = .number(Double(source.maxZoom))
            return .object(fields)
        }
        let tiles = try tileSource(id, source)
        let type = tiles.tileType == .unknown && source.type == "vector" ? TileType.mvt : tiles.tileType
        fields["tiles"] = .array([.string("\(base)/tiles/\(id)/{z}/{x}/{y}.\(Self.fileExtension(type))")])
        fields["minzoom"] = .number(Double(tiles.minZoom))
        fields["maxzoom"] = .number(Double(tiles.maxZoom))
        if let bounds = tiles.coverage {
            fields["bounds"] = .array([bounds.west, bounds.south, bounds.east, bounds.north].map(JSONValue.number))
        }
        let attribution = source.attribution ?? (source.type == "vector" ? PosterSpec.defaultAttribution : nil)
        if let attribution { fields["attribution"] = .string(attribution) }
        return .object(fields)
    }

    /// One tile of the catalogue source `id`; nil where the source has none (outside its area or zooms).
    /// - Throws: `.invalidRequest` for an unknown source or an impossible tile, the tile errors of posters
    ///   otherwise (an unreachable tile server, a corrupt archive).
    public func browserTile(source id: String, tile: TileID) throws(PipelineError) -> BrowserTile? {
        guard let source = try browserSources()[id] else {
            throw PipelineError(.invalidRequest, "no style has a source \"\(id)\"; the sources are \(try browserSources().keys.sorted().joined(separator: ", "))")
        }
        guard tile.isValid, tile.z <= 24 else {
            throw PipelineError(.invalidRequest, "tile \(tile.z)/\(tile.x)/\(tile.y) does not exist: x and y run from 0 to 2^z - 1, z from 0 to 24")
        }
        if let contours = source.contours {
            return try contourTile(tile, options: contours)
        }
        let tiles = try tileSource(id, source)
        guard (tiles.minZoom...tiles.maxZoom).contains(tile.z) else { return nil }
        let fetched: (bytes: [UInt8]?, maxAge: Double?)
        do {
            fetched = try tiles.fetchNow(tile)
        } catch {
            throw TileFailure.error(error, "source \"\(id)\" (\(tiles.identifier)), tile \(tile): \(error)")
        }
        guard let bytes = fetched.bytes, !bytes.isEmpty else { return nil }
        let type = tiles.tileType == .unknown && source.type == "vector" ? TileType.mvt : tiles.tileType
        return BrowserTile(bytes: bytes, contentType: Self.contentType(type), maxAge: fetched.maxAge)
    }

    /// A contour tile built from the heights of the DEM source its options name, as posters build theirs.
    private func contourTile(_ tile: TileID, options: ContourSourceOptions) throws(PipelineError) -> BrowserTile? {
        guard let demSource = try browserSources()[options.demSource], demSource.type == "raster-dem" else {
            throw PipelineError(.styleInvalid, "the contour source reads heights from \"\(options.demSource)\", which no style defines as a raster-dem source")
        }
        let heights = try tileSource(options.demSource, demSource)
        let minZoom = max(demSource.minZoom, heights.minZoom), maxZoom = min(demSource.maxZoom, heights.maxZoom)
        guard tile.z >= minZoom, minZoom <= maxZoom else { return nil }
        var source = tile
        while source.z > maxZoom, let parent = source.parent { source = parent }
        let n = 1 << source.z
        var images: [TileID: ImageSurface] = [:]
        for dy in -1...1 {
            for dx in -1...1 {
                let neighbour = TileID(z: source.z, x: source.x + dx, y: source.y + dy)
                guard neighbour.x >= 0, neighbour.x < n, neighbour.y >= 0, neighbour.y < n else { continue }
                let bytes: [UInt8]?
                do {
                    bytes = try heights.tileNow(neighbour)
                } catch {
                    throw TileFailure.error(error, "terrain source \"\(options.demSource)\" (\(heights.identifier)), tile \(neighbour): \(error)")
                }
                guard let bytes, !bytes.isEmpty else { continue }
                do {
                    images[neighbour] = try RasterDecoder.decode(bytes)
                } catch {
                    throw PipelineError(.tileInvalid, "DEM tile \(neighbour) of terrain source \"\(options.demSource)\" (\(heights.identifier)): \(error)", cause: error)
                }
            }
        }
        guard images[source] != nil else { return nil }
        let builder = ContourTileBuilder(options: options, target: tile, demZoom: source.z, demTileSize: images[source]!.width)
        let dem = DEMTiles(tiles: images, encoding: demSource.encoding, drawn: [source])
        return builder.encodedTile(tile, from: source, dem: dem).map { BrowserTile(bytes: $0, contentType: Self.contentType(.mvt)) }
    }

    private func tileSource(_ id: String, _ source: StyleSource) throws(PipelineError) -> any SyncTileSource {
        let resolver = PosterInputResolver(factory: archives, resources: resources, vectorSourceID: source.type == "vector" ? id : nil,
                                           tilesPath: defaultTiles)
        guard let tiles = try resolver.tileSource(id: id, source: source) else {
            throw PipelineError(.tilesUnavailable, "source \"\(id)\" has no tiles")
        }
        return tiles
    }

    static func fileExtension(_ type: TileType) -> String {
        switch type {
        case .png: "png"
        case .jpeg: "jpg"
        case .webp: "webp"
        case .avif: "avif"
        case .mlt: "mlt"
        default: "pbf"
        }
    }

    static func contentType(_ type: TileType) -> String {
        switch type {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        case .avif: "image/avif"
        default: "application/x-protobuf"
        }
    }
}
