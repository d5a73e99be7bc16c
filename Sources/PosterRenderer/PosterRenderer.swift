public import Canvas
import Dispatch
import Foundation
public import Geo
public import StyleKit
public import VectorTile

/// The output formats a poster can be rendered to.
public enum PosterFormat: String, Sendable, Codable, CaseIterable {
    case png, pdf

    public var mimeType: String { self == .png ? "image/png" : "application/pdf" }
}

/// A finished poster.
public struct RenderedPoster: Sendable {
    public var bytes: [UInt8]
    public var format: PosterFormat
    public var width: Int
    public var height: Int
    public var timings: RenderTimings
    /// Problems in the tiles that cost features (they are skipped, not drawn).
    public var warnings: [String]
}

/// Errors from rendering.
public struct PosterRenderError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// The lower-level error (Cairo, FreeType, the PNG encoder), when there is one.
    public let cause: (any Error)?
    public init(_ message: String, cause: (any Error)? = nil) {
        self.message = message
        self.cause = cause
    }
    public var description: String { message }
}

/// Draws posters: the whole map in one pass (never tile by tile, so nothing is cut at tile edges), then the
/// paper, title block and attribution. It is handed decoded tiles and never fetches.
public final class PosterRenderer: Sendable {
    public let style: Style
    public let fonts: FontCatalog
    public let theme: PosterTheme
    /// The language of the map's labels (BCP 47), when the request chose one: it picks among installed faces
    /// for Han (Japanese, Simplified or Traditional Chinese, Korean forms) and is passed to HarfBuzz.
    public let labelLanguage: String?
    /// How many cores the render's parallel parts (preparing, drawing, encoding) are split across: all of them
    /// by default; a service with other renders in flight gives each the cores they leave, so that renders do
    /// not share cores thread against thread.
    public let cores: Int

