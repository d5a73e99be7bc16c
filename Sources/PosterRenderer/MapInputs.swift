public import Canvas
public import Geo
public import VectorTile

/// Everything a style draws besides the style itself, gathered before drawing: decoded vector tiles (the
/// main source's and others', GeoJSON sources tiled), raster tiles, heights, pinned images and the sprite.
/// The renderers never fetch; a loader fills this in.
public struct MapInputs: Sendable {
    /// The main vector source's tiles (the one the poster's tiles are for).
    public var tiles: [TileID: VectorTile]
    /// Tiles of further vector sources by id (a GeoJSON source's features in one layer named
    /// `_geojsonTileLayer`, as MapLibre names it).
    public var otherSources: [String: [TileID: VectorTile]]
    /// Decoded raster tiles by source id.
    public var rasterSources: [String: [TileID: ImageSurface]]
    /// Image sources: a picture and the four corners it is pinned to.
    public var imageSources: [String: PinnedImage]
    /// Decoded raster-dem tiles by source id, for hillshade layers and contour sources.
    public var demSources: [String: DEMTiles]
    /// The style's sprite, for icons, pattern fills and backgrounds.
    public var sprites: SpriteSheet?
    /// The style's SDF glyphs, for map views that set text as MapLibre does (posters set it with fonts).
    public var glyphs: GlyphSet?
    /// Whether labels of one source keep clear of those of others (MapLibre's `crossSourceCollisions`);
    /// when false each source's labels collide only among themselves.
    public var crossSourceCollisions = true

    /// A picture pinned to four corners (top left, top right, bottom right, bottom left).
    public struct PinnedImage: Sendable {
        public var image: ImageSurface
        public var corners: [LngLat]
        public init(image: ImageSurface, corners: [LngLat]) {
            self.image = image
            self.corners = corners
        }
    }

    public init(tiles: [TileID: VectorTile] = [:], otherSources: [String: [TileID: VectorTile]] = [:],
                rasterSources: [String: [TileID: ImageSurface]] = [:], imageSources: [String: PinnedImage] = [:],
                demSources: [String: DEMTiles] = [:], sprites: SpriteSheet? = nil, glyphs: GlyphSet? = nil) {
        self.glyphs = glyphs
        self.tiles = tiles
        self.otherSources = otherSources
        self.rasterSources = rasterSources
        self.imageSources = imageSources
        self.demSources = demSources
        self.sprites = sprites
    }

    /// Hands every input to the preparer.
    func apply(to preparer: inout MapPreparer) {
        preparer.otherSources.merge(otherSources) { $1 }
        preparer.rasterSources = rasterSources
        preparer.imageSources = imageSources.mapValues { ($0.image, $0.corners) }
        preparer.demSources = demSources
        preparer.sprites = sprites
        preparer.glyphs = glyphs
        preparer.crossSourceCollisions = crossSourceCollisions
    }
}
