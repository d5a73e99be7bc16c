public import Canvas
public import Geo
public import StyleKit
import VectorTile

/// Draws a style's map alone, edge to edge, with no paper, title or attribution: what a MapLibre map
/// view shows, transparent where nothing is drawn. Used for render conformance tests and
/// `cartopress render-style`.
public struct MapImageRenderer: Sendable {
    public let style: Style

    public init(style: Style) {
        self.style = style
    }

    /// Renders `camera` (its size in device pixels) from `inputs`, whose main tiles are `sourceID`'s.
    /// - Returns: the image and the problems met in the tiles (bad features are skipped).
    public func render(camera: Camera, inputs: MapInputs, sourceID: String?) throws(PosterRenderError) -> (ImageSurface, [String]) {
        guard camera.width > 0, camera.height > 0, camera.width <= ImageSurface.maximumSide, camera.height <= ImageSurface.maximumSide else {
            throw PosterRenderError("image size \(camera.width)x\(camera.height) must be 1 to \(ImageSurface.maximumSide) px a side")
        }
        let frame = PixelRect(x: 0, y: 0, width: Double(camera.width), height: Double(camera.height))
        if camera.isPitched { return try renderPitched(camera: camera, inputs: inputs, sourceID: sourceID, frame: frame) }
        var preparer = MapPreparer(style: style, camera: camera.unrotated, origin: (0, 0), tiles: inputs.tiles, sourceID: sourceID, minimumStep: 0.25)
        inputs.apply(to: &preparer)
        preparer.bearing = camera.bearing
        preparer.visibleArea = PosterRenderer.unturnedArea(of: frame, bearing: camera.bearing)
            .insetBy(-(16 + PosterRenderer.reachMargin * camera.pixelRatio))
        let warnings = MapPreparer.Warnings()
        let layers = preparer.prepare(warnings: warnings)
        do {
            let surface = try ImageSurface(width: camera.width, height: camera.height)
            let context = try DrawingContext(surface: surface)
            MapPainter(frame: frame, bearing: camera.bearing).draw(layers, in: context, visible: frame)
            try context.checkStatus("drawing the map")
            return (surface, warnings.all)
        } catch {
            throw PosterRenderError("drawing the map: \(error)", cause: error)
        }
    }

    /// A pitched view: the ground prepared flat around the centre, then projected as MapLibre projects it
    /// (``PitchedMapLayout``). Layers that do not lie on the ground are left out, each with a warning.
    private func renderPitched(camera: Camera, inputs: MapInputs, sourceID: String?, frame: PixelRect) throws(PosterRenderError) -> (ImageSurface, [String]) {
        let layout = PitchedMapLayout(camera: camera, margin: 16 + PosterRenderer.reachMargin * camera.pixelRatio)
        var preparer = MapPreparer(style: style, camera: layout.flatCamera, origin: (0, 0), tiles: inputs.tiles, sourceID: sourceID, minimumStep: 0.25)
        inputs.apply(to: &preparer)
        preparer.bearing = camera.bearing
        preparer.visibleArea = layout.flatArea
        preparer.pitchedLabels = layout.labels
        let warnings = MapPreparer.Warnings()
        let layers = layout.drawable(preparer.prepare(warnings: warnings), warnings: warnings)
        do {
            let surface = try ImageSurface(width: camera.width, height: camera.height)
            let context = try DrawingContext(surface: surface)
            MapPainter(frame: frame, bearing: camera.bearing, perspective: layout.view).draw(layers, in: context, visible: frame)
            try context.checkStatus("drawing the map")
            return (surface, warnings.all)
        } catch {
            throw PosterRenderError("drawing the map: \(error)", cause: error)
        }
    }
}
