import Canvas
import Geo
public import PosterRenderer

/// The poster's composition as a request gives it (text position and backdrop, border, mask, title type,
/// markers), queued with the order. Every field is optional so that orders without it encode as before.
public struct OrderLayout: Codable, Sendable, Equatable {
    /// A marker as requested.
    public struct Marker: Codable, Sendable, Equatable {
        public var lat: Double
        public var lng: Double
        public var shape: String?
        public var label: String?
        /// `#rrggbb`.
        public var color: String?
        /// Height in percent of the poster's shorter side.
        public var size: Double?
    }

    /// A route as requested: its lines as [lng, lat] pairs and how it is drawn.
    public struct Route: Codable, Sendable, Equatable {
        public var lines: [[[Double]]]
        /// `#rrggbb`.
        public var color: String?
        /// Line width in permille of the poster's shorter side.
        public var width: Double?
        public var distanceLabels: Bool?
    }

    public var routes: [Route]?
    public var textPosition: String?
    public var backdrop: String?
    public var border: String?
    public var mask: String?
    public var titleFont: String?
    public var titleWeight: String?
    public var titleSize: Double?
    public var titleLetterSpacing: Double?
    public var allCaps: Bool?
    public var markers: [Marker]?

    public init() {}

    public var isEmpty: Bool { self == OrderLayout() }

    /// The renderer's design for this layout and the order's margin (percent of the shorter side).
    public func design(margin: Double?) -> PosterDesign {
        PosterDesign(
            textPosition: textPosition.flatMap(PosterDesign.TextPosition.init(rawValue:)) ?? .bottom,
            backdrop: backdrop.flatMap(PosterDesign.Backdrop.init(rawValue:)) ?? .none,
            border: border.flatMap(PosterDesign.Border.init(rawValue:)) ?? .none,
            mask: mask == "circle" ? .circle : .rectangle,
            margin: margin.map { $0 / 100 },
            titleScale: titleSize ?? 1,
            titleWeight: titleWeight.flatMap(PosterDesign.TitleWeight.init(rawValue:)),
            titleFamily: titleFont,
            titleLetterSpacing: titleLetterSpacing,
            titleAllCaps: allCaps ?? true,
            markers: (markers ?? []).map { m in
                PosterDesign.Marker(position: LngLat(lng: m.lng, lat: m.lat),
                                    shape: m.shape.flatMap(PosterDesign.Marker.Shape.init(rawValue:)) ?? .pin,
                                    color: m.color.flatMap(RGBAColor.init(hexString:)), size: (m.size ?? 4) / 100, label: m.label ?? "")
            },
            routes: (routes ?? []).map { r in
                PosterDesign.Route(lines: r.lines.map { $0.map { LngLat(lng: $0[0], lat: $0[1]) } }, color: r.color.flatMap(RGBAColor.init(hexString:)),
                                   width: (r.width ?? 4) / 1000, distanceLabels: r.distanceLabels ?? false)
            })
    }
}
