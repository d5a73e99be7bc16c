import Canvas
import Foundation
public import Geo
public import PosterRenderer
public import StyleKit
import TileFetch
import VectorTile

/// Gathers what a style draws for one view: the tiles of every source a visible layer uses (vector,
/// raster, raster-dem, GeoJSON tiled in one piece), image sources and the sprite. The one loader for
/// posters, `render-style` and the conformance runner; where the bytes come from is the resolver's.
public struct MapInputLoader: Sendable {
    /// How a view reads its tiles.
    public struct Policy: Sendable {
        /// Tiles beyond the antimeridian are read as their wrapped copies (a map view may show the world
        /// more than once).
        public var wrapsWorld: Bool
        /// Pixels around the view whose tiles are read too: wide lines just outside a tile still reach in.
        public var bufferPixels: Double
        /// Heights are read with a ring of neighbouring tiles (hillshade and contours read across tile
        /// edges), must be square tiles of one size, and a source with none under the view is a warning.
        public var demNeighbours: Bool
        /// A raster tile or GeoJSON source that does not decode fails the render; otherwise it is left out
        /// with a warning, as MapLibre does.
        public var strict: Bool
        /// Text is set with the SDF glyphs the style's `glyphs` names, as MapLibre sets it; otherwise with
        /// the bundled fonts (a poster's typography).
        public var glyphText: Bool

        public init(wrapsWorld: Bool, bufferPixels: Double, demNeighbours: Bool, strict: Bool, glyphText: Bool = false) {
            self.wrapsWorld = wrapsWorld
            self.bufferPixels = bufferPixels
            self.demNeighbours = demNeighbours
            self.strict = strict
            self.glyphText = glyphText
        }

        /// A poster: nothing may go missing without a word.
        public static let poster = Policy(wrapsWorld: false, bufferPixels: 16, demNeighbours: true, strict: true)
        /// A MapLibre map view, as its render tests expect it.
        public static let mapView = Policy(wrapsWorld: true, bufferPixels: 0, demNeighbours: false, strict: false, glyphText: true)
    }

    public let resolver: any MapInputResolver
    public let policy: Policy
    /// Parallel requests and the deadline for tiles from remote sources.
    public let concurrency: Int
    public let deadline: Double

    public init(resolver: any MapInputResolver, policy: Policy, concurrency: Int = 16, deadline: Double = 60) {
        self.resolver = resolver
        self.policy = policy
        self.concurrency = concurrency
        self.deadline = deadline
    }

