import Canvas
import Foundation
import Geo
import JobQueue
import PosterPipeline
import PosterRenderer

/// A job payload as versions before the typed ``PosterRequest`` queued it (flat fields, strings for enums and
/// colours, the layout apart). Jobs queued before an upgrade still render after it: ``PosterOrder/decode(_:)``
/// falls back to this form and converts it once.
struct LegacyPosterOrder: Decodable {
    struct Layout: Decodable {
        struct Marker: Decodable {
            var lat: Double
            var lng: Double
            var shape: String?
            var label: String?
            var color: String?
            var size: Double?
        }
        struct Route: Decodable {
            var lines: [[[Double]]]
            var color: String?
            var width: Double?
            var distanceLabels: Bool?
        }
        var routes: [Route]?
        var textPosition: String?
        var backdrop: String?
        var border: String?
        var mask: String?
        var titleFont: String?
        var titleWeight: String?
        var titleSize: Double?
        var titleLetterSpacing: Double?
        var allCaps: Bool?
        var markers: [Marker]?
    }

    var lat: Double
    var lng: Double
    var style: String
    var palette: String?
    var title: String
    var subtitle: String
    var showTitle: Bool
    var showSubtitle: Bool
    var showCoordinates: Bool
    var textColor: String?
    var zoom: Double
    var bearing: Double
    var options: [String: Bool]
    var bounds: [Double]?
    var margin: Double?
    var format: String
    var width: Int
    var height: Int
    var pixelRatio: Double
    var dpi: Double
    var priority: String
    var webhookURL: String?
    var timeoutMilliseconds: Int
    var layout: Layout?
    var owner: String?

    /// The same order in today's form. The old parser had validated every value; a value that does not
    /// convert fails the decode rather than being replaced by a default.
    func converted() throws -> PosterOrder {
        func choice<T: RawRepresentable>(_ text: String?, _ fallback: T, _ field: String) throws -> T where T.RawValue == String {
            guard let text else { return fallback }
            guard let value = T(rawValue: text) else { throw LegacyPayloadError(field: field, value: text) }
            return value
        }
        func color(_ text: String?, _ field: String) throws -> RGBAColor? {
            guard let text else { return nil }
            guard let value = RGBAColor(hexString: text) else { throw LegacyPayloadError(field: field, value: text) }
            return value
        }
        let layout = self.layout ?? Layout()
        var design = PosterDesign(
            textPosition: try choice(layout.textPosition, .bottom, "layout.textPosition"),
            backdrop: try choice(layout.backdrop, .none, "layout.backdrop"),
            border: try choice(layout.border, .none, "layout.border"),
            mask: layout.mask == "circle" ? .circle : .rectangle,
            margin: margin.map { $0 / 100 },
            titleScale: layout.titleSize ?? 1,
            titleWeight: try layout.titleWeight.map { name in
                guard let weight = PosterDesign.TitleWeight(name: name) else { throw LegacyPayloadError(field: "layout.titleWeight", value: name) }
                return weight
            },
            titleFamily: layout.titleFont,
            titleLetterSpacing: layout.titleLetterSpacing,
            titleAllCaps: layout.allCaps ?? true,
            textColor: try color(textColor, "textColor"))
        design.markers = try (layout.markers ?? []).map { m in
            PosterDesign.Marker(position: LngLat(lng: m.lng, lat: m.lat), shape: try choice(m.shape, .pin, "layout.markers.shape"),
                                color: try color(m.color, "layout.markers.color"), size: (m.size ?? 4) / 100, label: m.label ?? "")
        }
        design.routes = try (layout.routes ?? []).map { r in
            PosterDesign.Route(lines: r.lines.map { $0.compactMap { $0.count >= 2 ? LngLat(lng: $0[0], lat: $0[1]) : nil } },
                               color: try color(r.color, "layout.routes.color"), width: (r.width ?? 4) / 1000,
                               distanceLabels: r.distanceLabels ?? false)
        }
        let spec = PosterSpec(center: LngLat(lng: lng, lat: lat), zoom: zoom, bearing: bearing, width: width, height: height,
                              pixelRatio: pixelRatio, dpi: dpi, title: title, subtitle: subtitle, showTitle: showTitle,
                              showSubtitle: showSubtitle, showCoordinates: showCoordinates, design: design)
        var poster = PosterRequest(spec: spec, style: style, palette: palette, toggles: options,
                                   format: try choice(format, PosterFormat.png, "format"))
        if let bounds, bounds.count == 4 {
            poster.bounds = GeoBounds(west: bounds[0], south: bounds[1], east: bounds[2], north: bounds[3])
        }
        return PosterOrder(poster: poster, priority: try choice(priority, JobPriority.normal, "priority"), webhookURL: webhookURL,
                           timeoutMilliseconds: timeoutMilliseconds, owner: owner)
    }
}

/// An old payload whose value is not one today's request knows.
struct LegacyPayloadError: Error, CustomStringConvertible {
    let field: String
    let value: String
    var description: String { "the queued order's \(field) \"\(value)\" is not a known value" }
}
