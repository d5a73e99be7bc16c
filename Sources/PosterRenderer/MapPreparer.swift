import Canvas
import Dispatch
import Foundation
import Geo
import StyleKit
import VectorTile

/// Projects the features of every style layer from the tiles into poster pixels, evaluating paint and
/// grouping features painted alike. Work is split by (layer, tile) across the cores.
struct MapPreparer {
    let style: Style
    let camera: Camera
    /// Where the map's top-left corner is on the poster.
    let origin: (x: Double, y: Double)
    let tiles: [TileID: VectorTile]
    /// The style's vector source the tiles belong to; layers of other sources are not drawn from them.
    let sourceID: String?
    /// Vertices closer than this (device pixels) to the previous one are dropped.
    let minimumStep: Double
    /// Tiles of further sources by source id (GeoJSON sources as tiles of one layer,
    /// `_geojsonTileLayer`); their layers are drawn from these instead of `tiles`.
    var otherSources: [String: [TileID: VectorTile]] = [:]

    /// Decoded raster tiles by source id.
    var rasterSources: [String: [TileID: ImageSurface]] = [:]
    /// Fonts for symbol layers' text; without them labels are not drawn.
    var fonts: FontStackResolver?
    /// The style's SDF glyphs: when given, text is set and drawn with them as MapLibre does, not with `fonts`.
    var glyphs: GlyphSet?
    /// False when each source's labels collide only among themselves (MapLibre's `crossSourceCollisions`).
    var crossSourceCollisions = true
    /// Degrees the painter turns the map by (the camera here is unturned).
    var bearing = 0.0
    /// A pitched view's projection: labels are then tested for collisions as the output shows them, and text
    /// set with the style's glyphs is placed in screen space.
    var pitchedLabels: PitchedLabelPlacement? = nil
    /// Cores the units of work are spread over; on one, they run in order on the calling thread.
    var cores = ProcessInfo.processInfo.activeProcessorCount
    /// Whether the target is pixels, where extrusions are drawn as prisms in perspective; a vector target
    /// (PDF) gets their tops as seen from straight above.
    var pixelTarget = true
    /// The style's sprite images, for icons, `fill-pattern` and `background-pattern`.
    var sprites: SpriteSheet? {
        didSet { imageNames = Set(sprites.map { Array($0.images.keys) } ?? []) }
    }
    /// The sprite's image names, which `image` expressions resolve against.
    private(set) var imageNames: Set<String> = []
    /// Raster-dem tiles by source id.
    var demSources: [String: DEMTiles] = [:]
    /// Image sources by id: the picture and its corners (top left, top right, bottom right, bottom left).
    var imageSources: [String: (image: ImageSurface, corners: [LngLat])] = [:]

    /// The layer name of a GeoJSON source's features, as MapLibre names it.
    static let geoJSONLayerName = "_geojsonTileLayer"

    /// The tiles a layer is drawn from, and the tile layer its features are in; nil when it has none here.
    func tiles(for layer: StyleLayer) -> (tiles: [TileID: VectorTile], layerName: String)? {
        if let source = layer.source, let other = otherSources[source] {
            return (other, layer.sourceLayer ?? Self.geoJSONLayerName)
        }
        guard let sourceLayer = layer.sourceLayer, sourceID == nil || layer.source == sourceID else { return nil }
        return (tiles, sourceLayer)
    }
    /// The area (poster pixels, before turning) that can show on the poster, widened by more than the
    /// widest line reaches: geometry is clipped to it as well as to its tile, so that the parts of tiles
    /// beyond the frame cost neither projection nor drawing.
    var visibleArea: PixelRect? = nil