    /// The inputs of `style` for `camera`, with `vectorSourceID`'s tiles as the main ones.
    /// - Parameters:
    ///   - only: load just these kinds of source (the contour benchmark wants `raster-dem` alone); nil for
    ///     all, and the sprite.
    ///   - sprite: the sprite, if ``readSprite(of:pixelRatio:)`` started reading it earlier; otherwise it is
    ///     read here, on another core while the tiles are read.
    ///   - warnings: what is left out and why (a source with no tiles under the view, a missing sprite).
    ///   - decoding: called once every tile is read, before the vector tiles are decoded.
    public func load(_ style: Style, camera: Camera, vectorSourceID: String?, only kinds: Set<String>? = nil, sprite: SpriteRead? = nil,
                     warnings: inout [String], decoding: () throws(PipelineError) -> Void = {}) throws(PipelineError) -> MapInputs {
        var inputs = MapInputs()
        var needed = Set<String>()
        var dems = Set<String>()
        for layer in style.layers where layer.isVisible(atZoom: camera.zoom) {
            guard let id = layer.source, let source = style.sources[id] else { continue }
            if let contours = source.contours {
                dems.insert(contours.demSource)
            } else if source.type == "raster-dem" {
                if layer.type == .hillshade { dems.insert(id) }
            } else {
                needed.insert(id)
            }
        }
        // The sprite (read, decoded and cut) on another core, while the tiles are read and indexed on this one.
        let spriteRead = kinds == nil ? sprite ?? readSprite(of: style, pixelRatio: camera.pixelRatio) : nil
        var rawVectors: [(id: String, tiles: (identifier: String, bytes: [(TileID, [UInt8])]))] = []
        for id in needed.sorted() {
            guard let source = style.sources[id] else { continue }
            guard kinds?.contains(source.type) ?? true else { continue }
            switch source.type {
            case "vector":
                rawVectors.append((id, try vectorBytes(id, source, camera: camera)))
            case "geojson":
                let tile: VectorTile
                // A GeoJSON file the style names by URL that is missing or not GeoJSON is an empty source with
                // a warning, as in MapLibre; inline data the request wrote is refused on a poster.
                let external: Bool = if case .string? = source.data { true } else { false }
                do {
                    tile = try geoJSON(id, source)
                } catch where !policy.strict || (external && error.code == .styleInvalid) {
                    warnings.append("\(error.message): the source is drawn empty")
                    continue
                }
                if source.clusters {
                    warnings.append("source \"\(id)\" asks for clusters (cluster: true), which this renderer does not make: its points are drawn one by one")
                }
                // The world tile and its copies either side, for views across the antimeridian.
                inputs.otherSources[id] = Dictionary(uniqueKeysWithValues: (-1...1).map { (TileID(z: 0, x: $0, y: 0), tile) })
            case "raster":
                if let images = try rasterTiles(id, source, camera: camera) { inputs.rasterSources[id] = images }
            case "image":
                if let image = try pinnedImage(id, source) { inputs.imageSources[id] = image }
            default:
                warnings.append("source \"\(id)\" is a \(source.type) source, which is not drawn")
            }
        }
        if kinds?.contains("raster-dem") ?? true {
            for id in dems.sorted() {
                guard let source = style.sources[id] else { continue }
                if policy.demNeighbours {
                    if let tiles = try demWithNeighbours(id, source, camera: camera, warnings: &warnings) { inputs.demSources[id] = tiles }
                } else if let images = try rasterTiles(id, source, camera: camera) {
                    inputs.demSources[id] = DEMTiles(tiles: images, encoding: source.encoding)
                }
            }
        }
        if kinds == nil, policy.glyphText, let template = style.glyphs {
            // Read range by range as the text asks, through the resolver that reads the sprite.
            let resolver = self.resolver
            inputs.glyphs = GlyphSet(template: template) { url in (try? resolver.resource(url)) ?? nil }
        }
        try decoding()
        for (id, raw) in rawVectors {
            var decoded: [TileID: VectorTile] = [:]
            for (tile, bytes) in raw.bytes {
                do {
                    decoded[tile] = try VectorTile(bytes: bytes)
                } catch {
                    throw PipelineError(.tileInvalid, "tile \(tile) of \(raw.identifier): \(error)", cause: error)
                }
            }
            if id == vectorSourceID { inputs.tiles = decoded } else { inputs.otherSources[id] = decoded }
        }
        if let spriteRead {
            inputs.sprites = spriteRead.sheet
            warnings += spriteRead.warnings
        }
        return inputs
    }

    // MARK: - Tiles

    private func tiles(_ id: String, _ source: StyleSource) throws(PipelineError) -> (any SyncTileSource)? {
        try resolver.tileSource(id: id, source: source)
    }

