public import Canvas
public import Geo

/// The poster's composition around the map, as the web app offers it: where the text block sits and what
/// is behind it, the frame's border and shape, the title's type, and markers on the map. Sizes are
/// fractions of the poster's shorter side, so a preview and a print have the same composition.
public struct PosterDesign: Sendable, Hashable, Codable {
    /// Where the title block goes.
    public enum TextPosition: String, Sendable, Hashable, Codable, CaseIterable { case top, bottom, center }
    /// What lies behind the text block. With none the text has a band of paper of its own (top and
    /// bottom) or sits straight on the map (centre); otherwise the map fills the frame and the text lies
    /// over it on a veil of paper.
    public enum Backdrop: String, Sendable, Hashable, Codable, CaseIterable { case none, subtle, strong, gradient }
    public enum Border: String, Sendable, Hashable, Codable, CaseIterable { case none, thin, thick, double, inset }
    public enum Mask: String, Sendable, Hashable, Codable, CaseIterable { case rectangle, circle }

    /// A symbol pinned to a place on the map, with an optional label under it.
    public struct Marker: Sendable, Hashable, Codable {
        public enum Shape: String, Sendable, Hashable, Codable, CaseIterable { case pin, dot, ring, crosshair, heart, home }
        public var position: LngLat
        public var shape: Shape
        /// nil: the poster's text colour.
        public var color: RGBAColor?
        /// Height as a fraction of the shorter side.
        public var size: Double
        public var label: String

        public init(position: LngLat, shape: Shape = .pin, color: RGBAColor? = nil, size: Double = 0.04, label: String = "") {
            self.position = position
            self.shape = shape
            self.color = color
            self.size = size
            self.label = label
        }
    }

    /// A route drawn over the map (a GPX track, a GeoJSON line): casing, line, start and finish markers.
    public struct Route: Sendable, Hashable, Codable {
        /// The route's parts, each a line of points.
        public var lines: [[LngLat]]
        /// nil: a red-orange that reads on most palettes.
        public var color: RGBAColor?
        /// Line width as a fraction of the shorter side.
        public var width: Double
        /// A paper-coloured casing around the line, so it stands out from the streets under it.
        public var casing: Bool
        /// A dot at the start and a ring at the finish.
        public var endMarkers: Bool
        /// Labels every whole kilometre (or 2, 5, 10 km on long routes) along the way.
        public var distanceLabels: Bool

        public init(lines: [[LngLat]], color: RGBAColor? = nil, width: Double = 0.004, casing: Bool = true,
                    endMarkers: Bool = true, distanceLabels: Bool = false) {
            self.lines = lines
            self.color = color
            self.width = width
            self.casing = casing
            self.endMarkers = endMarkers
            self.distanceLabels = distanceLabels
        }
    }

    public var textPosition: TextPosition
    public var backdrop: Backdrop
    public var border: Border
    public var mask: Mask
    /// Margin around the map as a fraction of the shorter side; nil keeps the theme's.
    public var margin: Double?
    /// Title size as a multiple of the theme's.
    public var titleScale: Double
    /// nil keeps the theme's title face.
    public var titleWeight: TitleWeight?
    /// Title family from the bundled fonts (`Inter`, `Noto Serif`, `EB Garamond`, ...); nil keeps the theme's.
    public var titleFamily: String?
    /// Extra space between title letters as a fraction of the title size; nil keeps the theme's.
    public var titleLetterSpacing: Double?
    public var titleAllCaps: Bool
    /// The colour of the title block; nil keeps the palette's, or picks one that reads on the paper.
    public var textColor: RGBAColor?
    public var markers: [Marker]
    public var routes: [Route]

    public init(textPosition: TextPosition = .bottom, backdrop: Backdrop = .none, border: Border = .none, mask: Mask = .rectangle,
                margin: Double? = nil, titleScale: Double = 1, titleWeight: TitleWeight? = nil, titleFamily: String? = nil,
                titleLetterSpacing: Double? = nil, titleAllCaps: Bool = true, textColor: RGBAColor? = nil, markers: [Marker] = [],
                routes: [Route] = []) {
        self.textPosition = textPosition
        self.backdrop = backdrop
        self.border = border
        self.mask = mask
        self.margin = margin
        self.titleScale = titleScale
        self.titleWeight = titleWeight
        self.titleFamily = titleFamily
        self.titleLetterSpacing = titleLetterSpacing
        self.titleAllCaps = titleAllCaps
        self.textColor = textColor
        self.markers = markers
        self.routes = routes
    }

    /// The default: title block under the map on its own paper, no border, a rectangular frame.
    public static let standard = PosterDesign()
}