    /// Problems met in the tiles (bad features are skipped, not drawn).
    final class Warnings: @unchecked Sendable {
        // @unchecked: guarded by `lock`.
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ message: String) { lock.withLock { items.append(message) } }
        var all: [String] { lock.withLock { items } }
    }

    func prepare(warnings: Warnings) -> [PreparedLayer] {
        let zoom = camera.zoom
        let resolver = PaintResolver(zoom: zoom, pixelRatio: camera.pixelRatio)
        let drawable = style.layers.enumerated().filter { $0.element.isVisible(atZoom: zoom) }

        // One unit of work per (layer, tile) that has data for the layer.
        struct Unit { let layerIndex: Int; let tile: TileID; var virtual: TileID? = nil }
        var units: [Unit] = []
        for (index, layer) in drawable where layer.type == .fill || layer.type == .line {
            guard let (layerTiles, layerName) = tiles(for: layer) else { continue }
            if let zoom = geoJSONTileZoom(for: layer) {
                // Cut as geojson-vt cuts a GeoJSON source, so that dashes and patterns start where MapLibre's do.
                for virtual in camera.coveringTiles(minZoom: zoom, maxZoom: zoom, wrappingWorld: true) {
                    let n = 1 << virtual.z
                    let world = TileID(z: 0, x: virtual.x >= 0 ? virtual.x / n : -((-virtual.x + n - 1) / n), y: 0)
                    if layerTiles[world]?.layer(named: layerName) != nil { units.append(Unit(layerIndex: index, tile: world, virtual: virtual)) }
                }
                continue
            }
            for tile in layerTiles.keys.sorted() where layerTiles[tile]?.layer(named: layerName) != nil {
                units.append(Unit(layerIndex: index, tile: tile))
            }
        }
        // Symbol layers' candidates do not depend on placement: they are gathered beside the units, first
        // because a layer of labels is the largest piece of work, and only placing them waits for all.
        let symbolLayers = drawable.map(\.offset).filter { symbolLayerIsDrawn(style.layers[$0]) }
        let candidates = ResultSlots<[LabelCandidate]>(count: symbolLayers.count)
        let placed = ResultSlots<[PlacedLabel]>(count: symbolLayers.count)
        // So are the extrusion layers: a city's buildings are milliseconds of work the cores can share.
        let extrusionLayers = drawable.map(\.offset).filter { style.layers[$0].type == .fillExtrusion }
        let extrusions = ResultSlots<PreparedExtrusions?>(count: extrusionLayers.count)
        let results = ResultSlots<UnitResult>(count: units.count)
        let work = units
        let iterations = symbolLayers.count + extrusionLayers.count + work.count
        Self.perform(iterations: iterations, cores: cores) { i in
            guard i >= symbolLayers.count else {
                let layer = style.layers[symbolLayers[i]]
                let gathered = layer.symbol.map { labelCandidates(layer, $0, fonts: fonts, warnings: warnings) } ?? []
                // Placing is sequential: it starts as soon as the last layer's candidates are in, on this
                // core, while the other cores go on preparing lines and fills.
                if candidates.store(i, gathered) { placeLabels(symbolLayers, candidates, into: placed) }
                return
            }
            let extrusion = i - symbolLayers.count
            guard extrusion >= extrusionLayers.count else {
                extrusions.store(extrusion, prepareExtrusions(style.layers[extrusionLayers[extrusion]], warnings: warnings))
                return
            }
            let unit = work[extrusion - extrusionLayers.count]
            let layer = style.layers[unit.layerIndex]
            results.store(extrusion - extrusionLayers.count, prepareUnit(layer, unit.tile, virtual: unit.virtual, resolver, warnings))
        }

        var prepared: [PreparedLayer] = []
        var symbolSlots: [(slot: Int, layer: Int)] = []
        var unitIndex = 0
        for (index, layer) in drawable {
            switch layer.type {
            case .background:
                guard let paint = layer.background else { continue }
                if let pattern = paint.pattern {
                    // Patterns cross-fade between zooms; MapLibre without fading shows the tile zoom's.
                    if let image = patternPaint(named: pattern.evaluate(zoom: tileZoom)) {
                        prepared.append(.backgroundPattern(image, opacity: min(max(paint.opacity.evaluate(zoom: zoom), 0), 1)))
                    }
                    continue
                }
                let color = PaintResolver.color(paint.color.evaluate(zoom: zoom), opacity: paint.opacity.evaluate(zoom: zoom))
                prepared.append(.background(RGBAColor(red: color.red, green: color.green, blue: color.blue, alpha: color.alpha)))
            case .fill, .line:
                var fills: [FillPaint: [PathPiece]] = [:], fillOrder: [FillPaint] = []
                var lines: [LinePaint: [PathPiece]] = [:], lineOrder: [LinePaint] = []
                let firstUnit = unitIndex
                while unitIndex < units.count && units[unitIndex].layerIndex == index {
                    switch results.take(unitIndex) ?? UnitResult.none {
                    case .fill(let groups):
                        for group in groups {
                            if fills[group.paint] == nil { fillOrder.append(group.paint) }
                            fills[group.paint, default: []] += group.pieces
                        }
                    case .line(let groups):
                        for group in groups {
                            if lines[group.paint] == nil { lineOrder.append(group.paint) }
                            lines[group.paint, default: []] += group.pieces
                        }
                    case .none:
                        break
                    }
                    unitIndex += 1
                }
                // A sort key puts features over those with lower keys; equal keys keep the tiles' order.
                fillOrder = Self.stableSorted(fillOrder) { $0.sortKey }
                lineOrder = Self.stableSorted(lineOrder) { $0.sortKey }
                if layer.type == .fill {
                    // From one tile (a GeoJSON source), pieces are whole features: translucent ones that
                    // overlap can blend twice as in MapLibre without seams between a feature's tiles.
                    let oneTile = Set(units[firstUnit..<unitIndex].map(\.tile.wrapped)).count == 1
                    // MapLibre has no opaque pass from the first fill-extrusion layer up (hidden ones count).
                    let opaquePassEnabled = !style.layers[...index].contains { $0.type == .fillExtrusion }
                    prepared.append(.fill(id: layer.id, groups: fillOrder.map { key in
                        var paint = key
                        paint.opaquePass = key.opaquePass && opaquePassEnabled
                        return PaintGroup(paint: paint, pieces: fills[key] ?? [], wholeFeatures: oneTile)
                    }))
                } else {
                    prepared.append(.line(id: layer.id, groups: lineOrder.map { PaintGroup(paint: $0, pieces: lines[$0]!) }))
                }
            case .raster:
                guard let paint = layer.raster, let source = layer.source else { continue }
                if let picture = imageSources[source], picture.corners.count == 4 {
                    let adjustment = RasterAdjustment(paint, zoom: zoom)
                    let corners = picture.corners.map { corner -> (x: Double, y: Double) in
                        let p = camera.pixel(of: WebMercator.project(corner))
                        return (p.x + origin.x, p.y + origin.y)
                    }
                    let image = adjustment.isIdentity ? picture.image : adjustment.apply(to: picture.image)
                    // As MapLibre repeats the world beside itself, the picture is drawn in each copy of the
                    // world the frame shows (a view across the antimeridian sees both sides).
                    let frame = PixelRect(x: origin.x, y: origin.y, width: Double(camera.width), height: Double(camera.height))
                    var box = PixelRect.empty
                    for corner in corners { box.include(x: corner.x, y: corner.y) }
                    let world = camera.worldScale
                    for copy in -2...2 {
                        let shift = Double(copy) * world
                        guard box.minX.isFinite, box.maxY.isFinite, box.minX + shift <= frame.maxX, box.maxX + shift >= frame.minX,
                              box.minY <= frame.maxY, box.maxY >= frame.minY else { continue }
                        prepared.append(.image(id: layer.id, corners: corners.map { ($0.x + shift, $0.y) }, image: image,
                                               opacity: min(max(paint.opacity.evaluate(zoom: zoom), 0), 1),
                                               nearest: paint.resampling.evaluate(zoom: zoom) == "nearest"))
                    }
                } else if let images = rasterSources[source] {
                    prepared.append(prepareRaster(layer.id, paint, images, zoom: zoom))
                }
            case .hillshade:
                guard let paint = layer.hillshade, let source = layer.source, let dem = demSources[source] else { continue }
                var direction = paint.illuminationDirection.evaluate(zoom: zoom) * .pi / 180
                // A light anchored to the viewport stays put while the map turns beneath it.
                if paint.illuminationAnchor.evaluate(zoom: zoom) == "viewport" { direction += camera.bearing * .pi / 180 }
                func color(_ p: StyleProperty<StyleColor>) -> RGBAColor { PaintResolver.color(p.evaluate(zoom: zoom), opacity: 1) }
                let shading = Hillshade(azimuth: direction, exaggeration: paint.exaggeration.evaluate(zoom: zoom),
                                        shadow: color(paint.shadowColor), highlight: color(paint.highlightColor), accent: color(paint.accentColor))
                prepared.append(prepareRaster(layer.id, RasterLayerPaint(), shading.shadeAll(dem), zoom: zoom))
            case .symbol:
                // Placed below, once every layer is known: upper layers get the first say.
                guard symbolLayerIsDrawn(layer) else { continue }
                for warning in UndrawnProperties.warnings(for: layer, bearing: bearing, sdfText: glyphs != nil) { warnings.add(warning) }
                symbolSlots.append((prepared.count, index))
                prepared.append(.symbols(id: layer.id, labels: []))
            case .circle:
                prepared.append(.circles(id: layer.id, circles: prepareCircles(layer, warnings: warnings)))
            case .heatmap:
                if let heatmap = prepareHeatmap(layer, warnings: warnings) { prepared.append(.heatmap(id: layer.id, heatmap)) }
            case .fillExtrusion:
                if let slot = extrusionLayers.firstIndex(of: index), let buildings = extrusions.take(slot) ?? nil {
                    prepared.append(.extrusions(id: layer.id, buildings))
                }
            default:
                // Other types (color-relief, unknown ones) are drawn by later versions of the renderer;
                // until then each is named, never dropped in silence.
                warnings.add("layer \"\(layer.id)\" is a \(layer.typeName) layer, which this renderer does not draw yet: skipped")
                continue
            }
        }
        if !symbolSlots.isEmpty {
            for (slot, layerIndex) in symbolSlots {
                guard let placedSlot = symbolLayers.firstIndex(of: layerIndex) else { continue }
                prepared[slot] = .symbols(id: style.layers[layerIndex].id, labels: placed.take(placedSlot) ?? [])
            }
            for warning in glyphs?.warnings() ?? [] { warnings.add(warning) }
        }
        return prepared
    }

    /// Runs `body` for 0 ..< `iterations`, spread over the cores, or in order on this thread when there is one.
    static func perform(iterations: Int, cores: Int, _ body: @Sendable (Int) -> Void) {
        guard cores > 1 else {
            for i in 0..<iterations { body(i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
    }

    /// Places the labels of every drawn symbol layer (`layers`, style indices in drawing order), upper
    /// layers first: they get the first say.
    private func placeLabels(_ layers: [Int], _ candidates: ResultSlots<[LabelCandidate]>, into placed: ResultSlots<[PlacedLabel]>) {
        var placer = SymbolPlacer(frame: PixelRect(x: origin.x, y: origin.y, width: Double(camera.width), height: Double(camera.height)))
        placer.pitched = pitchedLabels
        // Without cross-source collisions, one collision index per source.
        var indexBySource: [String: CollisionIndex] = [:]
        for (slot, layerIndex) in layers.enumerated().reversed() {
            let layer = style.layers[layerIndex]
            guard let symbol = layer.symbol else { continue }
            if !crossSourceCollisions { placer.index = indexBySource[layer.source ?? "", default: CollisionIndex()] }
            placed.store(slot, placer.place(candidates.take(slot) ?? [], byY: sortsByY(symbol)))
            if !crossSourceCollisions { indexBySource[layer.source ?? ""] = placer.index }
        }
    }

    /// Whether a symbol layer has anything to draw here: text needs fonts or the style's glyphs, icons the
    /// layer's `icon-image`.
    func symbolLayerIsDrawn(_ layer: StyleLayer) -> Bool {
        guard layer.type == .symbol, let symbol = layer.symbol else { return false }
        return (symbol.textField != nil && (fonts != nil || glyphs != nil)) || symbol.iconImage != nil
    }

    /// Whether a symbol layer's symbols are placed and drawn by their height on the page (MapLibre's
    /// `symbol-z-order`): when asked, or by default when they may overlap and no sort key orders them.
    func sortsByY(_ symbol: SymbolLayerPaint) -> Bool {
        let zoom = camera.zoom
        let zOrder = symbol.zOrder.evaluate(zoom: zoom)
        let byKey = zOrder != "viewport-y" && symbol.sortKey.map { !$0.isConstant } == true
        guard zOrder == "viewport-y" || (zOrder == "auto" && !byKey) else { return false }
        func mode(_ overlap: StyleProperty<String>?, _ allow: StyleProperty<Bool>) -> Bool {
            overlap.map { $0.evaluate(zoom: zoom) != "never" } ?? allow.evaluate(zoom: zoom)
        }
        return mode(symbol.textOverlap, symbol.textAllowOverlap) || mode(symbol.iconOverlap, symbol.iconAllowOverlap)
            || symbol.textIgnorePlacement.evaluate(zoom: zoom) || symbol.iconIgnorePlacement.evaluate(zoom: zoom)
    }

    /// A feature as expressions see it: with its tile, for `within` and `distance` (a source held as one
    /// world tile is measured at the map's tile zoom), and the sprite's image names.
    func featureContext(_ feature: VectorTileFeature, tile: TileID, extent: Int) -> TileFeatureContext {
        let worldTile = tile.z == 0 && extent > 8192
        return TileFeatureContext(feature: feature, tile: tile, extent: UInt32(clamping: extent),
                                  measureZoom: worldTile ? min(max(Int(camera.zoom.rounded(.down)), 0), 24) : nil, images: imageNames,
                                  scriptsAsMapLibre: glyphs != nil)
    }

    /// Where a tile lies on the poster (pixels before turning).
    func rect(of tileID: TileID) -> PixelRect {
        let bounds = WebMercator.bounds(of: tileID)
        let topLeft = camera.pixel(of: WorldPoint(x: bounds.minX, y: bounds.minY))
        let bottomRight = camera.pixel(of: WorldPoint(x: bounds.maxX, y: bounds.maxY))
        return PixelRect(minX: topLeft.x + origin.x, minY: topLeft.y + origin.y, maxX: bottomRight.x + origin.x, maxY: bottomRight.y + origin.y)
    }

    /// A layer's `*-translate` in poster pixels of the unturned map (a viewport-anchored one turned back by
    /// the bearing, as the painter turns it).
    func translation(of layer: StyleLayer) -> (x: Double, y: Double) {
        let values: [Double], anchor: String
        if let line = layer.line {
            (values, anchor) = (line.translate.evaluate(zoom: camera.zoom).values, line.translateAnchor.evaluate(zoom: camera.zoom))
        } else if let fill = layer.fill {
            (values, anchor) = (fill.translate.evaluate(zoom: camera.zoom).values, fill.translateAnchor.evaluate(zoom: camera.zoom))
        } else if let circle = layer.circle {
            (values, anchor) = (circle.translate.evaluate(zoom: camera.zoom).values, circle.translateAnchor.evaluate(zoom: camera.zoom))
        } else {
            return (0, 0)
        }
        return Translation(values, anchor: anchor, pixelRatio: camera.pixelRatio).mapOffset(bearing: bearing)
    }

    /// The integer zoom MapLibre lays patterns and dashes out at.
    var tileZoom: Double { max(0, camera.zoom.rounded(.down)) }

    /// The sprite image `name` as a repeating pattern on the poster, or nil if the sprite lacks it.
    func patternPaint(named name: String) -> PatternPaint? {
        guard let image = sprites?.images[name] else { return nil }
        // Image pixels per poster pixel, and the image pixel under the poster's origin: world pixels at the
        // tile zoom times the image's pixel ratio. The offset is kept within one repeat, so that cairo's
        // fixed-point pattern matrix stays exact at any zoom.
        let scale = 512 * pow(2, tileZoom) * image.pixelRatio
        let k = scale / camera.worldScale
        let center = camera.centerWorld
        let w = Double(image.surface.width), h = Double(image.surface.height)
        func wrap(_ v: Double, _ period: Double) -> Double { let r = v.truncatingRemainder(dividingBy: period); return r < 0 ? r + period : r }
        let x0 = wrap((center.x - (origin.x + Double(camera.width) / 2) / camera.worldScale) * scale, w)
        let y0 = wrap((center.y - (origin.y + Double(camera.height) / 2) / camera.worldScale) * scale, h)
        return PatternPaint(name: name, image: image.surface, pixelRatio: image.pixelRatio, transform: DeviceTransform(xx: k, yx: 0, xy: 0, yy: k, x0: x0, y0: y0))
    }

    /// `items` ordered by `key`, ties left in their order.
    static func stableSorted<T>(_ items: [T], by key: (T) -> Double) -> [T] {
        items.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// The shift (device pixels) MapLibre's aligned projection gives raster tiles: the centre, in CSS pixels
    /// of the world at this zoom, rounded as `Math.round` does, with half a pixel for an odd frame size.
    var rasterAlignment: (x: Double, y: Double) {
        let ratio = camera.pixelRatio
        let world = camera.worldScale / ratio
        let centre = camera.centerWorld
        func shift(_ v: Double, _ size: Int) -> Double {
            guard v.isFinite, world.isFinite else { return 0 }
            let css = Double(size) / ratio
            let odd = css.rounded(.down).truncatingRemainder(dividingBy: 2) / 2
            var d = v - (v + 0.5).rounded(.down) + odd
            if d > 0.5 { d -= 1 }
            return d * ratio
        }
        return (shift(centre.x * world, camera.width), shift(centre.y * world, camera.height))
    }

    /// Places every raster tile on the map and applies the layer's colour adjustments to a copy of it.
    /// Tiles of several zooms (ancestors standing in for missing tiles) are drawn lowest zoom first, each
    /// with holes where tiles of higher zooms lie, as MapLibre's depth test keeps a parent from covering
    /// its children.
    private func prepareRaster(_ id: String, _ paint: RasterLayerPaint, _ images: [TileID: ImageSurface], zoom: Double) -> PreparedLayer {
        let adjustment = RasterAdjustment(paint, zoom: zoom)
        var placed: [(tile: TileID, rect: PixelRect, image: ImageSurface)] = []
        // Like MapLibre's aligned matrix, the map's centre is put on a whole CSS pixel (half a pixel off
        // for an odd width or height): at integer zooms tiles then map pixel to pixel instead of being
        // blurred by a fractional offset, and every tile moves by the same shift, so neighbours meet exactly.
        let offset = rasterAlignment
        for tileID in images.keys.sorted() {
            guard let image = images[tileID] else { continue }
            var rect = rect(of: tileID)
            rect = PixelRect(minX: rect.minX + offset.x, minY: rect.minY + offset.y, maxX: rect.maxX + offset.x, maxY: rect.maxY + offset.y)
            if let visibleArea, !rect.intersects(visibleArea) { continue }
            placed.append((tileID, rect, image))
        }
        let tiles = placed.map { entry -> RasterTile in
            // Only the outermost higher-zoom tiles make holes (nested ones would fill them again).
            let higher = placed.filter { $0.tile.z > entry.tile.z && $0.tile.ancestor(atZoom: entry.tile.z) == entry.tile }
            let holes = higher.filter { inner in
                !higher.contains { $0.tile.z < inner.tile.z && inner.tile.ancestor(atZoom: $0.tile.z) == $0.tile }
            }.map(\.rect)
            return RasterTile(rect: entry.rect, image: adjustment.isIdentity ? entry.image : adjustment.apply(to: entry.image), holes: holes)
        }
        return .raster(id: id, tiles: tiles, opacity: min(max(paint.opacity.evaluate(zoom: zoom), 0), 1),
                       nearest: paint.resampling.evaluate(zoom: zoom) == "nearest")
    }

    enum UnitResult: Sendable {
        case fill([PaintGroup<FillPaint>])
        case line([PaintGroup<LinePaint>])
        case none
    }

    /// The zoom MapLibre cuts a GeoJSON line layer's source into tiles at, when its dashes or pattern
    /// depend on where the lines are cut (each tile's part starts them afresh); nil for other layers.
    func geoJSONTileZoom(for layer: StyleLayer) -> Int? {
        guard layer.type == .line, let line = layer.line, line.dashArray != nil || line.pattern != nil, line.gradient == nil,
              let id = layer.source, otherSources[id] != nil, let source = style.sources[id], source.type == "geojson" else { return nil }
        return min(max(Int(camera.zoom.rounded(.down)), 0), source.maxZoom)
    }

    /// How many low bits of a GeoJSON source's tile coordinates to round away so that they fall on the grid
    /// geojson-vt cuts the source into at the tile zoom (8192 units a tile); 0 for other sources.
    func geoJSONGridShift(for layer: StyleLayer, extent: Int) -> Int32 {
        guard extent == Int(GeoJSONTiler.extent), let id = layer.source, otherSources[id] != nil, let source = style.sources[id],
              source.type == "geojson" else { return 0 }
        let tileZoom = min(max(Int(camera.zoom.rounded(.down)), 0), source.maxZoom)
        return Int32(max(0, 30 - 13 - tileZoom))
    }

    /// geojson-vt's buffer around each tile (128 of 512 pixels): a line's part in a tile starts there.
    static let geoJSONBuffer = 0.25

    private func prepareUnit(_ layer: StyleLayer, _ tileID: TileID, virtual: TileID? = nil, _ resolver: PaintResolver, _ warnings: Warnings) -> UnitResult {
        guard let (layerTiles, layerName) = tiles(for: layer), let tile = layerTiles[tileID], let data = tile.layer(named: layerName) else { return .none }
        let dataRect = rect(of: tileID)
        // A tile cut from a GeoJSON source is half open: a line lying exactly along the edge two tiles share
        // belongs to one of them, not to both (MapLibre's stencil gives each tile its own pixels).
        let tileRect = virtual.map { virtual in
            let r = rect(of: virtual)
            return PixelRect(minX: r.minX, minY: r.minY, maxX: r.maxX - 1e-4, maxY: r.maxY - 1e-4)
        } ?? dataRect
        // MapLibre clips each tile's drawing to the tile after translating it: geometry moved by
        // `*-translate` is cut where the moved copy leaves the tile, so it is clipped to the tile moved back.
        let shift = translation(of: layer)
        let stencil = PixelRect(minX: tileRect.minX - shift.x, minY: tileRect.minY - shift.y, maxX: tileRect.maxX - shift.x, maxY: tileRect.maxY - shift.y)
        // A gradient runs along the whole line (`line-progress`), so its lines are not cut at the frame.
        let clip = layer.line?.gradient != nil ? stencil : visibleArea.map { stencil.intersection($0) } ?? stencil
        guard clip.minX < clip.maxX, clip.minY < clip.maxY else { return .none }
        let scale = dataRect.width / Double(data.extent)
        let isFill = layer.type == .fill
        var polygonVisitor = ProjectingVisitor(scale: scale, offsetX: dataRect.minX, offsetY: dataRect.minY, clipRect: clip,
                                               minimumStep: minimumStep, closed: true, ringsAsLines: !isFill)
        var lineVisitor = ProjectingVisitor(scale: scale, offsetX: dataRect.minX, offsetY: dataRect.minY, clipRect: clip,
                                            minimumStep: minimumStep, closed: false)
        let gridShift = geoJSONGridShift(for: layer, extent: data.extent)
        polygonVisitor.gridShift = gridShift
        lineVisitor.gridShift = gridShift
        if virtual != nil {
            let buffer = tileRect.width * Self.geoJSONBuffer
            polygonVisitor.restartRect = tileRect.insetBy(-buffer)
            lineVisitor.restartRect = tileRect.insetBy(-buffer)
        }
        var fillGroups: [FillPaint: [PathPiece]] = [:], fillOrder: [FillPaint] = []
        var lineGroups: [LinePaint: [PathPiece]] = [:], lineOrder: [LinePaint] = []
        let fillPaint = layer.fill.flatMap { resolver.isFeatureDependent($0) ? nil : resolver.fill($0, nil as TileFeatureContext?) }
        let linePaint = layer.line.flatMap { resolver.isFeatureDependent($0) ? nil : resolver.line($0, nil as TileFeatureContext?, layerID: layer.id) }

        // Taken out of the layer once: a layer's paint is hundreds of bytes to copy for every feature.
        let fillStyle = isFill ? layer.fill : nil, lineStyle = isFill ? nil : layer.line
        var filter = layer.filter.map { TileLayerFilter($0, layer: data, zoom: camera.zoom) }
        for decoded in data.decodedFeatures {
            let feature: VectorTileFeature
            switch decoded {
            case .success(let decoded):
                feature = decoded
            case .failure(let error):
                warnings.add("tile \(tileID): \(error)")
                continue
            }
            if isFill && feature.type != .polygon { continue }
            if !isFill && feature.type != .lineString && feature.type != .polygon { continue }
            if filter?.matches(feature, context: { featureContext(feature, tile: tileID, extent: data.extent) }) == false { continue }
            let context = featureContext(feature, tile: tileID, extent: data.extent)
            let piece: PathPiece
            do {
                if feature.type == .polygon {
                    polygonVisitor.reset()
                    try feature.decodeGeometry(into: &polygonVisitor)
                    polygonVisitor.finish()
                    piece = polygonVisitor.piece
                } else {
                    lineVisitor.reset()
                    try feature.decodeGeometry(into: &lineVisitor)
                    lineVisitor.finish()
                    piece = lineVisitor.piece
                }
            } catch {
                warnings.add("tile \(tileID): \(error)")
                continue
            }
            if piece.isEmpty { continue }
            if let style = fillStyle {
                var paint = fillPaint ?? resolver.fill(style, context)
                if let pattern = style.pattern {
                    // A missing image draws nothing, as in MapLibre.
                    guard let image = patternPaint(named: pattern.evaluate(zoom: tileZoom, feature: context)) else { continue }
                    paint.pattern = image
                    paint.color = RGBAColor(red: 0, green: 0, blue: 0, alpha: min(max(style.opacity.evaluate(zoom: camera.zoom, feature: context), 0), 1))
                }
                if paint.color.alpha <= 0 && (paint.outlineColor?.alpha ?? 0) <= 0 { continue }
                if fillGroups[paint] == nil { fillOrder.append(paint) }
                fillGroups[paint, default: []].append(piece)
            } else if let style = lineStyle {
                var paint = linePaint ?? resolver.line(style, context, layerID: layer.id)
                if let pattern = style.pattern {
                    // Patterns come from the sprite; a missing image draws nothing, as in MapLibre.
                    guard let image = patternPaint(named: pattern.evaluate(zoom: tileZoom, feature: context)) else { continue }
                    paint.shader.pattern = image
                }
                if paint.color.alpha <= 0 || paint.width <= 0 { continue }
                if lineGroups[paint] == nil { lineOrder.append(paint) }
                lineGroups[paint, default: []].append(piece)
            }
        }
        if isFill {
            return .fill(fillOrder.map { PaintGroup(paint: $0, pieces: fillGroups[$0]!) })
        }
        return .line(lineOrder.map { PaintGroup(paint: $0, pieces: lineGroups[$0]!) })
    }
}