    /// The tiles a view needs from `tiles` at a zoom, fetched by their wrapped ids where the policy says.
    private func covering(_ camera: Camera, minZoom: Int, maxZoom: Int, bounds: GeoBounds? = nil) -> [TileID] {
        let tiles = camera.coveringTiles(minZoom: minZoom, maxZoom: maxZoom, bufferPixels: policy.bufferPixels, wrappingWorld: policy.wrapsWorld)
        guard let bounds else { return tiles }
        // A source's bounds: tiles wholly outside are never requested (MapLibre's TileBounds).
        let nw = WebMercator.project(LngLat(lng: bounds.west, lat: min(bounds.north, 85.05112878)))
        let se = WebMercator.project(LngLat(lng: bounds.east, lat: max(bounds.south, -85.05112878)))
        return tiles.filter { tile in
            let rect = WebMercator.bounds(of: tile.wrapped)
            return rect.maxX >= nw.x && rect.minX <= se.x && rect.maxY >= nw.y && rect.minY <= se.y
        }
    }

    /// The bytes of a vector source's tiles under the view, decoded later in one go.
    private func vectorBytes(_ id: String, _ source: StyleSource, camera: Camera) throws(PipelineError) -> (identifier: String, bytes: [(TileID, [UInt8])]) {
        guard let tiles = try tiles(id, source) else { return ("", []) }
        guard tiles.tileType == .mvt || tiles.tileType == .unknown else {
            throw PipelineError(.tileInvalid, "\(tiles.identifier) holds \(tiles.tileType) tiles; a vector style needs Mapbox Vector Tiles")
        }
        let ids = covering(camera, minZoom: max(source.minZoom, tiles.minZoom), maxZoom: min(source.maxZoom, tiles.maxZoom), bounds: source.bounds)
        return (tiles.identifier, try read(ids, from: tiles))
    }

    /// A raster source's tiles at the zoom MapLibre picks; a missing tile stands in with its nearest
    /// ancestor that exists (at most ten levels up), as MapLibre's source cache keeps parents. Nil below the
    /// source's minimum zoom, where MapLibre draws nothing.
    private func rasterTiles(_ id: String, _ source: StyleSource, camera: Camera) throws(PipelineError) -> [TileID: ImageSurface]? {
        guard let tiles = try tiles(id, source) else { return nil }
        let minZoom = max(source.minZoom, tiles.minZoom), maxZoom = min(source.maxZoom, tiles.maxZoom)
        guard let z = SourceZoom.level(mapZoom: camera.zoom, tileSize: source.tileSize, minZoom: minZoom, maxZoom: maxZoom) else { return nil }
        var images: [TileID: ImageSurface] = [:]
        /// An image, or nil for a tile served empty or (leniently) undecodable.
        func decode(_ tile: TileID, _ bytes: [UInt8]) throws(PipelineError) -> ImageSurface? {
            guard !bytes.isEmpty else { return nil }
            do {
                return try RasterDecoder.decode(bytes)
            } catch {
                if policy.strict { throw PipelineError(.tileInvalid, "tile \(tile) of \(source.type) source \"\(id)\": \(error)", cause: error) }
                return nil
            }
        }
        /// nil for a missing tile, `.some(nil)` for one served empty or undecodable.
        func load(_ tile: TileID) throws(PipelineError) -> ImageSurface?? {
            guard let bytes = try read([tile], from: tiles).first?.1 else { return nil }
            return .some(try decode(tile, bytes))
        }
        // The tiles under the view in one batch (concurrent for a remote source); ancestors only for the missing.
        let under = covering(camera, minZoom: z, maxZoom: z, bounds: source.bounds)
        let fetched = Dictionary(try read(under, from: tiles), uniquingKeysWith: { a, _ in a })
        for tile in under {
            if let bytes = fetched[tile] {
                if let image = try decode(tile, bytes) { images[tile] = image }
                continue
            }
            var ancestor = tile.parent
            while let candidate = ancestor, candidate.z >= max(minZoom, z - 10) {
                if images[candidate] != nil { break }
                if let loaded = try load(candidate) {
                    if let image = loaded { images[candidate] = image }
                    break
                }
                ancestor = candidate.parent
            }
        }
        return images
    }

