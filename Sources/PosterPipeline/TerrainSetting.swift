/// Where the catalogue styles' terrain comes from: the DEM behind hillshading, contours and bathymetry. The
/// bundled DEM covers a corner of Tennessee only; an operator points this at a DEM of the places posters
/// show (a PMTiles file, a PMTiles URL, a TileJSON document or an XYZ template of Terrarium or terrain-RGB
/// PNG tiles, such as the public `https://s3.amazonaws.com/elevation-tiles-prod/terrarium/{z}/{x}/{y}.png`).
public struct TerrainSetting: Sendable, Hashable {
    /// A PMTiles path or a URL.
    public var location: String
    /// How the tiles' pixels encode heights: `terrarium` or `mapbox` (terrain-RGB).
    public var encoding: String
    /// The highest zoom the DEM has tiles for; posters zoomed further in read these and scale them.
    public var maxZoom: Int
    /// The credit the DEM's licence asks for, printed beside OpenStreetMap's.
    public var attribution: String?

    /// The encodings a raster-dem source may have.
    public static let encodings = ["terrarium", "mapbox"]

    public init(location: String, encoding: String = "terrarium", maxZoom: Int = 15, attribution: String? = nil) {
        self.location = location
        self.encoding = encoding
        self.maxZoom = maxZoom
        self.attribution = attribution
    }
}
