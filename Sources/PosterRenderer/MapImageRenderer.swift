public import Canvas
public import Geo
public import StyleKit
public import VectorTile

/// Draws a style's map alone, edge to edge, with no paper, title or attribution: what a MapLibre map
/// view shows, transparent where nothing is drawn. Used for render conformance tests and
/// `cartopress render-style`.
public struct MapImageRenderer: Sendable {
    public let style: Style

    public init(style: Style) {
        self.style = style
    }

    /// Renders `camera` (its size in device pixels) from decoded tiles of `sourceID` at the camera's tile zoom.
    /// - Returns: the image and the problems met in the tiles (bad features are skipped).
    /// - Parameter sprites: the style's sprite images, for pattern fills and backgrounds.
    /// - Parameter otherSources: tiles of further sources by id (a GeoJSON source's features in one layer
    ///   named `_geojsonTileLayer`).
    public func render(camera: Camera, tiles: [TileID: VectorTile], sourceID: String?,
                       otherSources: [String: [TileID: VectorTile]] = [:],
                       rasterSources: [String: [TileID: ImageSurface]] = [:],
                       imageSources: [String: (image: ImageSurface, corners: [LngLat])] = [:],
                       demSources: [String: DEMTiles] = [:],
                       sprites: SpriteSheet? = nil) throws(PosterRenderError) -> (ImageSurface, [String]) {
        guard camera.width > 0, camera.height > 0, camera.width <= ImageSurface.maximumSide, camera.height <= ImageSurface.maximumSide else {
            throw PosterRenderError("image size \(camera.width)x\(camera.height) must be 1 to \(ImageSurface.maximumSide) px a side")
        }
        let frame = PixelRect(x: 0, y: 0, width: Double(camera.width), height: Double(camera.height))
        var preparer = MapPreparer(style: style, camera: camera.unrotated, origin: (0, 0), tiles: tiles, sourceID: sourceID, minimumStep: 0.25)
        preparer.otherSources = otherSources
        preparer.rasterSources = rasterSources
        preparer.imageSources = imageSources
        preparer.demSources = demSources
        preparer.sprites = sprites
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
            throw PosterRenderError("drawing the map: \(error)")
        }
    }
}