    /// A poster's heights: the tiles under the camera and a ring of neighbours, square and all one size.
    private func demWithNeighbours(_ id: String, _ source: StyleSource, camera: Camera,
                                   warnings: inout [String]) throws(PipelineError) -> DEMTiles? {
        guard let tiles = try tiles(id, source) else { return nil }
        guard tiles.tileType == .png || tiles.tileType == .jpeg || tiles.tileType == .unknown else {
            throw PipelineError(.tileInvalid, "terrain source \"\(id)\" (\(tiles.identifier)) holds \(tiles.tileType) tiles; a raster-dem source needs PNG tiles of heights")
        }
        let minZoom = max(source.minZoom, tiles.minZoom), maxZoom = min(source.maxZoom, tiles.maxZoom)
        // A poster zoomed out past the DEM still shades its terrain, from the coarsest tiles there are.
        let z = SourceZoom.level(mapZoom: camera.zoom, tileSize: source.tileSize, minZoom: minZoom, maxZoom: maxZoom) ?? minZoom
        let under = camera.coveringTiles(minZoom: z, maxZoom: z, bufferPixels: policy.bufferPixels)
        guard let first = under.first else { return nil }
        let xs = under.map(\.x), ys = under.map(\.y), n = 1 << z
        var ids: [TileID] = []
        for y in max(0, ys.min()! - 1)...min(n - 1, ys.max()! + 1) {
            for x in (xs.min()! - 1)...(xs.max()! + 1) where (0..<n).contains(x) { ids.append(TileID(z: first.z, x: x, y: y)) }
        }
        var images: [TileID: ImageSurface] = [:]
        for (tile, bytes) in try read(ids, from: tiles) where !bytes.isEmpty {
            do {
                images[tile] = try RasterDecoder.decode(bytes)
            } catch {
                throw PipelineError(.tileInvalid, "DEM tile \(tile) of terrain source \"\(id)\" (\(tiles.identifier)): \(error)", cause: error)
            }
        }
        if let odd = images.first(where: { $0.value.width != $0.value.height || $0.value.width != images.first!.value.width }) {
            throw PipelineError(.tileInvalid, "DEM tile \(odd.key) of terrain source \"\(id)\" is \(odd.value.width)x\(odd.value.height); the tiles of a raster-dem source must be square and all one size")
        }
        guard under.contains(where: { images[$0] != nil }) else {
            warnings.append("terrain source \"\(id)\" (\(tiles.identifier)) has no tiles under the poster at zoom \(z): no hillshade or contours are drawn")
            return nil
        }
        return DEMTiles(tiles: images, encoding: source.encoding, drawn: Set(under))
    }

    /// The bytes of `ids` that exist, under their own ids (fetched by their wrapped ids): straight from a
    /// local source, or through the tile loader's threads and deadline from a remote one.
    private func read(_ ids: [TileID], from source: any SyncTileSource) throws(PipelineError) -> [(TileID, [UInt8])] {
        let fetched = ids.map { policy.wrapsWorld ? $0.wrapped : $0 }
        var raw: [(TileID, [UInt8])] = []
        if source is any LocalTileSource {
            for (id, file) in zip(ids, fetched) {
                do {
                    if let bytes = try source.tileNow(file) { raw.append((id, bytes)) }
                } catch {
                    throw TileFailure.error(error, "reading tile \(file) of \(source.identifier): \(error)")
                }
            }
            return raw
        }
        let unique = Array(Set(fetched))
        let loaded: [(TileID, [UInt8])]
        do {
            loaded = try TileLoader(concurrency: concurrency, deadline: deadline).load(unique, from: source)
        } catch {
            throw TileFailure.error(error, "\(error)")
        }
        let byID = Dictionary(loaded, uniquingKeysWith: { a, _ in a })
        for (id, file) in zip(ids, fetched) { if let bytes = byID[file] { raw.append((id, bytes)) } }
        return raw
    }

    // MARK: - Files

