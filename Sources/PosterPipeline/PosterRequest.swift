import Foundation
public import Geo
public import PosterRenderer
public import StyleKit

/// One poster, validated: the style with its palette and layer toggles, the spec (place, size, words and
/// composition), the bounds to frame, and the output format.
///
/// The HTTP parser and the CLI produce it, the queue stores it as the job's payload, and the pipeline
/// consumes it; nothing downstream parses a string of it again. Every value in it is within
/// ``PosterLimits``.
public struct PosterRequest: Sendable, Hashable, Codable {
    /// A style id from the catalogue (`minimal`) or, from the CLI, a path to a style JSON.
    public var style: String
    /// A palette id of the catalogue style; nil for the style's own colours.
    public var palette: String?
    /// Layer toggles by option name (`["buildings": false]`).
    public var toggles: [String: Bool]
    public var spec: PosterSpec
    /// When set, the map is framed to these bounds: they replace the spec's centre and zoom.
    public var bounds: GeoBounds?
    public var format: PosterFormat
    /// The language the map's labels show names in (`options.label_language`, `--label-language`); nil for
    /// the style's own choice.
    public var labelLanguage: LabelLanguage?
    /// Where the vector tiles are, when not the pipeline's own (the CLI's `--tiles`). Never part of a queued
    /// payload: a service reads the tiles it is configured with.
    public var tilesPath: String?

    public init(spec: PosterSpec, style: String = "minimal", palette: String? = nil, toggles: [String: Bool] = [:],
                tilesPath: String? = nil, format: PosterFormat = .png, bounds: GeoBounds? = nil) {
        self.spec = spec
        self.style = style
        self.palette = palette
        self.toggles = toggles
        self.bounds = bounds
        self.format = format
        self.tilesPath = tilesPath
    }

    enum CodingKeys: String, CodingKey { case style, palette, toggles, spec, bounds, format, labelLanguage = "label_language" }

    public var pixelCount: Int { spec.width * spec.height }
}
