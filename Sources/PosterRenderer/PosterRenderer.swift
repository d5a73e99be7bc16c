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

    /// Pixels in the band buffer a render makes for itself when it is not handed one: 64 MiB of ARGB32.
    public static let defaultBandPixels = 16 << 20

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

    /// Draws and encodes the poster band by band; `layers` are let go once the last band is drawn, so that the
    /// prepared map is not held while the image is encoded, the largest the encoded poster gets.
    private func renderPNG(_ spec: PosterSpec, layers: inout [PreparedLayer], painter: MapPainter, typographer: PosterTypographer,
                           bands: BandBuffer?, timings: inout RenderTimings) throws -> [UInt8] {
        let buffer = try bands ?? BandBuffer(pixels: min(Self.defaultBandPixels, spec.width * spec.height), committed: false)
        let rowsPerBand = min(buffer.rows(forWidth: spec.width), spec.height)
        guard rowsPerBand > 0 else {
            throw PosterRenderError("a \(spec.width) px row does not fit the band buffer of \(buffer.capacity) pixels; raise band_pixels")
        }
        var options = PNGOptions(dpi: spec.dpi)
        options.threads = cores
        let encoder = try PNGEncoder(width: spec.width, height: spec.height, options: options)
        var stopwatch = Stopwatch()
        var top = 0
        // Opaque paper (drawn first on every pixel but where the map's opaque background is) leaves nothing of
        // the last band's pixels to show through: they need not be cleared.
        let overwritten = typographer.layout.paperColor.alpha >= 1
        while top < spec.height {
            let rows = min(rowsPerBand, spec.height - top)
            let surface = try buffer.surface(width: spec.width, rows: rows, overwritten: overwritten)
            let context = try DrawingContext(surface: surface)
            context.translate(x: 0, y: -Double(top))
            try drawPaper(typographer, surface: surface, top: top, covered: painter.opaqueCover(layers), posterWidth: spec.width, posterHeight: spec.height)
            try drawMap(layers, painter: painter, surface: surface, top: top)
            // The map was drawn into the pixels behind this context's back.
            surface.withMutablePixels { _ in }
            typographer.drawText(in: context)
            try context.checkStatus("drawing rows \(top)..<\(top + rows)")
            timings.draw += stopwatch.lap()
            if top + rows == spec.height { layers = [] }
            // The encoded bands stay in the encoder and are taken once: one copy of the file, not two.
            try encoder.append(surface)
            timings.encode += stopwatch.lap()
            top += rows
        }
        // A one-off render's pixels are all encoded: they need not stay resident while the file is taken.
        if !buffer.isCommitted { buffer.releasePages() }
        let bytes = try encoder.finish()
        timings.encode += stopwatch.lap()
        return bytes
    }

    /// Paints the paper under one band (poster rows `top ..< top + surface.height`) on every core: a one-off
    /// render's band buffer is first touched here, and its page faults are most of what painting it costs.
    private func drawPaper(_ typographer: PosterTypographer, surface: ImageSurface, top: Int, covered: PixelBox?,
                           posterWidth: Int, posterHeight: Int) throws(CanvasError) {
        if let covered, covered.minX <= 0, covered.minY <= top, covered.maxX >= surface.width, covered.maxY >= top + surface.height { return }
        let parts = max(1, min(cores, surface.height / 64))
        try inSlices(of: surface, top: top, bounds: (0...parts).map { surface.height * $0 / parts }, doing: "painting the paper") { context, _ in
            typographer.drawPaper(in: context, except: covered, width: posterWidth, height: posterHeight)
        }
    }

    /// Draws the map into one band (poster rows `top ..< top + surface.height`), split across the cores
    /// into slices with a context each.
    private func drawMap(_ layers: [PreparedLayer], painter: MapPainter, surface: ImageSurface, top: Int) throws(CanvasError) {
        let frameTop = max(Int(painter.frame.minY), top) - top
        let frameBottom = min(Int(painter.frame.maxY.rounded(.up)), top + surface.height) - top
        guard frameBottom > frameTop else { return }
        let rows = frameBottom - frameTop
        let sliceCount = max(1, min(cores, rows / 64))
        // Cut where the work is even, not the rows (see MapPainter.rowCosts).
        let cuts = sliceCount < 2 ? [] : painter.rowCosts(layers, firstRow: top + frameTop, count: rows).map { MapPainter.balancedCuts($0, parts: sliceCount) }
            ?? (1..<sliceCount).map { rows * $0 / sliceCount }
        try inSlices(of: surface, top: top, bounds: ([0] + cuts + [rows]).map { frameTop + $0 }, doing: "drawing") { context, slice in
            painter.draw(layers, in: context, visible: slice)
        }
    }

    /// Runs `body` on every core, once for each slice of a band between consecutive `bounds` (band rows), with
    /// a context over that slice in poster coordinates and the slice's area; the first failure is thrown.
    private func inSlices(of surface: ImageSurface, top: Int, bounds: [Int], doing what: String,
                          _ body: @Sendable (DrawingContext, PixelRect) -> Void) throws(CanvasError) {
        var slices: [(surface: ImageSurface, offset: Int)] = []
        for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
            slices.append((try surface.band(rows: start..<end), top + start))
        }
        let failures = MapPreparer.Warnings()
        let work = slices
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            let (slice, offset) = work[i]
            do {
                let context = try DrawingContext(surface: slice)
                context.translate(x: 0, y: -Double(offset))
                body(context, PixelRect(x: 0, y: Double(offset), width: Double(slice.width), height: Double(slice.height)))
                try context.checkStatus("\(what) rows from \(offset)")
            } catch {
                failures.add("\(error)")
            }
        }
        if let failure = failures.all.first { throw CanvasError(.drawing, failure) }
    }
}