    private func geoJSON(_ id: String, _ source: StyleSource) throws(PipelineError) -> VectorTile {
        var data = source.data ?? .object(["type": .string("FeatureCollection"), "features": .array([])])
        if case .string(let url) = data {
            guard let bytes = try resolver.resource(url) else {
                throw PipelineError(.styleInvalid, "GeoJSON source \"\(id)\": \(url) cannot be read")
            }
            // The file is outside input like the style: the same nesting limit guards the parser's recursion.
            do {
                data = try JSONParser.parse(bytes, maxDepth: StyleLimits.maxDocumentDepth)
            } catch {
                if case .tooDeep = error.kind {
                    throw PipelineError(.styleInvalid, "GeoJSON source \"\(id)\": \(url) nests deeper than \(StyleLimits.maxDocumentDepth) levels (at byte \(error.offset))", cause: error)
                }
                throw PipelineError(.styleInvalid, "GeoJSON source \"\(id)\": \(url) is not JSON: \(error)", cause: error)
            }
        }
        do {
            return try GeoJSONTiler.tile(GeoJSON.parse(data))
        } catch {
            throw PipelineError(.styleInvalid, "GeoJSON source \"\(id)\": \(error)", cause: error)
        }
    }

    private func pinnedImage(_ id: String, _ source: StyleSource) throws(PipelineError) -> MapInputs.PinnedImage? {
        guard let url = source.url, let corners = source.coordinates, let bytes = try resolver.resource(url) else { return nil }
        do {
            return MapInputs.PinnedImage(image: try RasterDecoder.decode(bytes), corners: corners)
        } catch {
            throw PipelineError(.styleInvalid, "image source \"\(id)\": \(url) is not a PNG or JPEG image: \(error)", cause: error)
        }
    }

    /// Starts reading `style`'s sprite (for screens of `pixelRatio`) on another core;
    /// ``load(_:camera:vectorSourceID:only:sprite:warnings:decoding:)`` takes it from there.
    public func readSprite(of style: Style, pixelRatio: Double) -> SpriteRead {
        SpriteRead(BackgroundWork { [self] in
            var warnings: [String] = []
            let sheet = sprite(of: style, pixelRatio: pixelRatio, warnings: &warnings)
            return (sheet, warnings)
        })
    }

    /// The style's sprite as MapLibre loads it: `<url>.json` and `<url>.png`, or their `@2x` versions on a
    /// high-density screen (pixel ratio above 1). A list of sprites (`[{id, url}]`) is loaded sheet by sheet.
    func sprite(of style: Style, pixelRatio: Double, warnings: inout [String]) -> SpriteSheet? {
        var entries: [(id: String, url: String)] = []
        switch style.sprite {
        case .string(let url)?:
            entries = [("default", url)]
        case .array(let items)?:
            for item in items {
                guard case .object(let object) = item, case .string(let id)? = object["id"], case .string(let url)? = object["url"] else {
                    warnings.append("a sprite entry is not an {id, url} object: skipped")
                    continue
                }
                entries.append((id, url))
            }
        default:
            return nil
        }
        var sheets: [(id: String, sheet: SpriteSheet)] = []
        for (id, url) in entries {
            let base = url + (pixelRatio > 1 ? "@2x" : "")
            // A poster without its icons is still a poster: every problem here is a warning, never a failure.
            do {
                guard let index = try resolver.resource(base + ".json"), let sheet = try resolver.resource(base + ".png") else {
                    warnings.append("the sprite \(base) (.json and .png) cannot be read: icons and patterns are not drawn")
                    continue
                }
                sheets.append((id, try SpriteSheet(index: index, sheet: RasterDecoder.decode(sheet))))
            } catch {
                warnings.append("the sprite \(base) is not used: \(error): icons and patterns are not drawn")
            }
        }
        if sheets.isEmpty { return nil }
        return sheets.count == 1 && sheets[0].id == "default" ? sheets[0].sheet : SpriteSheet(merging: sheets)
    }
}