    public init(style: Style, fonts: FontCatalog, theme: PosterTheme = .minimal, labelLanguage: String? = nil, cores: Int? = nil) {
        self.style = style
        self.fonts = fonts
        self.theme = theme
        self.labelLanguage = labelLanguage
        self.cores = max(1, cores ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The vector source the poster's tiles are drawn for: `openmaptiles` if the style has it, else the
    /// first vector source by name.
    public var vectorSourceID: String? {
        let vectors = style.sources.filter { $0.value.type == "vector" }.keys.sorted()
        return vectors.contains("openmaptiles") ? "openmaptiles" : vectors.first
    }

    /// The style's background colour at a zoom, used as the poster's paper unless the theme sets one.
    public func paperColor(zoom: Double) -> RGBAColor {
        if let paper = theme.paperColor { return paper }
        for layer in style.layers where layer.type == .background && layer.isVisible(atZoom: zoom) {
            if let paint = layer.background {
                let color = PaintResolver.color(paint.color.evaluate(zoom: zoom), opacity: paint.opacity.evaluate(zoom: zoom))
                if color.alpha > 0 { return color.withOpacity(1 / max(color.alpha, 1e-9)) }
            }
        }
        return .white
    }

    /// Where the map and text go; the caller uses the layout's ``PosterLayout/camera`` to choose tiles.
    /// With `framing`, the map shows those bounds instead of the spec's centre and zoom.
    public func layout(for spec: PosterSpec, framing: GeoBounds? = nil) throws(PosterRenderError) -> PosterLayout {
        guard spec.width > 0, spec.height > 0 else {
            throw PosterRenderError("poster size \(spec.width)x\(spec.height) must be positive")
        }
        do {
            return try PosterLayout(spec: spec, theme: theme, fonts: fonts, framing: framing, paperColor: paperColor(zoom:))
        } catch {
            throw PosterRenderError("laying out the poster: \(error)", cause: error)
        }
    }

    /// The layout with `attribution` in place of the spec's (the credits of what the poster ended up showing).
    public func layout(_ layout: PosterLayout, attributing attribution: String) throws(PosterRenderError) -> PosterLayout {
        do {
            return try layout.attributed(attribution, theme: theme, fonts: fonts)
        } catch {
            throw PosterRenderError("laying out the attribution: \(error)", cause: error)
        }
    }

    /// Draws a layout's routes onto `surface` without the map or text, for the route benchmark.
    public func drawRoutes(of layout: PosterLayout, on surface: ImageSurface) throws(CanvasError) {
        let context = try DrawingContext(surface: surface)
        PosterTypographer(layout: layout).drawRoutes(in: context)
        try context.checkStatus("drawing routes")
    }

    /// Pixels in the band buffer a render makes for itself when it is not handed one: 16 MiB of ARGB32, a
    /// 2400x3600 poster in three bands. A one-off render's buffer is fresh memory that the kernel zeroes (and, in
    /// a virtual machine, the host backs) as it is first drawn into, which costs more than drawing the layers
    /// once more for each band: osm-liberty at 2400x3600 beside MapLibre took 124 ms and 65 MB in three bands
    /// against 129 ms and 86 MB in one of 64 MiB, and A0 260 ms and 72 MB in 34 bands against 256 ms and 120 MB
    /// in 9 (Benchmarks/README.md, sixth round).
    public static let defaultBandPixels = 4 << 20

    /// Renders a poster from decoded tiles of the style's vector source (at the map camera's tile zoom).
    ///
    /// A PNG is drawn band by band into `bands` (or a buffer of ``defaultBandPixels`` made for this call) and
    /// each band is streamed into the encoder before the next is drawn, so pixel memory stays at the
    /// buffer's size however large the poster. Every band draws the paper, the map and the text clipped to
    /// its rows; the map is prepared once for the whole poster, so nothing depends on where bands fall.
    /// - Parameters:
    ///   - layout: the spec's layout if the caller has it already (it chose tiles with it), so that it is not
    ///     laid out again (routes are projected and simplified in the layout).
    ///   - inputs: the decoded tiles (the main source's are ``vectorSourceID``'s), rasters, heights, images and
    ///     sprite; contour sources (`dem-contour://`) have their lines computed here from the heights.
    public func render(_ spec: PosterSpec, inputs: MapInputs, format: PosterFormat,
                       bands: BandBuffer? = nil, layout knownLayout: PosterLayout? = nil) throws(PosterRenderError) -> RenderedPoster {
        let layout: PosterLayout
        if let knownLayout { layout = knownLayout } else { layout = try self.layout(for: spec) }
        let camera = layout.camera
        var timings = RenderTimings()
        let warnings = MapPreparer.Warnings()
        if let warning = MapPreparer.missingCharactersWarning(layout.missingCharacters, in: "the poster's text") { warnings.add(warning) }

        var stopwatch = Stopwatch()

        // PDF is vector: keep a little more detail than on a raster of the same size.
        let minimumStep = format == .pdf ? 0.25 : 0.5
        let margin = 16 + Self.reachMargin * spec.pixelRatio
        // A pitched map is laid out flat around its centre and projected into the level frame as it is painted.
        var pitched: PitchedMapLayout?
        if camera.isPitched {
            guard format == .png else {
                throw PosterRenderError("a pitched map (pitch \(spec.pitch)) is drawn on PNG posters only: ask for png, or pitch 0 for a PDF")
            }
            pitched = PitchedMapLayout(camera: camera, margin: margin, origin: (layout.mapRect.minX, layout.mapRect.minY))
        }
        // Geometry is projected unturned; the painter turns it by the bearing about the frame's centre.
        var preparer = MapPreparer(style: style, camera: pitched?.flatCamera ?? camera.unrotated,
                                   origin: pitched == nil ? (layout.mapRect.minX, layout.mapRect.minY) : (0, 0),
                                   tiles: inputs.tiles, sourceID: vectorSourceID, minimumStep: minimumStep)
        preparer.bearing = spec.bearing
        preparer.pixelTarget = format != .pdf
        preparer.fonts = FontStackResolver(catalog: fonts, language: labelLanguage)
        preparer.pitchedLabels = pitched?.labels
        preparer.cores = cores
        preparer.visibleArea = pitched?.flatArea ?? Self.unturnedArea(of: layout.mapRect, bearing: spec.bearing).insetBy(-margin)
        inputs.apply(to: &preparer)
        preparer.otherSources.merge(contourTiles(camera: pitched?.flatCamera ?? camera, dem: inputs.demSources)) { $1 }
        var layers = preparer.prepare(warnings: warnings)
        if let pitched { layers = pitched.drawable(layers, warnings: warnings) }
        timings.decode = stopwatch.lap()

        let painter = MapPainter(frame: layout.mapRect, bearing: spec.bearing, perspective: pitched?.view)
        let typographer = PosterTypographer(layout: layout)
        let bytes: [UInt8]
        do {
            switch format {
            case .png:
                bytes = try renderPNG(spec, layers: &layers, painter: painter, typographer: typographer, bands: bands, timings: &timings)
            case .pdf:
                let scale = 72 / spec.dpi
                let document = try PDFDocument(widthPoints: Double(spec.width) * scale, heightPoints: Double(spec.height) * scale,
                                               title: spec.title.isEmpty ? nil : spec.title)
                do {
                    let context = try DrawingContext(document: document)
                    context.scale(x: scale, y: scale)
                    typographer.drawPaper(in: context)
                    painter.draw(layers, in: context, visible: PixelRect(x: 0, y: 0, width: Double(spec.width), height: Double(spec.height)))
                    typographer.drawText(in: context)
                    try context.checkStatus("drawing the PDF")
                }
                timings.draw = stopwatch.lap()
                bytes = try document.finish()
                timings.encode = stopwatch.lap()
            }
        } catch {
            throw PosterRenderError("rendering the \(format.rawValue) poster: \(error)", cause: error)
        }
        return RenderedPoster(bytes: bytes, format: format, width: spec.width, height: spec.height, timings: timings,
                              warnings: warnings.all)
    }

    /// The tiles of the style's contour sources that a visible layer draws, computed from the drawn tiles
    /// of `dem`.
    public func contourTiles(camera: Camera, dem: [String: DEMTiles]) -> [String: [TileID: VectorTile]] {
        var result: [String: [TileID: VectorTile]] = [:]
        for (id, source) in style.sources.sorted(by: { $0.key < $1.key }) {
            guard let options = source.contours, let terrain = dem[options.demSource], let sample = terrain.tiles.first,
                  style.layers.contains(where: { $0.source == id && $0.isVisible(atZoom: camera.zoom) }) else { continue }
            let z = sample.key.z
            let builder = ContourTileBuilder(options: options, camera: camera, demZoom: z, demTileSize: sample.value.width)
            result[id] = builder.tiles(from: terrain)
        }
        return result
    }

    /// CSS pixels beyond the frame that geometry is kept for: more than half the widest line of the bundled
    /// and reference styles (motorway casings reach about 30 px wide at zoom 18) plus its cap, so that
    /// clipping at this margin never shows.
    static let reachMargin = 48.0

    /// The unturned area that covers `frame` once turned by `bearing` about the frame's centre.
    static func unturnedArea(of frame: PixelRect, bearing: Double) -> PixelRect {
        guard bearing.truncatingRemainder(dividingBy: 360) != 0 else { return frame }
        let cx = (frame.minX + frame.maxX) / 2, cy = (frame.minY + frame.maxY) / 2
        let angle = bearing * .pi / 180
        let halfWidth = (abs(cos(angle)) * frame.width + abs(sin(angle)) * frame.height) / 2
        let halfHeight = (abs(sin(angle)) * frame.width + abs(cos(angle)) * frame.height) / 2
        return PixelRect(minX: cx - halfWidth, minY: cy - halfHeight, maxX: cx + halfWidth, maxY: cy + halfHeight)
    }

    /// Draws and encodes the poster band by band: a band's slices on every core, and its PNG chunks as soon as
    /// their rows are drawn, so that a core done with its slice encodes instead of waiting for the others.
    /// `layers` are let go once the last band is done, so that the prepared map is not held while the encoded
    /// poster is taken, the largest it gets.
    private func renderPNG(_ spec: PosterSpec, layers: inout [PreparedLayer], painter: MapPainter, typographer: PosterTypographer,
                           bands: BandBuffer?, timings: inout RenderTimings) throws -> [UInt8] {
        let buffer = try bands ?? BandBuffer(pixels: min(Self.defaultBandPixels, spec.width * spec.height), committed: false)
        let fittingRows = min(buffer.rows(forWidth: spec.width), spec.height)
        guard fittingRows > 0 else {
            throw PosterRenderError("a \(spec.width) px row does not fit the band buffer of \(buffer.capacity) pixels; raise band_pixels")
        }
        // As many bands as the buffer needs, of even height: no thin last band that costs a pass over the
        // layers for a few rows.
        let bandCount = (spec.height + fittingRows - 1) / fittingRows
        let rowsPerBand = (spec.height + bandCount - 1) / bandCount
        var options = PNGOptions(dpi: spec.dpi)
        options.threads = cores
        let encoder = try PNGEncoder(width: spec.width, height: spec.height, options: options)
        var stopwatch = Stopwatch()
        var top = 0
        // Opaque paper (drawn first on every pixel but where the map's opaque background is) leaves nothing of
        // the last band's pixels to show through: they need not be cleared.
        let overwritten = typographer.layout.paperColor.alpha >= 1
        let covered = painter.opaqueCover(layers)
        while top < spec.height {
            let rows = min(rowsPerBand, spec.height - top)
            let surface = try buffer.surface(width: spec.width, rows: rows, overwritten: overwritten)
            let bounds = sliceBounds(layers, painter: painter, rows: rows, top: top)
            let frame = frameRows(painter, rows: rows, top: top)
            let map = layers
            var drawing = 0.0
            try encoder.append(surface, workers: cores) { chunks, encode throws(CanvasError) in
                drawing = try drawAndEncode(surface, top: top, bounds: bounds, map: frame, chunks: chunks, encode: encode) { context, rows, part in
                    switch part {
                    case .paper:
                        // Not under the map's opaque background, which covers what paper there would be.
                        if let covered, covered.minX <= 0, covered.minY <= rows.lowerBound, covered.maxX >= spec.width,
                           covered.maxY >= rows.upperBound { return }
                        typographer.drawPaper(in: context, except: covered, width: spec.width, height: spec.height)
                    case .map:
                        painter.draw(map, in: context, visible: PixelRect(x: 0, y: Double(rows.lowerBound), width: Double(spec.width),
                                                                          height: Double(rows.count)))
                    case .text:
                        typographer.drawText(in: context)
                    }
                }
            }
            let elapsed = stopwatch.lap()
            timings.draw += drawing
            timings.encode += max(elapsed - drawing, 0)
            if top + rows == spec.height { layers = [] }
            top += rows
        }
        // A one-off render's pixels are all encoded: they need not stay resident while the file is taken.
        if !buffer.isCommitted { buffer.releasePages() }
        let bytes = try encoder.finish()
        timings.encode += stopwatch.lap()
        return bytes
    }

    /// Where a band of `rows` rows from poster row `top` is cut into slices, one for each core (band rows, from
    /// 0 to `rows`): where the map's work is even (see ``MapPainter/rowCosts(_:firstRow:count:)``), not the rows,
    /// the rows above and below the map going with the first and last slice.
    private func sliceBounds(_ layers: [PreparedLayer], painter: MapPainter, rows: Int, top: Int) -> [Int] {
        let frame = frameRows(painter, rows: rows, top: top)
        guard !frame.isEmpty else {
            let parts = max(1, min(cores, rows / 64))
            return (0...parts).map { rows * $0 / parts }
        }
        let sliceCount = max(1, min(cores, frame.count / 64))
        let cuts = sliceCount < 2 ? [] : painter.rowCosts(layers, firstRow: top + frame.lowerBound, count: frame.count)
            .map { MapPainter.balancedCuts($0, parts: sliceCount) } ?? (1..<sliceCount).map { frame.count * $0 / sliceCount }
        return [0] + cuts.map { frame.lowerBound + $0 } + [rows]
    }

    /// The band rows (of a band of `rows` rows from poster row `top`) that the map's frame covers.
    private func frameRows(_ painter: MapPainter, rows: Int, top: Int) -> Range<Int> {
        let frameTop = max(Int(painter.frame.minY), top) - top
        let frameBottom = min(Int(painter.frame.maxY.rounded(.up)), top + rows) - top
        return frameBottom > frameTop ? frameTop..<frameBottom : 0..<0
    }

    /// What a slice of a band is drawn in, in this order: the paper over its rows, the map over those of its
    /// rows the map's frame covers, then the text block.
    private enum SlicePart { case paper, map, text }

    /// Draws a band's slices (between consecutive `bounds`, band rows) on every core with `draw`, and encodes
    /// the PNG `chunks` as soon as their rows are drawn (``BandSchedule``). `draw` is handed each part of a
    /// slice with a context over its rows in poster coordinates and those poster rows; the map's part covers
    /// the slice's rows within `map` (band rows), on a surface of their own: a pitched view projects from the
    /// rows it is given, so the map is drawn over the same rows however a band is cut. Returns the seconds until
    /// the last slice was drawn; the first failure is thrown.
    private func drawAndEncode(_ surface: ImageSurface, top: Int, bounds: [Int], map: Range<Int>, chunks: [Range<Int>],
                               encode: @Sendable (_ worker: Int, _ chunk: Int) -> Void,
                               draw: @Sendable (DrawingContext, Range<Int>, SlicePart) -> Void) throws(CanvasError) -> Double {
        // Made here, on one thread: a band surface flushes the surface it is cut from.
        var slices: [(surface: ImageSurface, rows: Range<Int>, map: (surface: ImageSurface, rows: Range<Int>)?)] = []
        for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
            let mapRows = (start..<end).clamped(to: map)
            slices.append((try surface.band(rows: start..<end), top + start..<top + end,
                           mapRows.isEmpty ? nil : (try surface.band(rows: mapRows), top + mapRows.lowerBound..<top + mapRows.upperBound)))
        }
        let schedule = BandSchedule(slices: [0] + slices.map { $0.rows.upperBound - top }, chunks: chunks)
        let failures = MapPreparer.Warnings()
        let work = slices
        // A worker for every core, even with fewer slices: one without a slice encodes the others' chunks.
        MapPreparer.perform(iterations: cores, cores: cores) { worker in
            while let index = schedule.takeSlice() {
                let slice = work[index]
                do {
                    let context = try DrawingContext(surface: slice.surface)
                    context.translate(x: 0, y: -Double(slice.rows.lowerBound))
                    draw(context, slice.rows, .paper)
                    if let map = slice.map {
                        let mapContext = try DrawingContext(surface: map.surface)
                        mapContext.translate(x: 0, y: -Double(map.rows.lowerBound))
                        draw(mapContext, map.rows, .map)
                        try mapContext.checkStatus("drawing the map's rows \(map.rows)")
                        // The map was drawn into the pixels behind the slice's context's back.
                        slice.surface.withMutablePixels { _ in }
                    }
                    draw(context, slice.rows, .text)
                    try context.checkStatus("drawing rows \(slice.rows)")
                } catch {
                    failures.add("\(error)")
                }
                schedule.finishSlice(index)
            }
            while let chunk = schedule.takeChunk() { encode(worker, chunk) }
        }
        if let failure = failures.all.first { throw CanvasError(.drawing, failure) }
        return schedule.drawingTime
    }
}
