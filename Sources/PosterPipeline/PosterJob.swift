import Canvas
import Foundation
public import Geo
public import PosterRenderer
import StyleKit
import HTTPTransport
import TileFetch
import VectorTile

/// One poster request, resolved: the style, the tiles, the poster spec and the format.
public struct PosterJob: Sendable {
    public var spec: PosterSpec
    /// A style id from the catalogue (`minimal`) or a path to a style JSON.
    public var style: String
    /// A palette id of the catalogue style; nil for the style's own colours.
    public var palette: String?
    /// Layer toggles by option name (`["buildings": false]`).
    public var toggles: [String: Bool]
    public var tilesPath: String
    public var format: PosterFormat
    /// When set, the map is framed to these bounds: they replace the spec's centre and zoom.
    public var bounds: GeoBounds?
    /// Margin around the map as a fraction of the shorter side; nil keeps the theme's.
    public var margin: Double?
    /// Text colour `#rrggbb`; nil keeps the palette's (or picks one for the paper).
    public var textColor: String?

    public init(spec: PosterSpec, style: String, palette: String? = nil, toggles: [String: Bool] = [:], tilesPath: String,
                format: PosterFormat, bounds: GeoBounds? = nil) {
        self.spec = spec
        self.bounds = bounds
        self.style = style
        self.palette = palette
        self.toggles = toggles
        self.tilesPath = tilesPath
        self.format = format
    }
}
