import Canvas
import Dispatch
import Foundation
import Geo
import StyleKit
import VectorTile

/// The output formats a poster can be rendered to.
public enum PosterFormat: String, Sendable, CaseIterable {
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
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Draws posters: the whole map in one pass (never tile by tile, so nothing is cut at tile edges), then the
/// paper, title block and attribution. It is handed decoded tiles and never fetches.
public final class PosterRenderer: Sendable {
    public let style: Style
    public let fonts: FontCatalog
    public let theme: PosterTheme

    public init(style: Style, fonts: FontCatalog, theme: PosterTheme = .minimal) {
        self.style = style
        self.fonts = fonts
        self.theme = theme
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

    /// Where the map and text go; the caller uses ``PosterLayout/mapCamera(for:)`` to choose tiles.
    public func layout(for spec: PosterSpec) throws(PosterRenderError) -> PosterLayout {
        guard spec.width > 0, spec.height > 0 else {
            throw PosterRenderError("poster size \(spec.width)x\(spec.height) must be positive")
        }
        do {
            return try PosterLayout(spec: spec, theme: theme, fonts: fonts, paperColor: paperColor(zoom: spec.zoom))
        } catch {
            throw PosterRenderError("laying out the poster: \(error)")
        }
    }

    /// Renders a poster from decoded tiles of the style's vector source (at the map camera's tile zoom).
    public func render(_ spec: PosterSpec, tiles: [TileID: VectorTile], format: PosterFormat) throws(PosterRenderError) -> RenderedPoster {
        let layout = try layout(for: spec)
        let camera = layout.mapCamera(for: spec)
        var timings = RenderTimings()
        let warnings = MapPreparer.Warnings()

        var stopwatch = Stopwatch()

        // PDF is vector: keep a little more detail than on a raster of the same size.
        let minimumStep = format == .pdf ? 0.25 : 0.5
        let preparer = MapPreparer(style: style, camera: camera, origin: (layout.mapRect.minX, layout.mapRect.minY),
                                   tiles: tiles, sourceID: vectorSourceID, minimumStep: minimumStep)
        let layers = preparer.prepare(warnings: warnings)
        timings.decode = stopwatch.lap()

        let painter = MapPainter(frame: layout.mapRect)
        let typographer = PosterTypographer(layout: layout)
        let bytes: [UInt8]
        do {
            switch format {
            case .png:
                let surface = try ImageSurface(width: spec.width, height: spec.height)
                let context = try DrawingContext(surface: surface)
                typographer.drawPaper(in: context)
                try drawMapInBands(layers, painter: painter, surface: surface)
                // The bands wrote the pixels behind cairo's back.
                surface.withMutablePixels { _ in }
                typographer.drawText(in: context)
                try context.checkStatus("drawing the poster")
                timings.draw = stopwatch.lap()
                bytes = try PNGEncoder.encode(surface, options: PNGOptions(dpi: spec.dpi))
                timings.encode = stopwatch.lap()
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
            throw PosterRenderError("rendering the \(format.rawValue) poster: \(error)")
        }
        return RenderedPoster(bytes: bytes, format: format, width: spec.width, height: spec.height, timings: timings,
                              warnings: warnings.all)
    }

    /// Draws the map in horizontal bands, one per core, each with its own context over its rows.
    private func drawMapInBands(_ layers: [PreparedLayer], painter: MapPainter, surface: ImageSurface) throws(CanvasError) {
        let bandCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, surface.height / 64))
        let top = Int(painter.frame.minY), bottom = Int(painter.frame.maxY.rounded(.up))
        let rows = max(bottom - top, 1)
        var bands: [ImageSurface] = []
        for i in 0..<bandCount {
            let start = top + rows * i / bandCount, end = top + rows * (i + 1) / bandCount
            if end > start { bands.append(try surface.band(rows: start..<min(end, surface.height))) }
        }
        let failures = MapPreparer.Warnings()
        let work = bands
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            let band = work[i]
            let offset = Double(top + rows * i / bandCount)
            do {
                let context = try DrawingContext(surface: band)
                context.translate(x: 0, y: -offset)
                painter.draw(layers, in: context, visible: PixelRect(x: 0, y: offset, width: Double(band.width), height: Double(band.height)))
                try context.checkStatus("drawing band \(i)")
            } catch {
                failures.add("\(error)")
            }
        }
        if let failure = failures.all.first { throw CanvasError(.drawing, failure) }
    }
}
